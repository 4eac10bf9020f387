// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IAuctionHouse
/// @notice Structs, events, errors and functions of the English auction of one artwork at a time.
interface IAuctionHouse {
    /// @notice The current (or last) auction. Packed into four slots.
    struct Auction {
        uint256 tokenId; // the CollectiveArt token on sale
        uint128 amount; // the highest bid in wei, 0 before the first bid
        uint128 reservePrice; // the lowest acceptable first bid in wei
        address bidder; // the highest bidder, 0 before the first bid
        uint40 startTime; // when the auction opened; 0 means no auction was ever created
        uint40 endTime; // when bidding closes; moves later when a bid lands inside the time buffer
        uint40 maxEndTime; // the latest endTime any extension can reach
        bool settled; // whether the token and the proceeds have been handed out
    }

    /// @notice Rules the owner may change only while no auction is live.
    struct Settings {
        uint8 minBidIncrementPercentage; // a new bid must beat the last one by this percentage
        uint32 timeBuffer; // seconds: a bid closer than this to the end moves the end to now + timeBuffer
        uint32 maxExtension; // seconds: extensions never push the end past start + duration + maxExtension
    }

    /// @notice An auction opened for `tokenId`.
    event AuctionCreated(uint256 indexed tokenId, uint256 startTime, uint256 endTime, uint256 reservePrice);

    /// @notice A bid became the highest; `extended` says whether it moved the end.
    event AuctionBid(uint256 indexed tokenId, address indexed bidder, uint256 amount, bool extended);

    /// @notice A bid inside the time buffer moved the end to `endTime`.
    event AuctionExtended(uint256 indexed tokenId, uint256 endTime);

    /// @notice The auction was settled: `winner` got the token (0: no bids, the token went back to the program).
    event AuctionSettled(uint256 indexed tokenId, address indexed winner, uint256 amount);

    /// @notice The outbid `bidder` was refunded `amount` wei directly.
    event BidRefunded(address indexed bidder, uint256 amount);

    /// @notice The refund to `bidder` failed and became a withdrawable balance.
    event RefundDeferred(address indexed bidder, uint256 amount);

    /// @notice `account` withdrew its deferred refunds to `to`.
    event Withdrawal(address indexed account, address indexed to, uint256 amount);

    /// @notice The minimum bid increment changed.
    event MinBidIncrementPercentageUpdated(uint8 minBidIncrementPercentage);

    /// @notice The time buffer changed.
    event TimeBufferUpdated(uint32 timeBuffer);

    /// @notice The extension cap changed.
    event MaxExtensionUpdated(uint32 maxExtension);

    /// @notice No auction has been created yet.
    error NoAuction();

    /// @notice The bid names a token other than the one on sale.
    error NotCurrentAuction(uint256 tokenId, uint256 currentTokenId);

    /// @notice The auction's end has passed; bids are closed.
    error AuctionExpired(uint256 endTime);

    /// @notice The auction has not reached its end yet.
    error AuctionNotEnded(uint256 endTime);

    /// @notice The auction was already settled.
    error AuctionAlreadySettled(uint256 tokenId);

    /// @notice An auction is open or waiting to be settled; settings are fixed and no new auction may start.
    error AuctionLive(uint256 tokenId);

    /// @notice The first bid is below the reserve price.
    error BidBelowReserve(uint256 amount, uint256 reservePrice);

    /// @notice The bid does not beat the highest bid by the minimum increment.
    error BidIncrementTooLow(uint256 amount, uint256 minimumBid);

    /// @notice The reserve price must be at least 1 wei and fit in 128 bits.
    error InvalidReservePrice(uint256 reservePrice);

    /// @notice The duration is outside the allowed range.
    error InvalidDuration(uint256 duration, uint256 minDuration, uint256 maxDuration);

    /// @notice The minimum increment must be 1 to 100 percent.
    error InvalidMinBidIncrement(uint8 minBidIncrementPercentage);

    /// @notice The time buffer is longer than allowed.
    error InvalidTimeBuffer(uint32 timeBuffer, uint32 maxTimeBuffer);

    /// @notice The extension cap is shorter than the time buffer or longer than allowed.
    error InvalidMaxExtension(uint32 maxExtension, uint32 minAllowed, uint32 maxAllowed);

    /// @notice The proceeds distributor does not accept deposits from this auction house.
    error ProceedsNotAuthorised(address distributor);

    /// @notice The caller has no deferred refunds.
    error NothingToWithdraw(address account);

    /// @notice Sending the withdrawal to `to` failed; the balance is kept.
    error WithdrawFailed(address to, uint256 amount);

    /// @notice Opens the auction of `tokenId`, pulling the token from the caller (who must have approved it).
    /// @dev Requirements: caller is the owner; no auction is live; `reservePrice` >= 1 wei;
    /// `duration` within [MIN_DURATION, MAX_DURATION]. Emits {AuctionCreated}.
    /// Moving the token here freezes its metadata in CollectiveArt.
    function createAuction(uint256 tokenId, uint256 reservePrice, uint256 duration) external;

    /// @notice Bids `msg.value` on `tokenId`; refunds the previous highest bidder.
    /// @dev Requirements: `tokenId` is on sale and the end has not passed; the first bid is at least the
    /// reserve; a later bid beats the highest by at least {Settings.minBidIncrementPercentage} percent
    /// (rounded up, so always by at least 1 wei). Emits {AuctionBid}, maybe {AuctionExtended}, and
    /// {BidRefunded} or {RefundDeferred}.
    /// WARNING: the refund forwards 30,000 gas; a bidder whose wallet needs more gets a withdrawable balance.
    function createBid(uint256 tokenId) external payable;

    /// @notice Ends the auction after its end time; anyone may call it.
    /// @dev With a winner the token goes to the winner and the proceeds to the distributor; without bids the
    /// token goes back to the owner (the program). Requirements: an unsettled auction whose end has passed.
    /// Emits {AuctionSettled}.
    function settleAuction() external;

    /// @notice Sends the caller's deferred refunds to `to` with all remaining gas.
    /// @dev A bidder that cannot receive ether names another address. Emits {Withdrawal}.
    function withdraw(address payable to) external;

    /// @notice Sets the minimum bid increment. Requirements: owner; no auction live; 1 to 100.
    function setMinBidIncrementPercentage(uint8 minBidIncrementPercentage) external;

    /// @notice Sets the time buffer. Requirements: owner; no auction live; at most MAX_TIME_BUFFER and the cap.
    function setTimeBuffer(uint32 timeBuffer) external;

    /// @notice Sets the extension cap. Requirements: owner; no auction live; at least the buffer, at most MAX_EXTENSION.
    function setMaxExtension(uint32 maxExtension) external;

    /// @notice The current (or last) auction.
    function auction() external view returns (Auction memory);

    /// @notice The current rules.
    function settings() external view returns (Settings memory);

    /// @notice The smallest bid the current auction accepts now.
    function minimumBid() external view returns (uint256);

    /// @notice Deferred refunds `account` can withdraw.
    function pendingReturns(address account) external view returns (uint256);
}
