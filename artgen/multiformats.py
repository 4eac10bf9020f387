"""Multiformats needed for IPFS content identifiers, written out so CIDs need no daemon.

Covers exactly what UnixFS provenance uses: unsigned varints, the sha2-256 multihash, the
raw (0x55) and dag-pb (0x70) codecs, CIDv0 (bare base58btc multihash, ``Qm...``) and CIDv1
(``<version><codec><multihash>``, printed in base32 lower with the ``b`` multibase prefix).
Specs: https://github.com/multiformats/cid, /multihash, /multibase, /unsigned-varint.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

SHA2_256 = 0x12
SHA2_256_LENGTH = 32
RAW = 0x55
DAG_PB = 0x70

_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58_ALPHABET)}
_B32_ALPHABET = set("abcdefghijklmnopqrstuvwxyz234567")
_MAX_VARINT_BYTES = 9  # the unsigned-varint spec caps values at 2**63 - 1, i.e. 9 bytes


def encode_varint(value: int) -> bytes:
    """Unsigned LEB128 varint, as used by multiformats, protobuf and CAR section lengths."""
    if value < 0:
        raise ValueError(f"varint must be non-negative, got {value}")
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def decode_varint(data: bytes | bytearray | memoryview, offset: int = 0) -> tuple[int, int]:
    """Read one varint at ``offset``; return ``(value, offset after it)``.

    Rejects truncated, over-long and non-minimal encodings, as the unsigned-varint spec requires.
    """
    value = 0
    shift = 0
    for i in range(_MAX_VARINT_BYTES):
        if offset + i >= len(data):
            raise ValueError(f"truncated varint at byte {offset}")
        byte = data[offset + i]
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            if byte == 0 and i > 0:
                raise ValueError(f"non-minimal varint at byte {offset}")
            return value, offset + i + 1
        shift += 7
    raise ValueError(f"varint longer than {_MAX_VARINT_BYTES} bytes at byte {offset}")


def base58btc_encode(data: bytes) -> str:
    """Bitcoin base58 (leading zero bytes become '1')."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    chars = []
    while number:
        number, rem = divmod(number, 58)
        chars.append(_B58_ALPHABET[rem])
    return "1" * zeros + "".join(reversed(chars))


def base58btc_decode(text: str) -> bytes:
    """Inverse of :func:`base58btc_encode`; names the first character outside the alphabet."""
    number = 0
    for pos, char in enumerate(text):
        digit = _B58_INDEX.get(char)
        if digit is None:
            raise ValueError(f"invalid base58btc character {char!r} at position {pos}")
        number = number * 58 + digit
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def base32_encode(data: bytes) -> str:
    """RFC 4648 base32, lower case, no padding (multibase ``base32``)."""
    return base64.b32encode(data).decode("ascii").rstrip("=").lower()


def base32_decode(text: str) -> bytes:
    """Inverse of :func:`base32_encode`."""
    bad = next((c for c in text if c not in _B32_ALPHABET), None)
    if bad is not None:
        raise ValueError(f"invalid base32 character {bad!r}")
    return base64.b32decode(text.upper() + "=" * (-len(text) % 8))


def sha256_multihash(data: bytes | memoryview) -> bytes:
    """The sha2-256 multihash of ``data``: ``0x12 0x20 <32-byte digest>``."""
    return bytes((SHA2_256, SHA2_256_LENGTH)) + hashlib.sha256(data).digest()


