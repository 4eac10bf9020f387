// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC2981} from "@openzeppelin/contracts/token/common/ERC2981.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC4906} from "@openzeppelin/contracts/interfaces/IERC4906.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {ICollectiveArt} from "./interfaces/ICollectiveArt.sol";

/// @title CollectiveArt
/// @notice The ERC-721 of a program's collective artworks: one token per campaign, metadata on IPFS,
/// EIP-2981 royalties to the program's treasury, ERC-4906 updates while the art may be regenerated.
/// @dev The metadata freezes when the owner says so or on the first transfer after the mint, which is
/// what putting the token up for auction does: a collector bids on art that can no longer change.
contract CollectiveArt is ICollectiveArt, ERC721, ERC2981, Ownable, IERC4906 {
    /// @notice The highest royalty rate, 10 % (Zora and Foundation markets pay up to this on resales).
    uint96 public constant MAX_ROYALTY_BPS = 1_000;

    /// @notice The last token id minted; ids start at 1 so 0 means "none".
    uint256 public totalMinted;

    mapping(uint256 tokenId => string cid) private _cids;
    mapping(uint256 tokenId => bytes32 campaignId) private _campaigns;
    mapping(bytes32 campaignId => uint256 tokenId) private _tokens;
    mapping(uint256 tokenId => bool frozen) private _frozen;

    /// @param initialOwner the program's organiser account, the only one that mints
    /// @param royaltyReceiver the program's treasury
    /// @param royaltyBps the resale royalty in basis points, at most {MAX_ROYALTY_BPS}
    constructor(
        address initialOwner,
        string memory name_,
        string memory symbol_,
        address royaltyReceiver,
        uint96 royaltyBps
    ) ERC721(name_, symbol_) Ownable(initialOwner) {
        _setRoyalty(royaltyReceiver, royaltyBps);
    }

    /// @inheritdoc ICollectiveArt
    function mint(address to, bytes32 campaignId, string calldata cid) external onlyOwner returns (uint256 tokenId) {
        if (campaignId == bytes32(0)) revert ZeroCampaignId();
        if (bytes(cid).length == 0) revert EmptyCid();
        uint256 existing = _tokens[campaignId];
        if (existing != 0) revert CampaignAlreadyMinted(campaignId, existing);
        tokenId = ++totalMinted;
        _tokens[campaignId] = tokenId;
        _campaigns[tokenId] = campaignId;
        _cids[tokenId] = cid;
        emit ArtworkMinted(tokenId, campaignId, to, cid);
        _safeMint(to, tokenId);
    }

    /// @inheritdoc ICollectiveArt
    function setTokenCid(uint256 tokenId, string calldata cid) external onlyOwner {
        _requireOwned(tokenId);
        if (_frozen[tokenId]) revert MetadataIsFrozen(tokenId);
        if (bytes(cid).length == 0) revert EmptyCid();
        _cids[tokenId] = cid;
        emit MetadataUpdate(tokenId);
    }

    /// @inheritdoc ICollectiveArt
    function freezeMetadata(uint256 tokenId) external onlyOwner {
        _requireOwned(tokenId);
        if (_frozen[tokenId]) revert MetadataIsFrozen(tokenId);
        _freeze(tokenId);
    }

    /// @inheritdoc ICollectiveArt
    function setRoyalty(address receiver, uint96 feeBps) external onlyOwner {
        _setRoyalty(receiver, feeBps);
    }

    /// @inheritdoc ICollectiveArt
    function tokenOfCampaign(bytes32 campaignId) external view returns (uint256) {
        return _tokens[campaignId];
    }

    /// @inheritdoc ICollectiveArt
    function campaignOf(uint256 tokenId) external view returns (bytes32) {
        _requireOwned(tokenId);
        return _campaigns[tokenId];
    }

    /// @inheritdoc ICollectiveArt
    function metadataFrozen(uint256 tokenId) external view returns (bool) {
        _requireOwned(tokenId);
        return _frozen[tokenId];
    }

    /// @notice `ipfs://` followed by the token's metadata CID.
    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        _requireOwned(tokenId);
        return string.concat("ipfs://", _cids[tokenId]);
    }

    /// @notice ERC-165: ERC-721, ERC-721 metadata, EIP-2981 and ERC-4906 (0x49064906).
    function supportsInterface(bytes4 interfaceId) public view override(ERC721, ERC2981, IERC165) returns (bool) {
        return interfaceId == bytes4(0x49064906) || super.supportsInterface(interfaceId);
    }

    /// @dev Freezes the metadata on the first transfer after the mint.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        if (from != address(0) && !_frozen[tokenId]) _freeze(tokenId);
    }

    function _freeze(uint256 tokenId) private {
        _frozen[tokenId] = true;
        emit PermanentURI(tokenURI(tokenId), tokenId);
    }

    function _setRoyalty(address receiver, uint96 feeBps) private {
        if (feeBps > MAX_ROYALTY_BPS) revert RoyaltyTooHigh(feeBps, MAX_ROYALTY_BPS);
        _setDefaultRoyalty(receiver, feeBps);
        emit RoyaltyUpdated(receiver, feeBps);
    }
}
