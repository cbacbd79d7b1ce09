"""The interface every blob store answers to."""

from __future__ import annotations

import re
from typing import Protocol

# Keys are ids, never paths a caller could climb out of a folder with.
KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")


class BlobMissing(KeyError):
    """No blob under this key."""


class BlobStore(Protocol):
    def put(self, key: str, data: bytes, media_type: str) -> None:
        """Store ``data`` under ``key`` (replacing what was there)."""
        ...

    def get(self, key: str) -> bytes:
        """The bytes under ``key``; ``BlobMissing`` when there are none."""
        ...

    def delete(self, key: str) -> None:
        """Forget ``key``; nothing happens if it is absent."""
        ...


def checked_key(key: str) -> str:
    if not KEY.fullmatch(key):
        raise ValueError("a blob key is letters, digits, '-' and '_' (at most 128)")
    return key
