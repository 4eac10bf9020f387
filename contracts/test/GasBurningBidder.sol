// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAuctionHouse} from "../src/interfaces/IAuctionHouse.sol";

/// @title GasBurningBidder (test only)
/// @notice A bidder whose `receive` burns every unit of gas it is given, to grief whoever pays it.
contract GasBurningBidder {
    IAuctionHouse public immutable house;
    uint256 public sink;

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
        while (true) {
            unchecked {
                sink += 1;
            }
        }
    }
}