@dataclass(frozen=True, slots=True)
class CID:
    """A content identifier: version, codec and a sha2-256 multihash.

    Immutable and hashable, so it can key a block map. ``str(cid)`` is the canonical text form
    (base58btc for v0, base32 ``b...`` for v1) and ``bytes(cid)`` the binary form that dag-pb
    links and CAR files carry.
    """

    version: int
    codec: int
    multihash: bytes

    def __post_init__(self) -> None:
        if self.version not in (0, 1):
            raise ValueError(f"unsupported CID version {self.version}")
        if self.version == 0 and self.codec != DAG_PB:
            raise ValueError("CIDv0 is always dag-pb")
        if len(self.multihash) < 2:
            raise ValueError("multihash is too short")
        code, pos = decode_varint(self.multihash)
        length, pos = decode_varint(self.multihash, pos)
        if len(self.multihash) - pos != length:
            raise ValueError(f"multihash digest length {len(self.multihash) - pos} does not match its header {length}")
        if self.version == 0 and (code != SHA2_256 or length != SHA2_256_LENGTH):
            raise ValueError("CIDv0 must be a sha2-256 multihash")

    @classmethod
    def for_block(cls, block: bytes | memoryview, codec: int, version: int) -> CID:
        """The CID of a block hashed with sha2-256."""
        return cls(version, codec, sha256_multihash(block))

    @classmethod
    def from_bytes(cls, data: bytes | memoryview) -> CID:
        """Parse the binary form (a CIDv0 is a bare 34-byte sha2-256 multihash)."""
        cid, end = cls.read(data, 0)
        if end != len(data):
            raise ValueError(f"{len(data) - end} trailing bytes after CID")
        return cid

    @classmethod
    def read(cls, data: bytes | memoryview, offset: int) -> tuple[CID, int]:
        """Parse a binary CID at ``offset``; return it and the offset after it."""
        if data[offset : offset + 2] == bytes((SHA2_256, SHA2_256_LENGTH)):
            end = offset + 2 + SHA2_256_LENGTH
            if end > len(data):
                raise ValueError("truncated CIDv0")
            return cls(0, DAG_PB, bytes(data[offset:end])), end
        version, pos = decode_varint(data, offset)
        if version != 1:
            raise ValueError(f"unsupported CID version {version}")
        codec, pos = decode_varint(data, pos)
        start = pos
        _, pos = decode_varint(data, pos)
        length, pos = decode_varint(data, pos)
        if pos + length > len(data):
            raise ValueError("truncated multihash in CID")
        return cls(1, codec, bytes(data[start : pos + length])), pos + length

    @classmethod
    def parse(cls, text: str) -> CID:
        """Parse the text form: CIDv0 ``Qm...``, or CIDv1 in base32 (``b``) or base58btc (``z``)."""
        if len(text) == 46 and text.startswith("Qm"):
            return cls.from_bytes(base58btc_decode(text))
        if text[:1] in ("b", "z"):
            raw = base32_decode(text[1:]) if text[0] == "b" else base58btc_decode(text[1:])
            cid = cls.from_bytes(raw)
            if cid.version != 1:
                raise ValueError(f"multibase text {text!r} holds a CIDv0")
            return cid
        raise ValueError(f"not a CID (expected Qm... or a b/z multibase CIDv1): {text!r}")

    def __bytes__(self) -> bytes:
        if self.version == 0:
            return self.multihash
        return encode_varint(1) + encode_varint(self.codec) + self.multihash

    def __str__(self) -> str:
        if self.version == 0:
            return base58btc_encode(self.multihash)
        return "b" + base32_encode(bytes(self))

    def __repr__(self) -> str:
        return f"CID({str(self)!r})"

    @property
    def digest(self) -> bytes:
        """The hash digest without the multihash header."""
        _, pos = decode_varint(self.multihash)
        _, pos = decode_varint(self.multihash, pos)
        return self.multihash[pos:]

    def verify(self, block: bytes | memoryview) -> bool:
        """Whether ``block`` hashes to this CID (only sha2-256 CIDs are produced or checked)."""
        if self.multihash[0] != SHA2_256:
            raise ValueError(f"cannot verify multihash code 0x{self.multihash[0]:x}: only sha2-256")
        return sha256_multihash(block) == self.multihash

    def to_v1(self) -> CID:
        """The same content addressed as CIDv1 (what gateways' subdomains need)."""
        return CID(1, self.codec, self.multihash)
