// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IContributionBadge
/// @notice Structs, events, errors and functions of the soulbound participant badge.
interface IContributionBadge {
    /// @notice What the program's signer authorises: one badge for one participant of one campaign,
    /// minted to the wallet the participant chose.
    struct Voucher {
        bytes32 campaignId; // the campaign the badge is for
        bytes32 participant; // the participant's pseudonymous commitment (no name, no linkable id)
        address recipient; // the wallet the participant chose; the only address the badge can go to
        string cid; // the badge metadata, served as ipfs://cid
    }

    /// @notice A badge was claimed to `recipient`.
    event BadgeClaimed(
        uint256 indexed tokenId, bytes32 indexed campaignId, bytes32 indexed participant, address recipient
    );

    /// @notice The address whose signature authorises vouchers changed.
    event SignerUpdated(address indexed previousSigner, address indexed newSigner);

    /// @notice The participant already holds the campaign's badge.
    error BadgeAlreadyClaimed(bytes32 campaignId, bytes32 participant, uint256 tokenId);

    /// @notice The voucher was not signed by the program's signer (`recovered` is who did sign it, or 0).
    error InvalidVoucherSigner(address recovered);

    /// @notice Badges never move once minted (ERC-5192 locked).
    error BadgeIsSoulbound(uint256 tokenId);

    /// @notice The zero address is not allowed here.
    error ZeroAddress();

    /// @notice The voucher's metadata CID is empty.
    error EmptyCid();

    /// @notice Mints the badge the voucher describes to `voucher.recipient`.
    /// @dev Anyone may submit the voucher (a relayer may pay the gas); the badge can only go to the
    /// recipient the signer bound into it, so copying a pending claim gains nothing.
    /// Requirements: `signature` is the signer's EIP-712 signature of `voucher`; the participant has no
    /// badge of that campaign yet. Emits {BadgeClaimed}, {Locked} and {Transfer}.
    function claim(Voucher calldata voucher, bytes calldata signature) external returns (uint256 tokenId);

    /// @notice Changes the voucher signer.
    /// @dev Requirements: caller is the owner; `newSigner` is not zero. Emits {SignerUpdated}.
    function setSigner(address newSigner) external;

    /// @notice The address whose EIP-712 signature authorises vouchers.
    function signer() external view returns (address);

    /// @notice The badge token of a participant in a campaign, or 0 if not claimed.
    function badgeOf(bytes32 campaignId, bytes32 participant) external view returns (uint256);

    /// @notice The EIP-712 digest the signer signs for `voucher`.
    function voucherDigest(Voucher calldata voucher) external view returns (bytes32);
}
