"""The backup archives' streaming encryption: a round trip in many chunks, and every
kind of damage (a wrong key, a flipped bit, chunks reordered or dropped, a cut-off end)
is refused with its message."""

import io
import secrets

import pytest

from quartier.operations import encryption
from quartier.operations.encryption import (
    HEADER_SIZE,
    TAG_SIZE,
    DecryptingReader,
    EncryptingWriter,
    EncryptionError,
    generate_key,
    parse_key,
)


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(encryption, "CHUNK_SIZE", 64)


def _encrypt(data: bytes, key: bytes, *, writes: int = 7) -> bytes:
    out = io.BytesIO()
    writer = EncryptingWriter(out, key)
    for start in range(0, len(data), writes):
        writer.write(data[start : start + writes])
    writer.finish()
    return out.getvalue()


def _decrypt(blob: bytes, key: bytes, *, reads: int = 10) -> bytes:
    reader = DecryptingReader(io.BytesIO(blob), key)
    parts = []
    while chunk := reader.read(reads):
        parts.append(chunk)
    return b"".join(parts)


def _chunks(blob: bytes) -> tuple[bytes, list[bytes]]:
    size = 64 + TAG_SIZE
    body = blob[HEADER_SIZE:]
    return blob[:HEADER_SIZE], [body[i : i + size] for i in range(0, len(body), size)]


@pytest.mark.parametrize("length", [0, 1, 63, 64, 65, 128, 1000])
def test_round_trip(length):
    key = parse_key(generate_key())
    data = secrets.token_bytes(length)
    blob = _encrypt(data, key)
    assert data not in blob or length < 16
    assert _decrypt(blob, key) == data
    assert DecryptingReader(io.BytesIO(blob), key).read() == data


def test_each_archive_has_its_own_salt():
    key = parse_key(generate_key())
    assert _encrypt(b"same", key) != _encrypt(b"same", key)


def test_a_wrong_key_is_named():
    blob = _encrypt(b"data" * 50, parse_key(generate_key()))
    with pytest.raises(EncryptionError, match="different key"):
        _decrypt(blob, parse_key(generate_key()))


def test_a_flipped_bit_is_refused():
    key = parse_key(generate_key())
    blob = bytearray(_encrypt(b"x" * 300, key))
    blob[HEADER_SIZE + 70] ^= 1
    with pytest.raises(EncryptionError, match="damaged"):
        _decrypt(bytes(blob), key)


def test_reordered_chunks_are_refused():
    key = parse_key(generate_key())
    header, chunks = _chunks(_encrypt(bytes(range(256)) * 2, key))
    assert len(chunks) >= 3
    swapped = header + chunks[1] + chunks[0] + b"".join(chunks[2:])
    with pytest.raises(EncryptionError, match="damaged"):
        _decrypt(swapped, key)


@pytest.mark.parametrize("keep", [0, 1, 2])
def test_an_archive_cut_at_a_chunk_boundary_is_refused(keep):
    key = parse_key(generate_key())
    header, chunks = _chunks(_encrypt(bytes(range(256)) * 2, key))
    with pytest.raises(EncryptionError, match="truncated"):
        _decrypt(header + b"".join(chunks[:keep]), key)


def test_an_archive_cut_inside_a_chunk_is_refused():
    key = parse_key(generate_key())
    blob = _encrypt(bytes(range(256)) * 2, key)
    with pytest.raises(EncryptionError, match="truncated"):
        _decrypt(blob[:-5], key)
    with pytest.raises(EncryptionError, match="truncated"):
        _decrypt(blob[: HEADER_SIZE - 3], key)


@pytest.mark.parametrize("text", ["", "short", "!" * 44, "A" * 40, "A" * 48])
def test_a_bad_key_text_says_how_to_make_one(text):
    with pytest.raises(EncryptionError, match="generate-key"):
        parse_key(text)
