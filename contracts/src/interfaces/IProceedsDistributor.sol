// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IProceedsDistributor
/// @notice Structs, events, errors and functions of the split of auction proceeds between the program's
/// treasury and its participants.
interface IProceedsDistributor {
    /// @notice One campaign's participants' pool, keyed by the campaign's artwork token.
    struct Pool {
        bytes32 merkleRoot; // root of StandardMerkleTree leaves (bytes32 commitment, uint256 weight)
        uint256 totalWeight; // the sum of all leaf weights
        uint256 unitWei; // wei per unit of weight, fixed when the pool is funded
        uint256 funded; // wei put in the pool: unitWei * totalWeight
        uint256 claimed; // wei paid out of the pool so far
        uint64 claimDeadline; // claims close after this; 0 until funded
        uint32 claimPeriod; // seconds from funding to claimDeadline
        uint16 participantsBps; // share of the proceeds for participants, in basis points
        bool swept; // whether the unclaimed rest went to the treasury
    }

    /// @notice The owner set the campaign's split and claim tree.
    event PoolConfigured(
        uint256 indexed tokenId, uint16 participantsBps, bytes32 merkleRoot, uint256 totalWeight, uint32 claimPeriod
    );

    /// @notice Proceeds for `tokenId` arrived and were split.
    event ProceedsDeposited(uint256 indexed tokenId, uint256 amount, uint256 toTreasury, uint256 toPool, uint256 claimDeadline);

    /// @notice A participant claimed their share to the wallet they chose.
    event ShareClaimed(uint256 indexed tokenId, bytes32 indexed commitment, address indexed recipient, uint256 amount);

    /// @notice The unclaimed rest of the pool went to the treasury after the deadline.
    event PoolSwept(uint256 indexed tokenId, uint256 amount);

    /// @notice `amount` wei was paid to `to`.
    event Paid(address indexed to, uint256 amount);

    /// @notice A payment to `account` failed and became a withdrawable balance.
    event PaymentDeferred(address indexed account, uint256 amount);

    /// @notice `account` withdrew its deferred balance to `to`.
    event Withdrawal(address indexed account, address indexed to, uint256 amount);

    /// @notice The treasury changed.
    event TreasuryUpdated(address indexed treasury);

    /// @notice The share-claim signer changed.
    event SignerUpdated(address indexed previousSigner, address indexed newSigner);

    /// @notice The auction house allowed to deposit was set (once).
    event AuctionHouseSet(address indexed auctionHouse);

    /// @notice Only the auction house may deposit proceeds.
    error NotAuctionHouse(address caller);

    /// @notice The auction house can be set only once.
    error AuctionHouseAlreadySet(address auctionHouse);

    /// @notice The pool already received proceeds; its configuration is final.
    error PoolAlreadyFunded(uint256 tokenId);

    /// @notice The participants' share is above 100 percent.
    error InvalidShareBps(uint16 participantsBps);

    /// @notice A pool with a share needs a Merkle root and a positive total weight.
    error InvalidPoolTree();

    /// @notice The claim period is outside the allowed range.
    error InvalidClaimPeriod(uint32 claimPeriod, uint32 minPeriod, uint32 maxPeriod);

    /// @notice The pool holds no funds (not funded yet, or its share rounded to nothing).
    error PoolNotFunded(uint256 tokenId);

    /// @notice Claims closed at `claimDeadline`.
    error ClaimWindowClosed(uint256 tokenId, uint256 claimDeadline);

    /// @notice The pool cannot be swept before `claimDeadline`.
    error ClaimWindowOpen(uint256 tokenId, uint256 claimDeadline);

    /// @notice The share of this commitment was already claimed.
    error ShareAlreadyClaimed(uint256 tokenId, bytes32 commitment);

    /// @notice The Merkle proof does not prove (commitment, weight) against the pool's root.
    error InvalidProof();

    /// @notice The claim was not authorised by the program's signer (`recovered` is who did sign, or 0).
    error InvalidClaimSigner(address recovered);

    /// @notice The pool has less left than this claim (its total weight was understated).
    error PoolExhausted(uint256 tokenId, uint256 requested, uint256 remaining);

