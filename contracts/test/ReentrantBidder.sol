// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAuctionHouse} from "../src/interfaces/IAuctionHouse.sol";

/// @title ReentrantBidder (test only)
/// @notice A bidder whose `receive` calls back into the auction house (bid, settle or withdraw) and
/// bubbles up whatever that call reverts with, so a guarded house sees its payment to it fail.
contract ReentrantBidder {
    /// @notice What `receive` re-enters.
    enum Target {
        Bid,
        Settle,
        Withdraw
    }

    IAuctionHouse public immutable house;
    Target public immutable target;
    uint256 public tokenId;

    constructor(IAuctionHouse house_, Target target_) {
        house = house_;
        target = target_;
    }

    /// @notice Bids `msg.value` on `tokenId_` from this contract.
    function bid(uint256 tokenId_) external payable {
        tokenId = tokenId_;
        house.createBid{value: msg.value}(tokenId_);
    }

    /// @notice Withdraws this contract's deferred refunds to `to`.
    function withdrawTo(address payable to) external {
        house.withdraw(to);
    }

    receive() external payable {
        bytes memory data;
        if (target == Target.Bid) {
            data = abi.encodeCall(IAuctionHouse.createBid, (tokenId));
        } else if (target == Target.Settle) {
            data = abi.encodeCall(IAuctionHouse.settleAuction, ());
        } else {
            data = abi.encodeCall(IAuctionHouse.withdraw, (payable(address(this))));
        }
        (bool ok, bytes memory reason) = address(house).call{value: target == Target.Bid ? msg.value : 0}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(reason, 0x20), mload(reason))
            }
        }
    }
}
