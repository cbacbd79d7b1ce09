"""The embedded default: one file per blob in a folder under the data directory."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from shared.blobstore.store import BlobMissing, checked_key


class FolderBlobStore:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        # Two levels of fan-out keep a folder of a city's year of uploads listable.
        key = checked_key(key)
        return self.directory / key[:2] / key

    def put(self, key: str, data: bytes, media_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside, then renamed: a reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise BlobMissing(key) from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)