    /// @notice The pool was already swept.
    error PoolAlreadySwept(uint256 tokenId);

    /// @notice The account has no deferred balance.
    error NothingToWithdraw(address account);

    /// @notice Sending the deferred balance to `to` failed; it is kept.
    error WithdrawFailed(address to, uint256 amount);

    /// @notice The zero address is not allowed here.
    error ZeroAddress();

    /// @notice Sets the campaign's participants' share and claim tree.
    /// @dev Requirements: owner; the pool is not funded yet; bps <= 10,000; with a share, a non-zero root,
    /// a positive total weight and a claim period within [MIN_CLAIM_PERIOD, MAX_CLAIM_PERIOD].
    /// Emits {PoolConfigured}.
    /// WARNING: `totalWeight` must equal the sum of the tree's weights; an overstated total leaves the
    /// excess to the sweep, an understated one lets the last claims fail with {PoolExhausted}.
    function configurePool(
        uint256 tokenId,
        uint16 participantsBps,
        bytes32 merkleRoot,
        uint256 totalWeight,
        uint32 claimPeriod
    ) external;

    /// @notice Receives the proceeds of `tokenId` from the auction house and splits them.
    /// @dev The pool gets `floor(amount * bps / 10_000 / totalWeight) * totalWeight` so every share is an exact
    /// multiple of one unit and the shares sum exactly to the pool; the rounding goes to the treasury.
    /// A second deposit for the same token goes wholly to the treasury. Never reverts for the auction house,
    /// so settlement cannot be blocked. Emits {ProceedsDeposited} and {Paid} or {PaymentDeferred}.
    function deposit(uint256 tokenId) external payable;

    /// @notice Pays the share of `commitment` (weight `weight` in the tree) to `recipient`.
    /// @dev Anyone may submit it; the program's signer binds commitment to recipient with an EIP-712
    /// `ShareClaim(uint256 tokenId,bytes32 commitment,address recipient)` signature, so a copied pending
    /// claim can only pay the same recipient; the proof ties the amount to the public dataset's root.
    /// Requirements: funded, before the deadline, not claimed, a valid proof and signature.
    /// Emits {ShareClaimed} and {Paid} or {PaymentDeferred}.
    function claimShare(
        uint256 tokenId,
        bytes32 commitment,
        uint256 weight,
        bytes32[] calldata proof,
        address recipient,
        bytes calldata signature
    ) external;

    /// @notice Sends the unclaimed rest of the pool to the treasury; anyone may call it after the deadline.
    /// @dev Emits {PoolSwept} and {Paid} or {PaymentDeferred}.
    function sweep(uint256 tokenId) external;

    /// @notice Sends the caller's deferred balance to `to` with all remaining gas.
    /// @dev A recipient that cannot receive ether names another address. Emits {Withdrawal}.
    function withdraw(address payable to) external;

    /// @notice Sets the treasury. Requirements: owner; not zero. Emits {TreasuryUpdated}.
    function setTreasury(address payable treasury) external;

    /// @notice Sets the share-claim signer. Requirements: owner; not zero. Emits {SignerUpdated}.
    function setSigner(address newSigner) external;

    /// @notice Sets the one auction house allowed to deposit. Requirements: owner; not set before.
    function setAuctionHouse(address auctionHouse) external;

    /// @notice The auction house allowed to deposit, or 0.
    function auctionHouse() external view returns (address);

    /// @notice The campaign pool of `tokenId`.
    function pool(uint256 tokenId) external view returns (Pool memory);

    /// @notice The wei a leaf of weight `weight` receives (0 until the pool is funded).
    function shareOf(uint256 tokenId, uint256 weight) external view returns (uint256);

    /// @notice Whether the share of `commitment` was claimed.
    function isClaimed(uint256 tokenId, bytes32 commitment) external view returns (bool);

    /// @notice Deferred balance of `account`.
    function owed(address account) external view returns (uint256);

    /// @notice The EIP-712 digest the signer signs to let `commitment` claim to `recipient`.
    function claimDigest(uint256 tokenId, bytes32 commitment, address recipient) external view returns (bytes32);
}
