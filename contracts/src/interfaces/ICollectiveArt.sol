// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ICollectiveArt
/// @notice Events, errors and functions of the collective-art ERC-721: one token per campaign artwork.
interface ICollectiveArt {
    /// @notice A campaign's artwork was minted with its metadata at `ipfs://cid`.
    event ArtworkMinted(uint256 indexed tokenId, bytes32 indexed campaignId, address indexed to, string cid);

    /// @notice OpenSea's freeze signal: the token's metadata URI will never change again.
    event PermanentURI(string value, uint256 indexed id);

    /// @notice The EIP-2981 royalty receiver or rate changed.
    event RoyaltyUpdated(address indexed receiver, uint96 feeBps);

    /// @notice The campaign already has its artwork token.
    error CampaignAlreadyMinted(bytes32 campaignId, uint256 tokenId);

    /// @notice A campaign id of zero is reserved for "no campaign".
    error ZeroCampaignId();

    /// @notice An IPFS CID must not be empty.
    error EmptyCid();

    /// @notice The token's metadata was frozen and can no longer change.
    error MetadataIsFrozen(uint256 tokenId);

    /// @notice The royalty rate is above the cap.
    error RoyaltyTooHigh(uint96 feeBps, uint96 maxBps);

    /// @notice Mints the artwork of `campaignId` to `to` with its metadata at `ipfs://cid`.
    /// @dev Requirements: caller is the owner; the campaign has no token yet; `cid` is not empty.
    /// Emits {ArtworkMinted} and {Transfer}.
    function mint(address to, bytes32 campaignId, string calldata cid) external returns (uint256 tokenId);

    /// @notice Points the token at regenerated metadata while it may still change.
    /// @dev Requirements: caller is the owner; the token exists and is not frozen. Emits ERC-4906 {MetadataUpdate}.
    function setTokenCid(uint256 tokenId, string calldata cid) external;

    /// @notice Freezes the token's metadata for good.
    /// @dev Requirements: caller is the owner; the token exists and is not frozen. Emits {PermanentURI}.
    /// Any transfer after the mint (putting the token up for auction is one) freezes it too.
    function freezeMetadata(uint256 tokenId) external;

    /// @notice Sets the EIP-2981 royalty paid to the program on resales.
    /// @dev Requirements: caller is the owner; `feeBps` is at most {MAX_ROYALTY_BPS}. Emits {RoyaltyUpdated}.
    function setRoyalty(address receiver, uint96 feeBps) external;

    /// @notice The artwork token of `campaignId`, or 0 if it has none.
    function tokenOfCampaign(bytes32 campaignId) external view returns (uint256);

    /// @notice The campaign whose artwork `tokenId` is.
    function campaignOf(uint256 tokenId) external view returns (bytes32);

    /// @notice Whether the token's metadata can no longer change.
    function metadataFrozen(uint256 tokenId) external view returns (bool);
}
