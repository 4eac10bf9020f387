"""artgen.merkle against vectors made by OpenZeppelin's own @openzeppelin/merkle-tree.

The vectors are regenerated with ``cd tests/js && npm ci && npm run merkle-vectors``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from artgen.merkle import MerkleError, MerkleProofError, StandardMerkleTree, leaf_hash

VECTORS = json.loads((Path(__file__).parent / "js" / "merkle_vectors.json").read_text())["vectors"]
IDS = [f"{','.join(v['leafEncoding'])}-{len(v['values'])}" for v in VECTORS]


def test_vectors_cover_the_planned_sizes_and_types() -> None:
    assert sorted(IDS) == sorted(
        f"{types}-{n}" for types in ("bytes32,uint256", "address,uint256") for n in (1, 2, 3, 7, 8, 100)
    )


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_root_proofs_and_dump_match_openzeppelin(vector: dict) -> None:
    tree = StandardMerkleTree.of(vector["values"], vector["leafEncoding"])
    assert tree.root == vector["root"]
    assert [tree.proof(i) for i in range(len(tree))] == vector["proofs"]
    assert tree.dump() == vector["dump"]
    if vector["render"] is not None:
        assert tree.render() == vector["render"]


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_openzeppelin_dump_loads_and_proves(vector: dict) -> None:
    tree = StandardMerkleTree.load(vector["dump"])
    assert tree.root == vector["root"]
    for value, proof in zip(vector["values"], vector["proofs"], strict=True):
        assert StandardMerkleTree.verify(vector["root"], vector["leafEncoding"], value, proof)
        assert tree.index_of(value) == vector["values"].index(value)


def test_python_native_values_give_the_same_root_as_json_forms() -> None:
    vector = next(v for v in VECTORS if v["leafEncoding"] == ["address", "uint256"] and len(v["values"]) == 7)
    native = [[address.lower(), int(amount)] for address, amount in vector["values"]]
    assert StandardMerkleTree.of(native, ["address", "uint256"]).root == vector["root"]


def test_changing_any_value_changes_the_root() -> None:
    vector = next(v for v in VECTORS if v["leafEncoding"] == ["bytes32", "uint256"] and len(v["values"]) == 8)
    roots = {vector["root"]}
    for i in range(8):
        for column in (0, 1):
            values = [list(v) for v in vector["values"]]
            if column == 0:
                values[i][0] = values[i][0][:-1] + ("0" if values[i][0][-1] != "0" else "1")
            else:
                values[i][1] = str((int(values[i][1]) + 1) % 2**256)
            roots.add(StandardMerkleTree.of(values, ["bytes32", "uint256"]).root)
    assert len(roots) == 17


def test_tampered_sibling_fails_verify_and_names_the_step() -> None:
    vector = next(v for v in VECTORS if v["leafEncoding"] == ["bytes32", "uint256"] and len(v["values"]) == 7)
    tree = StandardMerkleTree.of(vector["values"], vector["leafEncoding"])
    proof = tree.proof(3)
    bad = list(proof)
    bad[1] = "0x" + "00" * 32
    assert StandardMerkleTree.verify(tree.root, vector["leafEncoding"], vector["values"][3], proof)
    assert not StandardMerkleTree.verify(tree.root, vector["leafEncoding"], vector["values"][3], bad)
    with pytest.raises(MerkleProofError) as err:
        tree.check_proof(3, bad)
    assert str(err.value) == f"proof for values[3]: step 1 is {bad[1]}, but the sibling at that level is {proof[1]}"


def test_short_proof_is_reported_with_the_leaf_depth() -> None:
    tree = StandardMerkleTree.of(
        [["0x" + "11" * 32, 1], ["0x" + "22" * 32, 2], ["0x" + "33" * 32, 3]], ["bytes32", "uint256"]
    )
    depth = len(tree.proof(0))
    with pytest.raises(MerkleProofError) as err:
        tree.check_proof(0, tree.proof(0)[:-1])
    assert str(err.value) == f"proof for values[0] has {depth - 1} steps; its leaf is {depth} levels deep"


def test_leaf_is_double_keccak_of_abi_encoding() -> None:
    # keccak256(keccak256(abi.encode(uint256(1)))) computed independently with pycryptodome.
    from Crypto.Hash import keccak

    def k(data: bytes) -> bytes:
        return keccak.new(digest_bits=256, data=data).digest()

    assert leaf_hash(["uint256"], [1]) == k(k((1).to_bytes(32, "big")))


def test_tampered_dump_is_refused() -> None:
    dump = json.loads(json.dumps(VECTORS[2]["dump"]))
    dump["values"][0]["value"][1] = "12345"
    with pytest.raises(MerkleError, match=r"values\[0\] does not match the leaf at tree\["):
        StandardMerkleTree.load(dump)


BAD_VALUES = [
    ([["0x" + "11" * 31, 1]], "values[0][0]: bytes32 needs 32 bytes, got 31"),
    ([["0x" + "11" * 32, -1]], "values[0][1]: -1 is out of range for uint256"),
    ([["0x" + "11" * 32, "1.5"]], "values[0][1]: uint256 must be an int or a decimal string, got '1.5'"),
    ([["0x" + "11" * 32, True]], "values[0][1]: uint256 must be an int or a decimal string, got True"),
    ([["0x" + "11" * 32]], "values[0]: expected 2 values for ['bytes32', 'uint256'], got ['0x" + "11" * 32 + "']"),
    ([["11" * 32, 1]], "values[0][0]: expected 0x-prefixed hex, got '" + "11" * 32 + "'"),
    ([], "a Merkle tree needs at least one value"),
]


@pytest.mark.parametrize(("values", "message"), BAD_VALUES)
def test_bad_values_are_refused(values: list, message: str) -> None:
    with pytest.raises(MerkleError) as err:
        StandardMerkleTree.of(values, ["bytes32", "uint256"])
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("0x123", "values[0][0]: address must be 0x and 40 hex digits, got '0x123'"),
        # EIP-55's own example 0x5aAeb6...BeAed with the last letter's case flipped
        (
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
            "values[0][0]: address 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD has a wrong EIP-55 checksum",
        ),
    ],
)
def test_bad_addresses_are_refused(address: str, message: str) -> None:
    with pytest.raises(MerkleError) as err:
        StandardMerkleTree.of([[address, 1]], ["address", "uint256"])
    assert str(err.value) == message
