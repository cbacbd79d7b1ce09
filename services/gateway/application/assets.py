"""The web application's hashed files (``web/dist/assets``) held in memory once read, each with
its gzip form. A cold page load of the workbench asks for dozens of these files at once; from
memory each costs the gateway one send instead of a file read in a worker thread, and gzip
sends a third of the bytes. The files never change under their name (Vite puts their
content's hash in it), so nothing goes stale; an entry is keyed on the file's size and
modification time as well, in case a build writes a name again. The least recently used
entries leave once the entries pass ``max_bytes``."""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import threading
from collections import OrderedDict
from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path

# Text kinds worth compressing; images and fonts (already compressed) are served from disk.
COMPRESSIBLE = frozenset({".js", ".mjs", ".css", ".svg", ".json", ".map", ".txt", ".html"})
# Below this a gzip body saves nothing worth its header.
MIN_GZIP_BYTES = 1024
GZIP_LEVEL = 6


@dataclass(frozen=True)
class Asset:
    body: bytes
    # None when gzip would not make the file smaller.
    gzipped: bytes | None
    media_type: str
    etag: str
    last_modified: str

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"")


def cacheable(path: Path) -> bool:
    return path.suffix.lower() in COMPRESSIBLE


def read_asset(path: Path) -> Asset:
    body = path.read_bytes()
    stat = path.stat()
    packed = gzip.compress(body, GZIP_LEVEL, mtime=0) if len(body) >= MIN_GZIP_BYTES else None
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Asset(
        body=body,
        gzipped=packed if packed is not None and len(packed) < len(body) else None,
        media_type=media_type,
        etag=f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"',
        last_modified=formatdate(stat.st_mtime, usegmt=True),
    )


class AssetCache:
    """Thread-safe: a miss is read in a worker thread (``read_asset``) and stored from there."""

    def __init__(self, max_bytes: int = 64 * 1_048_576, max_file_bytes: int = 8 * 1_048_576):
        self.max_bytes = max_bytes
        self.max_file_bytes = max_file_bytes
        self._entries: OrderedDict[tuple[str, int, int], Asset] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def key(path: Path) -> tuple[str, int, int] | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        return (str(path), stat.st_mtime_ns, stat.st_size)

    def cached(self, key: tuple[str, int, int]) -> Asset | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def load(self, path: Path, key: tuple[str, int, int]) -> Asset | None:
        """Read ``path`` and keep it; None when it is too big to keep (served from disk)."""
        if key[2] > self.max_file_bytes:
            return None
        asset = read_asset(path)
        with self._lock:
            if key not in self._entries:
                self._entries[key] = asset
                self._bytes += asset.size
            while self._bytes > self.max_bytes and len(self._entries) > 1:
                _, old = self._entries.popitem(last=False)
                self._bytes -= old.size
        return asset
