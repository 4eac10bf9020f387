// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IAuctionHouse} from "./interfaces/IAuctionHouse.sol";
import {IProceedsDistributor} from "./interfaces/IProceedsDistributor.sol";
import {SafeSend} from "./libraries/SafeSend.sol";

/// @title AuctionHouse
/// @notice English auction of one CollectiveArt token at a time, after the Nouns auction house: a reserve
/// price, a minimum increment, a time buffer that extends the end (with a cap), settlement by anyone after
/// the end, proceeds to the program's distributor.
/// @dev No bidder can block another bid or the settlement: the outbid bidder is refunded last, with
/// {SafeSend.PAYMENT_GAS} gas and no return data copied, and a failed refund becomes a withdrawable balance
/// (Foundation's fallback; Nouns wraps it as WETH instead). The winner gets the token by `transferFrom`, so a
/// winning contract without `onERC721Received` cannot block settlement. Settings are fixed while an auction
/// is live (a Nouns Builder audit finding). Invariant: the balance is the highest unsettled bid plus all
/// deferred refunds; the contract has no `receive`, so nothing else can arrive except by self-destruct.
contract AuctionHouse is IAuctionHouse, Ownable, ReentrancyGuard {
    /// @notice Shortest auction.
    uint256 public constant MIN_DURATION = 15 minutes;
    /// @notice Longest auction.
    uint256 public constant MAX_DURATION = 30 days;
    /// @notice Longest time buffer.
    uint32 public constant MAX_TIME_BUFFER = 1 days;
    /// @notice Longest total extension past the scheduled end.
    uint32 public constant MAX_EXTENSION = 7 days;

    /// @notice The artwork contract whose tokens are sold.
    IERC721 public immutable art;
    /// @notice Where settlement sends the proceeds.
    IProceedsDistributor public immutable proceeds;

    Settings private _settings;
    Auction private _auction;
    mapping(address account => uint256 amount) private _pendingReturns;

    /// @param initialOwner the organiser account that opens auctions and changes settings
    /// @param art_ the CollectiveArt contract
    /// @param proceeds_ the ProceedsDistributor that must name this contract as its auction house
    /// @param settings_ the first rules (Nouns: 2 %, 5 min; Zora and Foundation: 10 %, 15 min)
    constructor(address initialOwner, IERC721 art_, IProceedsDistributor proceeds_, Settings memory settings_)
        Ownable(initialOwner)
    {
        art = art_;
        proceeds = proceeds_;
        _setMinBidIncrementPercentage(settings_.minBidIncrementPercentage);
        _setMaxExtension(settings_.maxExtension, settings_.timeBuffer);
        _setTimeBuffer(settings_.timeBuffer);
    }

    /// @inheritdoc IAuctionHouse
    function createAuction(uint256 tokenId, uint256 reservePrice, uint256 duration)
        external
        onlyOwner
        nonReentrant
    {
        _requireNotLive();
        if (reservePrice == 0 || reservePrice > type(uint128).max) revert InvalidReservePrice(reservePrice);
        if (duration < MIN_DURATION || duration > MAX_DURATION) {
            revert InvalidDuration(duration, MIN_DURATION, MAX_DURATION);
        }
        if (proceeds.auctionHouse() != address(this)) revert ProceedsNotAuthorised(address(proceeds));

        uint256 endTime = block.timestamp + duration;
        _auction = Auction({
            tokenId: tokenId,
            amount: 0,
            reservePrice: uint128(reservePrice),
            bidder: address(0),
            startTime: uint40(block.timestamp),
            endTime: uint40(endTime),
            maxEndTime: uint40(endTime + _settings.maxExtension),
            settled: false
        });
        emit AuctionCreated(tokenId, block.timestamp, endTime, reservePrice);
        art.transferFrom(msg.sender, address(this), tokenId);
    }

    /// @inheritdoc IAuctionHouse
    function createBid(uint256 tokenId) external payable nonReentrant {
        Auction memory a = _auction;
        if (a.startTime == 0) revert NoAuction();
        if (a.tokenId != tokenId) revert NotCurrentAuction(tokenId, a.tokenId);
        if (a.settled) revert AuctionAlreadySettled(tokenId);
        if (block.timestamp >= a.endTime) revert AuctionExpired(a.endTime);
        if (a.bidder == address(0)) {
            if (msg.value < a.reservePrice) revert BidBelowReserve(msg.value, a.reservePrice);
        } else {
            uint256 minimum = _minimumRaise(a.amount);
            if (msg.value < minimum) revert BidIncrementTooLow(msg.value, minimum);
        }

        // Effects: a bid of 2^128 wei or more cannot exist (the supply is far below), so the cast is exact.
        _auction.amount = uint128(msg.value);
        _auction.bidder = msg.sender;
        bool extended;
        if (a.endTime - block.timestamp < _settings.timeBuffer) {
            uint256 newEnd = block.timestamp + _settings.timeBuffer;
            if (newEnd > a.maxEndTime) newEnd = a.maxEndTime;
            if (newEnd > a.endTime) {
                extended = true;
                _auction.endTime = uint40(newEnd);
            }
        }
        emit AuctionBid(tokenId, msg.sender, msg.value, extended);
        if (extended) emit AuctionExtended(tokenId, _auction.endTime);

        // Interaction last: refund the previous bidder.
        if (a.bidder != address(0)) _refund(a.bidder, a.amount);
    }

    /// @inheritdoc IAuctionHouse
    function settleAuction() external nonReentrant {
        Auction memory a = _auction;
        if (a.startTime == 0) revert NoAuction();
        if (a.settled) revert AuctionAlreadySettled(a.tokenId);
        if (block.timestamp < a.endTime) revert AuctionNotEnded(a.endTime);

        _auction.settled = true;
        emit AuctionSettled(a.tokenId, a.bidder, a.amount);
        if (a.bidder == address(0)) {
            art.transferFrom(address(this), owner(), a.tokenId);
        } else {
            art.transferFrom(address(this), a.bidder, a.tokenId);
            proceeds.deposit{value: a.amount}(a.tokenId);
        }
    }

    /// @inheritdoc IAuctionHouse
    function withdraw(address payable to) external nonReentrant {
        uint256 amount = _pendingReturns[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        _pendingReturns[msg.sender] = 0;
        emit Withdrawal(msg.sender, to, amount);
        if (!SafeSend.trySend(to, amount, gasleft())) revert WithdrawFailed(to, amount);
    }

    /// @inheritdoc IAuctionHouse
    function setMinBidIncrementPercentage(uint8 minBidIncrementPercentage) external onlyOwner {
        _requireNotLive();
        _setMinBidIncrementPercentage(minBidIncrementPercentage);
    }

    /// @inheritdoc IAuctionHouse
    function setTimeBuffer(uint32 timeBuffer) external onlyOwner {
        _requireNotLive();
        _setTimeBuffer(timeBuffer);
    }

    /// @inheritdoc IAuctionHouse
    function setMaxExtension(uint32 maxExtension) external onlyOwner {
        _requireNotLive();
        _setMaxExtension(maxExtension, _settings.timeBuffer);
    }

    /// @inheritdoc IAuctionHouse
    function auction() external view returns (Auction memory) {
        return _auction;
    }

    /// @inheritdoc IAuctionHouse
    function settings() external view returns (Settings memory) {
        return _settings;
    }

    /// @inheritdoc IAuctionHouse
    function minimumBid() external view returns (uint256) {
        Auction memory a = _auction;
        if (a.startTime == 0) revert NoAuction();
        return a.bidder == address(0) ? a.reservePrice : _minimumRaise(a.amount);
    }

    /// @inheritdoc IAuctionHouse
    function pendingReturns(address account) external view returns (uint256) {
        return _pendingReturns[account];
    }

    /// @dev The highest bid plus the increment, rounded up so a raise is always at least 1 wei.
    function _minimumRaise(uint256 amount) private view returns (uint256) {
        return amount + (amount * _settings.minBidIncrementPercentage + 99) / 100;
    }

    function _refund(address bidder, uint256 amount) private {
        if (SafeSend.trySendCapped(bidder, amount)) {
            emit BidRefunded(bidder, amount);
        } else {
            _pendingReturns[bidder] += amount;
            emit RefundDeferred(bidder, amount);
        }
    }

    function _requireNotLive() private view {
        if (_auction.startTime != 0 && !_auction.settled) revert AuctionLive(_auction.tokenId);
    }

    function _setMinBidIncrementPercentage(uint8 minBidIncrementPercentage) private {
        if (minBidIncrementPercentage == 0 || minBidIncrementPercentage > 100) {
            revert InvalidMinBidIncrement(minBidIncrementPercentage);
        }
        _settings.minBidIncrementPercentage = minBidIncrementPercentage;
        emit MinBidIncrementPercentageUpdated(minBidIncrementPercentage);
    }

    function _setTimeBuffer(uint32 timeBuffer) private {
        uint32 cap = _settings.maxExtension < MAX_TIME_BUFFER ? _settings.maxExtension : MAX_TIME_BUFFER;
        if (timeBuffer > cap) revert InvalidTimeBuffer(timeBuffer, cap);
        _settings.timeBuffer = timeBuffer;
        emit TimeBufferUpdated(timeBuffer);
    }

    function _setMaxExtension(uint32 maxExtension, uint32 timeBuffer) private {
        if (maxExtension < timeBuffer || maxExtension > MAX_EXTENSION) {
            revert InvalidMaxExtension(maxExtension, timeBuffer, MAX_EXTENSION);
        }
        _settings.maxExtension = maxExtension;
        emit MaxExtensionUpdated(maxExtension);
    }
}
