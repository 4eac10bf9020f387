"""A Merkle tree byte-compatible with OpenZeppelin's ``StandardMerkleTree`` (@openzeppelin/merkle-tree 1.x).

Why compatible: claims are verified on chain by OpenZeppelin's ``MerkleProof`` and off chain by
anyone with the JS library, so roots, proofs and the ``dump()`` JSON must be identical.

The construction, as in the library's ``core.ts``/``merkletree.ts``:

* leaf = ``keccak256(keccak256(abi.encode(values...)))`` (double hashing stops a 64-byte leaf
  from posing as an inner node);
* leaves sorted by hash, stored at the end of an array in reverse, so that ``tree[0]`` is the
  root and node ``i`` has children ``2i+1`` and ``2i+2``;
* inner node = ``keccak256(sorted(a, b))``; a proof is the list of siblings from leaf to root.

``dump()`` writes values in JSON-native forms the JS library accepts back: unsigned and signed
integers as decimal strings (it refuses JS numbers), addresses EIP-55 checksummed, bytes as
lower-case ``0x`` hex.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eth_abi import encode as abi_encode
from eth_utils import is_checksum_address, is_hex_address, keccak, to_checksum_address

from artgen.errors import ArtgenError

FORMAT = "standard-v1"


class MerkleError(ArtgenError, ValueError):
    """A value, dump or proof that the tree cannot accept."""


class MerkleProofError(MerkleError):
    """A proof that does not lead to the root; the message says which step is wrong."""


def _hex(data: bytes) -> str:
    return "0x" + data.hex()


def _unhex(text: str, what: str) -> bytes:
    if not isinstance(text, str) or not text.startswith("0x"):
        raise MerkleError(f"{what}: expected 0x-prefixed hex, got {text!r}")
    try:
        return bytes.fromhex(text[2:])
    except ValueError:
        raise MerkleError(f"{what}: expected 0x-prefixed hex, got {text!r}") from None


def _normalise(kind: str, value: Any, where: str) -> Any:
    """The JSON-native form of one ABI value (what ``dump()`` writes)."""
    if kind.startswith(("uint", "int")):
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise MerkleError(f"{where}: {kind} must be an int or a decimal string, got {value!r}")
        try:
            number = int(value) if isinstance(value, int) else int(value, 10)
        except ValueError:
            raise MerkleError(f"{where}: {kind} must be an int or a decimal string, got {value!r}") from None
        unsigned = kind.startswith("uint")
        bits = int(kind[4 if unsigned else 3 :] or 256)
        low, high = (0, 2**bits) if unsigned else (-(2 ** (bits - 1)), 2 ** (bits - 1))
        if not low <= number < high:
            raise MerkleError(f"{where}: {number} is out of range for {kind}")
        return str(number)
    if kind == "address":
        if not isinstance(value, str) or not is_hex_address(value):
            raise MerkleError(f"{where}: address must be 0x and 40 hex digits, got {value!r}")
        if value != value.lower() and value[2:] != value[2:].upper() and not is_checksum_address(value):
            raise MerkleError(f"{where}: address {value} has a wrong EIP-55 checksum")
        return to_checksum_address(value)
    if kind.startswith("bytes"):
        raw = bytes(value) if isinstance(value, (bytes, bytearray)) else _unhex(value, where)
        if kind != "bytes" and len(raw) != int(kind[5:]):
            raise MerkleError(f"{where}: {kind} needs {kind[5:]} bytes, got {len(raw)}")
        return _hex(raw)
    if kind == "bool":
        if not isinstance(value, bool):
            raise MerkleError(f"{where}: bool must be true or false, got {value!r}")
        return value
    if kind == "string":
        if not isinstance(value, str):
            raise MerkleError(f"{where}: string expected, got {value!r}")
        return value
    raise MerkleError(f"{where}: ABI type {kind!r} is not supported")


def _abi_value(kind: str, value: Any) -> Any:
    """A normalised value as eth_abi wants it."""
    if kind.startswith(("uint", "int")):
        return int(value)
    if kind.startswith("bytes"):
        return bytes.fromhex(value[2:])
    return value


def _normalise_leaf(leaf_encoding: Sequence[str], value: Sequence[Any], where: str) -> list[Any]:
    if isinstance(value, (str, bytes)) or len(value) != len(leaf_encoding):
        raise MerkleError(f"{where}: expected {len(leaf_encoding)} values for {list(leaf_encoding)}, got {value!r}")
    return [
        _normalise(kind, item, f"{where}[{i}]") for i, (kind, item) in enumerate(zip(leaf_encoding, value, strict=True))
    ]


def leaf_hash(leaf_encoding: Sequence[str], value: Sequence[Any]) -> bytes:
    """``keccak256(bytes.concat(keccak256(abi.encode(value...))))``, as Solidity computes it."""
    normal = _normalise_leaf(leaf_encoding, value, "leaf")
    encoded = abi_encode(list(leaf_encoding), [_abi_value(k, v) for k, v in zip(leaf_encoding, normal, strict=True)])
    return keccak(keccak(encoded))


def hash_pair(a: bytes, b: bytes) -> bytes:
    """OpenZeppelin's commutative node hash: keccak256 of the two children in ascending order."""
    return keccak(a + b if a <= b else b + a)


