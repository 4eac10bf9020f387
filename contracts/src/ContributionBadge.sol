// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IContributionBadge} from "./interfaces/IContributionBadge.sol";
import {IERC5192} from "./interfaces/IERC5192.sol";

/// @title ContributionBadge
/// @notice A participant's soulbound badge: their own piece of the collective work, one per participant per
/// campaign, minted to the wallet they chose and never transferable (ERC-5192, always locked).
/// @dev The program cannot take a badge back (there is no burn or admin transfer) and the holder cannot trade
/// it away: every transfer reverts. Claims carry an EIP-712 voucher from the program's signer that binds the
/// participant's pseudonymous commitment to the chosen wallet.
contract ContributionBadge is IContributionBadge, IERC5192, ERC721, EIP712, Ownable {
    /// @notice The EIP-712 type of {Voucher}.
    bytes32 public constant VOUCHER_TYPEHASH =
        keccak256("Voucher(bytes32 campaignId,bytes32 participant,address recipient,string cid)");

    /// @notice The last badge id minted; ids start at 1 so 0 means "none".
    uint256 public totalMinted;

    /// @inheritdoc IContributionBadge
    address public signer;

    mapping(bytes32 campaignId => mapping(bytes32 participant => uint256 tokenId)) private _badges;
    mapping(uint256 tokenId => string cid) private _cids;

    /// @param initialOwner the program's organiser account, which may change the signer
    /// @param initialSigner the key that signs vouchers
    constructor(address initialOwner, address initialSigner, string memory name_, string memory symbol_)
        ERC721(name_, symbol_)
        EIP712("ContributionBadge", "1")
        Ownable(initialOwner)
    {
        _setSigner(initialSigner);
    }

    /// @inheritdoc IContributionBadge
    function claim(Voucher calldata voucher, bytes calldata signature) external returns (uint256 tokenId) {
        if (voucher.recipient == address(0)) revert ZeroAddress();
        if (bytes(voucher.cid).length == 0) revert EmptyCid();
        uint256 existing = _badges[voucher.campaignId][voucher.participant];
        if (existing != 0) revert BadgeAlreadyClaimed(voucher.campaignId, voucher.participant, existing);
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecover(voucherDigest(voucher), signature);
        if (err != ECDSA.RecoverError.NoError || recovered != signer) revert InvalidVoucherSigner(recovered);

        tokenId = ++totalMinted;
        _badges[voucher.campaignId][voucher.participant] = tokenId;
        _cids[tokenId] = voucher.cid;
        _mint(voucher.recipient, tokenId);
        emit Locked(tokenId);
        emit BadgeClaimed(tokenId, voucher.campaignId, voucher.participant, voucher.recipient);
    }

    /// @inheritdoc IContributionBadge
    function setSigner(address newSigner) external onlyOwner {
        _setSigner(newSigner);
    }

    /// @inheritdoc IContributionBadge
    function badgeOf(bytes32 campaignId, bytes32 participant) external view returns (uint256) {
        return _badges[campaignId][participant];
    }

    /// @inheritdoc IERC5192
    function locked(uint256 tokenId) external view returns (bool) {
        _requireOwned(tokenId);
        return true;
    }

    /// @inheritdoc IContributionBadge
    function voucherDigest(Voucher calldata voucher) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    VOUCHER_TYPEHASH,
                    voucher.campaignId,
                    voucher.participant,
                    voucher.recipient,
                    keccak256(bytes(voucher.cid))
                )
            )
        );
    }

    /// @notice `ipfs://` followed by the badge's metadata CID.
    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        _requireOwned(tokenId);
        return string.concat("ipfs://", _cids[tokenId]);
    }

    /// @notice ERC-165: ERC-721, ERC-721 metadata and ERC-5192 (0xb45a3c0e).
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IERC5192).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @dev Lets only mints through: a badge never leaves the wallet it was claimed to.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = _ownerOf(tokenId);
        if (from != address(0)) revert BadgeIsSoulbound(tokenId);
        return super._update(to, tokenId, auth);
    }

    function _setSigner(address newSigner) private {
        if (newSigner == address(0)) revert ZeroAddress();
        emit SignerUpdated(signer, newSigner);
        signer = newSigner;
    }
}
