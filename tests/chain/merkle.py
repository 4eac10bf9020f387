"""A small OpenZeppelin-StandardMerkleTree-compatible tree over (bytes32 commitment, uint256 weight).

Test-only: the product's tree lives in ``artgen.merkle``; this one follows OZ's published algorithm
(leaf = keccak256(keccak256(abi.encode(values))), leaves sorted, tree stored as an array with the
leaves at the end, pairs hashed in sorted order) so the contract's ``MerkleProof`` accepts it.
"""

from __future__ import annotations

from eth_abi import encode
from eth_utils import keccak


def leaf_hash(commitment: bytes, weight: int) -> bytes:
    """OZ's double-hashed leaf of ``(bytes32, uint256)``."""
    return keccak(keccak(encode(["bytes32", "uint256"], [commitment, weight])))


def _hash_pair(a: bytes, b: bytes) -> bytes:
    return keccak(min(a, b) + max(a, b))


class ShareTree:
    """The tree of ``leaves``, a list of (commitment, weight)."""

    def __init__(self, leaves: list[tuple[bytes, int]]) -> None:
        hashed = sorted((leaf_hash(c, w), i) for i, (c, w) in enumerate(leaves))
        size = 2 * len(hashed) - 1
        self._tree: list[bytes] = [b""] * size
        self._position: dict[int, int] = {}
        for k, (digest, i) in enumerate(hashed):
            self._tree[size - 1 - k] = digest
            self._position[i] = size - 1 - k
        for j in range(len(hashed) - 2, -1, -1):
            self._tree[j] = _hash_pair(self._tree[2 * j + 1], self._tree[2 * j + 2])

    @property
    def root(self) -> bytes:
        """The Merkle root the contract stores."""
        return self._tree[0]

    def proof(self, index: int) -> list[bytes]:
        """The sibling hashes from leaf ``index`` (in input order) up to the root."""
        j = self._position[index]
        path = []
        while j > 0:
            path.append(self._tree[j - 1 if j % 2 == 0 else j + 1])
            j = (j - 1) // 2
        return path