def process_proof(leaf: bytes, proof: Sequence[str]) -> bytes:
    """Fold a proof onto a leaf hash; the result is the root the proof claims."""
    node = leaf
    for i, sibling in enumerate(proof):
        raw = _unhex(sibling, f"proof[{i}]")
        if len(raw) != 32:
            raise MerkleError(f"proof[{i}]: a node is 32 bytes, got {len(raw)}")
        node = hash_pair(node, raw)
    return node


class StandardMerkleTree:
    """The tree, its values and where each value's leaf sits."""

    def __init__(self, tree: list[bytes], values: list[list[Any]], tree_indices: list[int], leaf_encoding: list[str]):
        self.tree = tree
        self.values = values
        self.tree_indices = tree_indices
        self.leaf_encoding = leaf_encoding

    @classmethod
    def of(cls, values: Sequence[Sequence[Any]], leaf_encoding: Sequence[str]) -> StandardMerkleTree:
        """Build the tree of ``values`` (each a row matching ``leaf_encoding``), leaves sorted."""
        if not values:
            raise MerkleError("a Merkle tree needs at least one value")
        encoding = list(leaf_encoding)
        normal = [_normalise_leaf(encoding, value, f"values[{i}]") for i, value in enumerate(values)]
        hashes = [leaf_hash(encoding, value) for value in normal]
        order = sorted(range(len(hashes)), key=hashes.__getitem__)
        size = 2 * len(hashes) - 1
        tree = [b""] * size
        tree_indices = [0] * len(hashes)
        for leaf_index, value_index in enumerate(order):
            tree[size - 1 - leaf_index] = hashes[value_index]
            tree_indices[value_index] = size - 1 - leaf_index
        for i in range(size - 1 - len(hashes), -1, -1):
            tree[i] = hash_pair(tree[2 * i + 1], tree[2 * i + 2])
        return cls(tree, normal, tree_indices, encoding)

    @property
    def root(self) -> str:
        """The root as 0x hex, what a contract stores."""
        return _hex(self.tree[0])

    def __len__(self) -> int:
        return len(self.values)

    def index_of(self, value: Sequence[Any]) -> int:
        """The index of a value (in the order given to :meth:`of`)."""
        target = leaf_hash(self.leaf_encoding, value)
        for index, tree_index in enumerate(self.tree_indices):
            if self.tree[tree_index] == target:
                return index
        raise MerkleError(f"value {list(value)!r} is not in the tree")

    def proof(self, index: int) -> list[str]:
        """The siblings from the leaf of ``values[index]`` up to the root."""
        if not 0 <= index < len(self.values):
            raise MerkleError(f"index {index} is out of range for {len(self.values)} values")
        node = self.tree_indices[index]
        proof = []
        while node > 0:
            sibling = node - 1 if node % 2 == 0 else node + 1
            proof.append(_hex(self.tree[sibling]))
            node = (node - 1) // 2
        return proof

    @staticmethod
    def verify(root: str, leaf_encoding: Sequence[str], value: Sequence[Any], proof: Sequence[str]) -> bool:
        """Whether ``proof`` proves ``value`` under ``root`` (what ``MerkleProof.verify`` decides)."""
        return _hex(process_proof(leaf_hash(leaf_encoding, value), proof)) == root.lower()

    def check_proof(self, index: int, proof: Sequence[str]) -> None:
        """Raise :class:`MerkleProofError` naming the first step of ``proof`` that this tree disagrees with."""
        expected = self.proof(index)
        if len(proof) != len(expected):
            raise MerkleProofError(
                f"proof for values[{index}] has {len(proof)} steps; its leaf is {len(expected)} levels deep"
            )
        for step, (given, wanted) in enumerate(zip(proof, expected, strict=True)):
            if given.lower() != wanted:
                raise MerkleProofError(
                    f"proof for values[{index}]: step {step} is {given}, but the sibling at that level is {wanted}"
                )

    def dump(self) -> dict[str, Any]:
        """The same JSON object as the JS library's ``dump()`` (format ``standard-v1``)."""
        return {
            "format": FORMAT,
            "leafEncoding": list(self.leaf_encoding),
            "tree": [_hex(node) for node in self.tree],
            "values": [
                {"value": list(value), "treeIndex": tree_index}
                for value, tree_index in zip(self.values, self.tree_indices, strict=True)
            ],
        }

    @classmethod
    def load(cls, data: dict[str, Any]) -> StandardMerkleTree:
        """Read a ``dump()`` back, checking every leaf and inner node as the JS library's ``load`` does."""
        if data.get("format") != FORMAT:
            raise MerkleError(f"unknown Merkle tree format {data.get('format')!r}")
        encoding = data.get("leafEncoding")
        if not isinstance(encoding, list):
            raise MerkleError("Merkle tree dump has no leafEncoding")
        tree = [_unhex(node, f"tree[{i}]") for i, node in enumerate(data.get("tree", []))]
        entries = data.get("values", [])
        values = [_normalise_leaf(encoding, e["value"], f"values[{i}]") for i, e in enumerate(entries)]
        indices = [e["treeIndex"] for e in entries]
        loaded = cls(tree, values, indices, encoding)
        loaded._validate()
        return loaded

    def _validate(self) -> None:
        size = len(self.tree)
        if size == 0 or size != 2 * len(self.values) - 1 or any(len(node) != 32 for node in self.tree):
            raise MerkleError("Merkle tree dump has the wrong number or size of nodes")
        for i, (value, tree_index) in enumerate(zip(self.values, self.tree_indices, strict=True)):
            if not size // 2 <= tree_index < size or self.tree[tree_index] != leaf_hash(self.leaf_encoding, value):
                raise MerkleError(f"Merkle tree dump: values[{i}] does not match the leaf at tree[{tree_index}]")
        for i in range(size // 2):
            if self.tree[i] != hash_pair(self.tree[2 * i + 1], self.tree[2 * i + 2]):
                raise MerkleError(f"Merkle tree dump: tree[{i}] is not the hash of its children")

    def render(self) -> str:
        """An ASCII drawing of the tree, line for line as the JS library's ``render()``."""
        lines = []
        stack: list[tuple[int, list[int]]] = [(0, [])]
        while stack:
            i, path = stack.pop()
            indent = "".join(("   ", "│  ")[p] for p in path[:-1])
            branch = "".join(("└─ ", "├─ ")[p] for p in path[-1:])
            lines.append(f"{indent}{branch}{i}) {_hex(self.tree[i])}")
            if 2 * i + 2 < len(self.tree):
                stack.append((2 * i + 2, path + [0]))
                stack.append((2 * i + 1, path + [1]))
        return "\n".join(lines)
