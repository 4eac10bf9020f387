// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title SafeSend
/// @notice Sends ether without letting the recipient grief the sender.
library SafeSend {
    /// @notice Gas forwarded to a recipient of a push payment, the Nouns auction house's figure.
    /// @dev Enough for a plain account, a Safe or a contract that emits an event; not enough to do harm.
    uint256 internal constant PAYMENT_GAS = 30_000;

    /// @notice Gas that must be left before a capped payment so the recipient really gets {PAYMENT_GAS}:
    /// EIP-150 passes on at most 63/64 of what remains, and the call itself costs up to 11,600
    /// (2,600 for a cold account and 9,000 for sending value), plus 1,000 for the opcodes around it.
    uint256 internal constant PAYMENT_GAS_FLOOR = (PAYMENT_GAS * 64) / 63 + 12_600;

    /// @notice Too little gas was left to give the recipient of a push payment its full allowance.
    error InsufficientGasForPayment(uint256 gasLeft, uint256 required);

    /// @notice Sends `amount` wei to `to` with at most `gasLimit` gas and copies no return data.
    /// @dev The Nouns audit found refunds griefable by a recipient that returns huge data (the caller
    /// pays to copy it) or burns all forwarded gas; this call caps the gas and reads no return data.
    /// WARNING: returns false instead of reverting; the caller must credit the amount on failure.
    function trySend(address to, uint256 amount, uint256 gasLimit) internal returns (bool success) {
        assembly ("memory-safe") {
            success := call(gasLimit, to, amount, 0, 0, 0, 0)
        }
    }

    /// @notice Pushes `amount` to `to` with exactly {PAYMENT_GAS} gas, or reverts if the caller left too
    /// little gas for that.
    /// @dev Without the floor a caller (or a gas estimator searching for the lowest gas that succeeds) could
    /// starve the payment so it fails and is deferred: the 63/64 "forced failure" the Nouns Builder audit
    /// describes. WARNING: returns false when the recipient fails; the caller must credit the amount.
    function trySendCapped(address to, uint256 amount) internal returns (bool) {
        uint256 left = gasleft();
        if (left < PAYMENT_GAS_FLOOR) revert InsufficientGasForPayment(left, PAYMENT_GAS_FLOOR);
        return trySend(to, amount, PAYMENT_GAS);
    }
}
