"""UnixFS import checked against CIDs that Kubo itself produced, plus structural checks.

Sources of expected CIDs: ``shared/vectors/kubo-add-default.json`` (made by Kubo's importer),
PRODUCT.md, and the UnixFS spec's test-vector appendix and IPIP-499's fixtures
(https://specs.ipfs.tech/unixfs/#appendix-test-vectors, gateway-conformance v0.8.1 CARs).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from artgen.multiformats import DAG_PB, RAW, CID
from artgen.unixfs import (
    DIRECTORY,
    FILE,
    CorruptBlockError,
    DagError,
    ImportResult,
    Profile,
    add_bytes,
    add_directory,
    add_stream,
    decode_pbnode,
    decode_unixfs,
    file_cid,
    get_profile,
    iter_dag,
    iter_file,
    read_tree,
)

VECTORS = Path(__file__).resolve().parents[1].parent / "shared" / "vectors" / "kubo-add-default.json"
MiB = 1_048_576


def load_vectors() -> list[dict[str, object]]:
    """The Kubo vectors; their absence is a failure, never a skip (CI has a copy beside the repo)."""
    if not VECTORS.is_file():
        pytest.fail(f"Kubo vectors missing: expected {VECTORS} (shared/ beside the repository)")
    return json.loads(VECTORS.read_text())


def vector_content(vector: dict[str, object]) -> bytes:
    assert vector["generator"] == "shake_256(seed).digest(size)"
    return hashlib.shake_256(str(vector["seed"]).encode()).digest(int(vector["size"]))


def test_every_kubo_vector_matches() -> None:
    vectors = load_vectors()
    assert vectors, "vector file is empty"
    got = {int(v["size"]): str(add_bytes(vector_content(v), "kubo-default").cid) for v in vectors}
    assert got == {int(v["size"]): v["cid"] for v in vectors}


def test_every_kubo_vector_matches_when_streamed_in_odd_pieces() -> None:
    for vector in load_vectors():
        data = vector_content(vector)
        pieces = [data[i : i + 100_003] for i in range(0, len(data), 100_003)]
        cid, _ = add_stream(pieces, "kubo-default")
        assert str(cid) == vector["cid"], vector["size"]


@pytest.mark.parametrize(
    ("content", "profile", "expected"),
    [
        (b"", "kubo-default", "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH"),
        (b"hello world\n", "kubo-default", "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"),
        (b"hello world", "kubo-default", "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD"),
        (b"content\n", "kubo-default", "Qme2y5HA5kvo2jAx13UsnV5bQJVijiAJCPvaW3JGQWhvJZ"),
        (b"hello world", "unixfs-v1-2025", "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e"),
        (b"hello world\n", "unixfs-v1-2025", "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"),
        (b"", "unixfs-v1-2025", "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"),
    ],
)
def test_published_file_cids(content: bytes, profile: str, expected: str) -> None:
    assert str(add_bytes(content, profile).cid) == expected


def test_single_dag_pb_leaf_as_v1_matches_gateway_checker_cid() -> None:
    result = add_bytes(b"Hello from IPFS Gateway Checker\n", "kubo-default")
    assert str(result.cid.to_v1()) == "bafybeifx7yeb55armcsxwwitkymga5xf53dxiarykms3ygqic223w5sk3m"
    assert len(result.blocks[result.cid]) == 40  # the spec's `ipfs block stat` figure


ASCII = b"hello application/vnd.ipld.car\n"
HELLO = b"hello world\n"


@pytest.mark.parametrize(
    ("entries", "profile", "expected"),
    [
        ({}, "kubo-default", "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn"),
        ({}, "unixfs-v1-2025", "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354"),
        (
            {"subdir": {"hello.txt": HELLO, "ascii.txt": ASCII}},
            "unixfs-v1-2025",
            "bafybeietjm63oynimmv5yyqay33nui4y4wx6u3peezwetxgiwvfmelutzu",
        ),
        (
            {"foo.txt": b"Hello, IPFS!\n", "foo": {"bar.txt": b"Hello, world!\n"}},
            "unixfs-v1-2025",
            "bafybeiegxwlgmoh2cny7qlolykdf7aq7g6dlommarldrbm7c4hbckhfcke",
        ),
        (
            {"Portugal%2C+España=Peninsula Ibérica.txt": b"hello from a percent encoded filename\n"},
            "unixfs-v1-2025",
            "bafybeig675grnxcmshiuzdaz2xalm6ef4thxxds6o6ypakpghm5kghpc34",
        ),
    ],
)
def test_published_directory_cids(entries: dict, profile: str, expected: str) -> None:
    assert str(add_directory(entries, profile).cid) == expected


def test_nested_directory_blocks_have_spec_sizes() -> None:
    # Spec: root directory block 55 bytes, subdirectory block 110 bytes.
    result = add_directory({"subdir": {"hello.txt": HELLO, "ascii.txt": ASCII}}, "unixfs-v1-2025")
    root = decode_pbnode(result.blocks[result.cid])
    assert len(result.blocks[result.cid]) == 55
    (sub,) = root.links
    assert len(result.blocks[sub.cid]) == 110
    assert sub.tsize == 110 + len(HELLO) + len(ASCII)
    assert result.dag_size == 55 + sub.tsize
    assert result.size == len(HELLO) + len(ASCII)


def test_directory_links_sorted_by_name_bytes_with_tsize() -> None:
    files = {"b.png": b"bb", "a.json": b"a", "B.txt": b"BBB", "tiles": {"0_0.png": b"t"}}
    result = add_directory(files, "kubo-default")
    node = decode_pbnode(result.blocks[result.cid])
    assert [link.name for link in node.links] == ["B.txt", "a.json", "b.png", "tiles"]
    assert decode_unixfs(node.data).type == DIRECTORY
    for link in node.links:
        subtree = {cid: block for cid, block in iter_dag(link.cid, result.blocks.__getitem__)}
        assert link.tsize == sum(len(b) for b in subtree.values())
    assert result.cid.version == 0


def test_directory_round_trips_through_read_tree() -> None:
    entries = {"art.png": b"\x89PNG" * 1000, "tiles": {"0": {"0_0.png": b"x"}, "1": {}}}
    for profile in ("kubo-default", "unixfs-v1-2025"):
        result = add_directory(entries, profile)
        assert read_tree(result.cid, result.blocks.__getitem__) == entries


def test_v1_directory_uses_v1_dag_pb_cids_throughout() -> None:
    result = add_directory({"big": bytes(3 * MiB), "small": b"s"}, "unixfs-v1-2025")
    assert result.cid.version == 1 and result.cid.codec == DAG_PB
    assert {cid.version for cid in result.blocks} == {1}
    assert str(result.cid).startswith("bafy")


def child_blocks(result: ImportResult, cid: CID) -> list[CID]:
    return [link.cid for link in decode_pbnode(result.blocks[cid]).links]


def leaf_depths(result: ImportResult, cid: CID, depth: int = 0) -> list[int]:
    if cid.codec == RAW or not decode_pbnode(result.blocks[cid]).links:
        return [depth]
    return [d for child in child_blocks(result, cid) for d in leaf_depths(result, child, depth + 1)]


def test_v1_multi_chunk_root_is_dag_pb_over_raw_leaves() -> None:
    data = hashlib.shake_256(b"v1").digest(3 * MiB + 1)
    result = add_bytes(data, "unixfs-v1-2025")
    assert (result.cid.version, result.cid.codec) == (1, DAG_PB)
    node = decode_pbnode(result.blocks[result.cid])
    meta = decode_unixfs(node.data)
    assert meta.type == FILE and meta.filesize == len(data)
    assert meta.blocksizes == (MiB, MiB, MiB, 1)
    assert [link.cid.codec for link in node.links] == [RAW] * 4
    assert [link.name for link in node.links] == [""] * 4
    assert [link.tsize for link in node.links] == [MiB, MiB, MiB, 1]
    for i, link in enumerate(node.links):
        assert link.cid == CID.for_block(data[i * MiB : (i + 1) * MiB], RAW, 1)
    assert result.dag_size == len(result.blocks[result.cid]) + len(data)
    assert b"".join(iter_file(result.cid, result.blocks.__getitem__)) == data


def test_v1_file_over_max_links_gets_a_second_level() -> None:
    # 1,025 chunks of 1 MiB would be 1 GiB of test data; the same builder with small chunks and
    # width shows the shape: 9 chunks, width 4 -> depth 2, nodes of 4, 4, 1 leaves.
    small = Profile("small", 1, 4, 4, True, "block-bytes")
    data = bytes(range(36))
    result = add_bytes(data, small)
    level1 = child_blocks(result, result.cid)
    assert len(level1) == 3
    assert [len(child_blocks(result, c)) for c in level1] == [4, 4, 1]
    assert set(leaf_depths(result, result.cid)) == {2}
    assert decode_unixfs(decode_pbnode(result.blocks[result.cid]).data).blocksizes == (16, 16, 4)
    assert b"".join(iter_file(result.cid, result.blocks.__getitem__)) == data


@pytest.mark.parametrize(("chunks", "depth"), [(1, 0), (4, 1), (5, 2), (16, 2), (17, 3), (64, 3), (65, 4)])
def test_balanced_depth_grows_only_when_a_level_is_full(chunks: int, depth: int) -> None:
    small = Profile("small", 1, 1, 4, True, "block-bytes")
    result = add_bytes(bytes(chunks), small)
    assert set(leaf_depths(result, result.cid)) == {depth}
    assert all(len(child_blocks(result, c)) <= 4 for c in result.blocks if c.codec == DAG_PB)


def test_kubo_file_at_174_chunks_is_one_node_and_175_is_two_levels() -> None:
    chunk = 262_144
    full = add_bytes(bytes(174 * chunk), "kubo-default")
    assert len(child_blocks(full, full.cid)) == 174
    over = add_bytes(bytes(174 * chunk + 1), "kubo-default")
    first, second = child_blocks(over, over.cid)
    assert len(child_blocks(over, first)) == 174 and len(child_blocks(over, second)) == 1


def test_tsize_is_cumulative_serialized_size_of_the_subtree() -> None:
    result = add_bytes(hashlib.shake_256(b"t").digest(786_439), "kubo-default")
    node = decode_pbnode(result.blocks[result.cid])
    for link in node.links:
        assert link.tsize == len(result.blocks[link.cid])
    assert result.dag_size == sum(len(block) for block in result.blocks.values())


def test_streamed_import_equals_in_memory_import_for_both_profiles() -> None:
    data = hashlib.shake_256(b"s").digest(2 * MiB + 7)
    for profile in ("kubo-default", "unixfs-v1-2025"):
        seen: dict[CID, bytes] = {}
        cid, dag_size = add_stream(iter([data[:5], data[5 : MiB + 3], data[MiB + 3 :]]), profile, seen.__setitem__)
        expected = add_bytes(data, profile)
        assert (cid, dag_size) == (expected.cid, expected.dag_size)
        assert seen == expected.blocks


def test_file_cid_streams_a_file(tmp_path: Path) -> None:
    path = tmp_path / "hello.txt"
    path.write_bytes(b"hello world\n")
    assert file_cid(path) == "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"
    assert file_cid(path, "unixfs-v1-2025") == "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"


def test_unknown_profile_names_the_allowed_ones() -> None:
    with pytest.raises(ValueError) as err:
        get_profile("kubo")
    assert str(err.value) == "unknown IPFS profile 'kubo'; allowed: kubo-default, unixfs-v1-2025"


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"": b"x"}, "/: invalid entry name ''"),
        ({"a/b": b"x"}, "/: invalid entry name 'a/b'"),
        ({"tiles": {"..": b"x"}}, "/tiles: invalid entry name '..'"),
        ({"n": 3}, "/n: entry must be bytes or a mapping, got int"),
    ],
)
def test_bad_directory_entries_are_refused(entries: dict, message: str) -> None:
    with pytest.raises(DagError) as err:
        add_directory(entries)
    assert str(err.value) == message


def test_directory_over_hamt_threshold_is_refused_not_mis_hashed() -> None:
    # links-bytes: name + 34-byte CIDv0 per entry; 2,000 names of 100 bytes exceed 262,144.
    entries = {f"{i:0100d}": b"" for i in range(2000)}
    with pytest.raises(DagError, match="over the 262144-byte HAMT threshold"):
        add_directory(entries, "kubo-default")


def test_reading_a_corrupt_block_names_its_cid() -> None:
    result = add_bytes(bytes(600_000), "kubo-default")
    leaf = child_blocks(result, result.cid)[1]
    blocks = dict(result.blocks)
    blocks[leaf] = blocks[leaf][:-1] + b"\1"
    with pytest.raises(CorruptBlockError) as err:
        b"".join(iter_file(result.cid, blocks.__getitem__))
    assert str(err.value) == f"block {leaf} is corrupt: its bytes do not hash to its CID"
