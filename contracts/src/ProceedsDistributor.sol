// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IProceedsDistributor} from "./interfaces/IProceedsDistributor.sol";
import {SafeSend} from "./libraries/SafeSend.sol";

/// @title ProceedsDistributor
/// @notice Splits an artwork's auction proceeds between the program's treasury and a pool for the campaign's
/// participants, who claim their pro-rata share to a wallet they choose; the unclaimed rest goes to the
/// treasury after a deadline.
/// @dev Claim design. The pool's Merkle root is the public dataset's: leaves are OpenZeppelin
/// StandardMerkleTree leaves `keccak256(bytes.concat(keccak256(abi.encode(bytes32 commitment, uint256 weight))))`,
/// where the commitment is a salted, pseudonymous participant id. The proof fixes how much a commitment
/// gets; it cannot say who may receive it, because a proof is public and any copy of a pending claim could
/// redirect the money. So each claim also carries the program signer's EIP-712 signature of
/// `ShareClaim(tokenId, commitment, recipient)`: the signer (who knows which person holds which commitment)
/// binds the commitment to the wallet its participant chose, and a front-runner who copies the transaction
/// can only pay that same wallet. The signer alone cannot inflate a share: the amount comes from the root.
/// Payments push {SafeSend.PAYMENT_GAS} gas and fall back to a withdrawable balance, so no wei is stuck.
contract ProceedsDistributor is IProceedsDistributor, Ownable, ReentrancyGuard, EIP712 {
    /// @notice The EIP-712 type of a share-claim authorisation.
    bytes32 public constant SHARE_CLAIM_TYPEHASH =
        keccak256("ShareClaim(uint256 tokenId,bytes32 commitment,address recipient)");
    /// @notice Basis points in one whole.
    uint16 public constant BPS = 10_000;
    /// @notice Shortest claim window.
    uint32 public constant MIN_CLAIM_PERIOD = 1 days;
    /// @notice Longest claim window (two years).
    uint32 public constant MAX_CLAIM_PERIOD = 730 days;

    /// @notice Where the program's part and swept pools go.
    address payable public treasury;
    /// @notice The key that authorises share claims.
    address public signer;
    /// @inheritdoc IProceedsDistributor
    address public auctionHouse;

    mapping(uint256 tokenId => Pool pool) private _pools;
    mapping(uint256 tokenId => mapping(bytes32 commitment => bool claimed)) private _claimed;
    mapping(address account => uint256 amount) private _owed;

    /// @param initialOwner the organiser account that configures pools
    /// @param treasury_ the program's treasury
    /// @param initialSigner the key that authorises share claims
    constructor(address initialOwner, address payable treasury_, address initialSigner)
        Ownable(initialOwner)
        EIP712("ProceedsDistributor", "1")
    {
        _setTreasury(treasury_);
        _setSigner(initialSigner);
    }

    /// @inheritdoc IProceedsDistributor
    function configurePool(
        uint256 tokenId,
        uint16 participantsBps,
        bytes32 merkleRoot,
        uint256 totalWeight,
        uint32 claimPeriod
    ) external onlyOwner {
        Pool storage p = _pools[tokenId];
        if (p.claimDeadline != 0) revert PoolAlreadyFunded(tokenId);
        if (participantsBps > BPS) revert InvalidShareBps(participantsBps);
        if (participantsBps != 0) {
            if (merkleRoot == bytes32(0) || totalWeight == 0) revert InvalidPoolTree();
            if (claimPeriod < MIN_CLAIM_PERIOD || claimPeriod > MAX_CLAIM_PERIOD) {
                revert InvalidClaimPeriod(claimPeriod, MIN_CLAIM_PERIOD, MAX_CLAIM_PERIOD);
            }
        }
        p.participantsBps = participantsBps;
        p.merkleRoot = merkleRoot;
        p.totalWeight = totalWeight;
        p.claimPeriod = claimPeriod;
        emit PoolConfigured(tokenId, participantsBps, merkleRoot, totalWeight, claimPeriod);
    }

    /// @inheritdoc IProceedsDistributor
    function deposit(uint256 tokenId) external payable nonReentrant {
        if (msg.sender != auctionHouse) revert NotAuctionHouse(msg.sender);
        Pool storage p = _pools[tokenId];
        uint256 toPool;
        if (p.claimDeadline == 0) {
            if (p.participantsBps != 0) {
                uint256 unitWei = msg.value * p.participantsBps / BPS / p.totalWeight;
                toPool = unitWei * p.totalWeight;
                p.unitWei = unitWei;
                p.funded = toPool;
            }
            p.claimDeadline = uint64(block.timestamp + p.claimPeriod);
        }
        uint256 toTreasury = msg.value - toPool;
        emit ProceedsDeposited(tokenId, msg.value, toTreasury, toPool, p.claimDeadline);
        if (toTreasury != 0) _pay(treasury, toTreasury);
    }

    /// @inheritdoc IProceedsDistributor
    function claimShare(
        uint256 tokenId,
        bytes32 commitment,
        uint256 weight,
        bytes32[] calldata proof,
        address recipient,
        bytes calldata signature
    ) external nonReentrant {
        Pool storage p = _pools[tokenId];
        if (p.funded == 0) revert PoolNotFunded(tokenId);
        if (block.timestamp > p.claimDeadline || p.swept) revert ClaimWindowClosed(tokenId, p.claimDeadline);
        if (_claimed[tokenId][commitment]) revert ShareAlreadyClaimed(tokenId, commitment);
        if (recipient == address(0)) revert ZeroAddress();
        _requireSigned(claimDigest(tokenId, commitment, recipient), signature);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(commitment, weight))));
        if (!MerkleProof.verifyCalldata(proof, p.merkleRoot, leaf)) revert InvalidProof();
        uint256 amount = p.unitWei * weight;
        uint256 remaining = p.funded - p.claimed;
        if (amount > remaining) revert PoolExhausted(tokenId, amount, remaining);

        _claimed[tokenId][commitment] = true;
        p.claimed += amount;
        emit ShareClaimed(tokenId, commitment, recipient, amount);
        _pay(recipient, amount);
    }

    /// @inheritdoc IProceedsDistributor
    function sweep(uint256 tokenId) external nonReentrant {
        Pool storage p = _pools[tokenId];
        if (p.funded == 0) revert PoolNotFunded(tokenId);
        if (p.swept) revert PoolAlreadySwept(tokenId);
        if (block.timestamp <= p.claimDeadline) revert ClaimWindowOpen(tokenId, p.claimDeadline);
        p.swept = true;
        uint256 rest = p.funded - p.claimed;
        emit PoolSwept(tokenId, rest);
        if (rest != 0) _pay(treasury, rest);
    }

    /// @inheritdoc IProceedsDistributor
    function withdraw(address payable to) external nonReentrant {
        uint256 amount = _owed[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        _owed[msg.sender] = 0;
        emit Withdrawal(msg.sender, to, amount);
        if (!SafeSend.trySend(to, amount, gasleft())) revert WithdrawFailed(to, amount);
    }

    /// @inheritdoc IProceedsDistributor
    function setTreasury(address payable treasury_) external onlyOwner {
        _setTreasury(treasury_);
    }

    /// @inheritdoc IProceedsDistributor
    function setSigner(address newSigner) external onlyOwner {
        _setSigner(newSigner);
    }

    /// @inheritdoc IProceedsDistributor
    function setAuctionHouse(address auctionHouse_) external onlyOwner {
        if (auctionHouse != address(0)) revert AuctionHouseAlreadySet(auctionHouse);
        if (auctionHouse_ == address(0)) revert ZeroAddress();
        auctionHouse = auctionHouse_;
        emit AuctionHouseSet(auctionHouse_);
    }

    /// @inheritdoc IProceedsDistributor
    function pool(uint256 tokenId) external view returns (Pool memory) {
        return _pools[tokenId];
    }

    /// @inheritdoc IProceedsDistributor
    function shareOf(uint256 tokenId, uint256 weight) external view returns (uint256) {
        return _pools[tokenId].unitWei * weight;
    }

    /// @inheritdoc IProceedsDistributor
    function isClaimed(uint256 tokenId, bytes32 commitment) external view returns (bool) {
        return _claimed[tokenId][commitment];
    }

    /// @inheritdoc IProceedsDistributor
    function owed(address account) external view returns (uint256) {
        return _owed[account];
    }

    /// @inheritdoc IProceedsDistributor
    function claimDigest(uint256 tokenId, bytes32 commitment, address recipient) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(SHARE_CLAIM_TYPEHASH, tokenId, commitment, recipient)));
    }

    function _requireSigned(bytes32 digest, bytes calldata signature) private view {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecover(digest, signature);
        if (err != ECDSA.RecoverError.NoError || recovered != signer) revert InvalidClaimSigner(recovered);
    }

    function _pay(address to, uint256 amount) private {
        if (SafeSend.trySendCapped(to, amount)) {
            emit Paid(to, amount);
        } else {
            _owed[to] += amount;
            emit PaymentDeferred(to, amount);
        }
    }

    function _setTreasury(address payable treasury_) private {
        if (treasury_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        emit TreasuryUpdated(treasury_);
    }

    function _setSigner(address newSigner) private {
        if (newSigner == address(0)) revert ZeroAddress();
        emit SignerUpdated(signer, newSigner);
        signer = newSigner;
    }
}
