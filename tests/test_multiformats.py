"""Varints, base58btc/base32 and the CID type, checked against published values."""

from __future__ import annotations

import hashlib

import pytest

from artgen.multiformats import (
    DAG_PB,
    RAW,
    CID,
    base32_decode,
    base32_encode,
    base58btc_decode,
    base58btc_encode,
    decode_varint,
    encode_varint,
    sha256_multihash,
)

# From the unsigned-varint spec's examples (github.com/multiformats/unsigned-varint).
VARINTS = [(1, "01"), (127, "7f"), (128, "8001"), (255, "ff01"), (300, "ac02"), (16384, "808001")]


@pytest.mark.parametrize(("value", "hex_"), VARINTS)
def test_varint_matches_spec_examples(value: int, hex_: str) -> None:
    assert encode_varint(value).hex() == hex_
    assert decode_varint(bytes.fromhex(hex_)) == (value, len(hex_) // 2)


@pytest.mark.parametrize(
    ("hex_", "message"),
    [
        ("80", "truncated varint at byte 0"),
        ("8000", "non-minimal varint at byte 0"),
        ("ffffffffffffffffff01", "varint longer than 9 bytes at byte 0"),
    ],
)
def test_bad_varint_is_refused(hex_: str, message: str) -> None:
    with pytest.raises(ValueError) as err:
        decode_varint(bytes.fromhex(hex_))
    assert str(err.value) == message


def test_negative_varint_is_refused() -> None:
    with pytest.raises(ValueError, match="varint must be non-negative, got -1"):
        encode_varint(-1)


# base58btc examples from the IETF draft-msporny-base58; base32 from RFC 4648 section 10.
@pytest.mark.parametrize(
    ("raw", "text"),
    [(b"Hello World!", "2NEpo7TZRRrLZSi2U"), (b"\0\0\x28\x7f\xb4\xcd", "11233QC4"), (b"", "")],
)
def test_base58btc_matches_published_examples(raw: bytes, text: str) -> None:
    assert base58btc_encode(raw) == text
    assert base58btc_decode(text) == raw


@pytest.mark.parametrize(("raw", "text"), [(b"f", "my"), (b"foob", "mzxw6yq"), (b"foobar", "mzxw6ytboi")])
def test_base32_matches_rfc4648(raw: bytes, text: str) -> None:
    assert base32_encode(raw) == text
    assert base32_decode(text) == raw


def test_multihash_is_code_length_digest() -> None:
    assert sha256_multihash(b"abc") == b"\x12\x20" + hashlib.sha256(b"abc").digest()


# Published CIDs: PRODUCT.md and the UnixFS spec's "well-known CIDs" appendix.
@pytest.mark.parametrize(
    ("text", "version", "codec"),
    [
        ("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", 0, DAG_PB),
        ("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", 1, RAW),
        ("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354", 1, DAG_PB),
    ],
)
def test_cid_text_round_trips(text: str, version: int, codec: int) -> None:
    cid = CID.parse(text)
    assert (cid.version, cid.codec) == (version, codec)
    assert str(cid) == text
    assert CID.from_bytes(bytes(cid)) == cid


def test_raw_cid_of_hello_world_matches_published_value() -> None:
    cid = CID.for_block(b"hello world", RAW, 1)
    assert str(cid) == "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e"
    assert cid.digest == hashlib.sha256(b"hello world").digest()
    assert cid.verify(b"hello world")
    assert not cid.verify(b"hello world!")


def test_v0_and_v1_of_same_node_share_the_multihash() -> None:
    # UnixFS spec: empty directory is QmUNLL... as v0 and bafybeiczss... as v1.
    v0 = CID.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn")
    assert str(v0.to_v1()) == "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354"


def test_base58btc_multibase_v1_parses_like_base32() -> None:
    v1 = CID.parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e")
    assert CID.parse("z" + base58btc_encode(bytes(v1))) == v1


def test_cids_are_hashable_and_compare_by_value() -> None:
    a = CID.for_block(b"x", RAW, 1)
    assert {a: 1}[CID.parse(str(a))] == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello", "not a CID (expected Qm... or a b/z multibase CIDv1): 'hello'"),
        ("Qm" + "0" * 44, "invalid base58btc character '0' at position 2"),
        ("bafy!", "invalid base32 character '!'"),
        ("", "not a CID (expected Qm... or a b/z multibase CIDv1): ''"),
    ],
)
def test_bad_cid_text_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError) as err:
        CID.parse(text)
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((2, DAG_PB, b"\x12\x20" + bytes(32)), "unsupported CID version 2"),
        ((0, RAW, b"\x12\x20" + bytes(32)), "CIDv0 is always dag-pb"),
        ((1, RAW, b"\x12\x20" + bytes(31)), "multihash digest length 31 does not match its header 32"),
    ],
)
def test_bad_cid_fields_are_refused(args: tuple[int, int, bytes], message: str) -> None:
    with pytest.raises(ValueError) as err:
        CID(*args)
    assert str(err.value) == message


def test_trailing_bytes_after_binary_cid_are_refused() -> None:
    raw = bytes(CID.for_block(b"x", RAW, 1)) + b"\0"
    with pytest.raises(ValueError, match="1 trailing bytes after CID"):
        CID.from_bytes(raw)
