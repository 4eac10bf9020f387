// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAuctionHouse} from "../src/interfaces/IAuctionHouse.sol";

/// @title RevertingBidder (test only)
/// @notice A bidder whose `receive` always reverts, so every refund to it fails.
contract RevertingBidder {
    error RefusesEther();

    IAuctionHouse public immutable house;

    constructor(IAuctionHouse house_) {
        house = house_;
    }

    /// @notice Bids `msg.value` on `tokenId` from this contract.
    function bid(uint256 tokenId) external payable {
        house.createBid{value: msg.value}(tokenId);
    }

    /// @notice Withdraws this contract's deferred refunds to `to`.
    function withdrawTo(address payable to) external {
        house.withdraw(to);
    }

    receive() external payable {
        revert RefusesEther();
    }
}
