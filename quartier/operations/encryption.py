"""Streaming, authenticated encryption of backup archives.

An encrypted archive is a header followed by chunks of AES-256-GCM:

    header = MAGIC (22 bytes) | salt (16 bytes) | key check (16 bytes)
    chunk  = AES-GCM(file key, nonce = chunk index (11 bytes) | final flag (1 byte),
                     plaintext of CHUNK_SIZE bytes (the last one: 0..CHUNK_SIZE),
                     associated data = header)

The file key is derived with HKDF-SHA256 from the master key (QUARTIER_BACKUP_KEY) and
the file's random salt, so no two archives share a key and the counter nonces never
repeat under one key. The chunk index and the final flag are in the nonce: a chunk moved,
dropped or repeated, and an archive cut after any chunk, fail to decrypt. The key check
(another HKDF output) tells a wrong key apart from a damaged file without revealing the
key. Only one chunk is in memory at a time.

The master key is 32 random bytes in URL-safe base64 (`manage.py backup --generate-key`).
"""

import base64
import binascii
import hmac
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"QUARTIER-BACKUP-AES1\r\n"
SALT_SIZE = 16
CHECK_SIZE = 16
HEADER_SIZE = len(MAGIC) + SALT_SIZE + CHECK_SIZE
CHUNK_SIZE = 1 << 20
TAG_SIZE = 16


class EncryptionError(Exception):
    """A key or an encrypted archive that cannot be used (the message says why)."""


def generate_key() -> str:
    """A new master key: 32 random bytes, URL-safe base64."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def parse_key(text: str) -> bytes:
    """The master key's bytes from its base64 text; a clear error for anything else."""
    text = (text or "").strip()
    if not text:
        raise EncryptionError(
            "QUARTIER_BACKUP_KEY is not set (make one with `manage.py backup --generate-key`)."
        )
    try:
        key = base64.urlsafe_b64decode(text.encode("ascii") + b"=" * (-len(text) % 4))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        key = b""
    if len(key) != 32:
        raise EncryptionError(
            "QUARTIER_BACKUP_KEY must be 32 random bytes in URL-safe base64 "
            "(make one with `manage.py backup --generate-key`)."
        )
    return key


def _derive(master: bytes, salt: bytes, purpose: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=purpose).derive(master)


def _nonce(index: int, final: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def is_encrypted(first_bytes: bytes) -> bool:
    return first_bytes.startswith(MAGIC)


class EncryptingWriter:
    """A write-only file object: encrypts what is written, chunk by chunk, into `raw`.
    `finish()` writes the final chunk (without it, the archive reads as truncated)."""

    def __init__(self, raw, master: bytes):
        salt = secrets.token_bytes(SALT_SIZE)
        self.header = MAGIC + salt + _derive(master, salt, b"quartier backup key check", 16)
        self._aead = AESGCM(_derive(master, salt, b"quartier backup file key", 32))
        self._raw = raw
        self._buffer = bytearray()
        self._index = 0
        raw.write(self.header)

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK_SIZE:
            self._emit(bytes(self._buffer[:CHUNK_SIZE]), final=False)
            del self._buffer[:CHUNK_SIZE]
        return len(data)

    def _emit(self, plain: bytes, *, final: bool) -> None:
        self._raw.write(self._aead.encrypt(_nonce(self._index, final), plain, self.header))
        self._index += 1

    def finish(self) -> None:
        self._emit(bytes(self._buffer), final=True)
        self._buffer = bytearray()

    def flush(self) -> None:
        self._raw.flush()


class DecryptingReader:
    """A read-only file object over an encrypted archive; raises EncryptionError on a
    wrong key, a damaged chunk, or an archive that ends before its final chunk."""

    def __init__(self, raw, master: bytes):
        header = raw.read(HEADER_SIZE)
        if len(header) < HEADER_SIZE or not header.startswith(MAGIC):
            raise EncryptionError("The archive is truncated or not an encrypted Quartier backup.")
        salt = header[len(MAGIC) : len(MAGIC) + SALT_SIZE]
        check = _derive(master, salt, b"quartier backup key check", 16)
        if not hmac.compare_digest(check, header[len(MAGIC) + SALT_SIZE :]):
            raise EncryptionError(
                "The archive was encrypted with a different key (QUARTIER_BACKUP_KEY)."
            )
        self._header = header
        self._aead = AESGCM(_derive(master, salt, b"quartier backup file key", 32))
        self._raw = raw
        self._index = 0
        self._done = False
        self._plain = b""
        self._ahead = raw.read(CHUNK_SIZE + TAG_SIZE)

    def _next_chunk(self) -> None:
        sealed, self._ahead = self._ahead, self._raw.read(CHUNK_SIZE + TAG_SIZE)
        final = not self._ahead
        if len(sealed) < TAG_SIZE:
            raise EncryptionError("The archive is truncated (its last encrypted chunk is missing).")
        try:
            self._plain = self._aead.decrypt(_nonce(self._index, final), sealed, self._header)
        except InvalidTag:
            if final:
                raise EncryptionError(
                    "The archive is truncated or damaged (its last encrypted chunk does not "
                    "verify)."
                ) from None
            raise EncryptionError(
                f"The archive is damaged (encrypted chunk {self._index} does not verify)."
            ) from None
        self._index += 1
        self._done = final

    def read(self, size: int = -1) -> bytes:
        parts = []
        wanted = size if size >= 0 else None
        while wanted is None or wanted > 0:
            if not self._plain:
                if self._done:
                    break
                self._next_chunk()
                continue
            take = self._plain if wanted is None else self._plain[:wanted]
            self._plain = self._plain[len(take) :]
            parts.append(take)
            if wanted is not None:
                wanted -= len(take)
        return b"".join(parts)
