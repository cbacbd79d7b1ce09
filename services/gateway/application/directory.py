"""The development directory of staff (``users.json``) and password checks with argon2.

A username that is not in the directory is checked against a dummy hash, so an answer takes
about as long whether the user exists or not."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict, Field

from services.gateway.domain.lockout import username_key
from shared.auth.roles import Role
from shared.refdata import DEFAULT_DIR, ReferenceData

USERS_FILE = "users.json"


class DirectoryUser(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    username: str = Field(min_length=1, max_length=128)
    name: str = Field(min_length=1, max_length=128)
    role: Role
    org: str = Field(min_length=1, max_length=64)
    password_hash: str = Field(repr=False)


class DirectoryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: str
    users: list[DirectoryUser]


def hash_password(password: str) -> str:
    """An argon2id hash (argon2-cffi's defaults, RFC 9106's second recommendation)."""
    return PasswordHasher().hash(password)


class Directory:
    def __init__(self, users: list[DirectoryUser]) -> None:
        self._users = {username_key(u.username): u for u in users}
        if len(self._users) != len(users):
            raise ValueError("users.json: two users share a username")
        self._hasher = PasswordHasher()
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))

    @classmethod
    def load(cls, path: Path, refdata: ReferenceData | None = None) -> Directory:
        """Read and check the file; every user's org must be a known region or department."""
        data = DirectoryFile.model_validate(json.loads(path.read_text(encoding="utf-8")))
        if refdata is not None:
            codes = refdata.org_tree.codes
            unknown = sorted({u.org for u in data.users if u.org not in codes})
            if unknown:
                raise ValueError(f"{path}: unknown orgs {unknown}")
        return cls(data.users)

    def __len__(self) -> int:
        return len(self._users)

    def users(self) -> list[DirectoryUser]:
        """Every user, in the file's order (hashes included: callers show none)."""
        return list(self._users.values())

    def verify(self, username: str, password: str) -> DirectoryUser | None:
        """The user if the password is theirs, else None (never saying which part failed)."""
        user = self._users.get(username_key(username))
        try:
            self._hasher.verify(user.password_hash if user else self._dummy, password)
        except (VerificationError, InvalidHashError):
            return None
        return user


def directory_path(users_file: Path | None, refdata_dir: Path | None) -> Path:
    if users_file is not None:
        return users_file
    return (refdata_dir or DEFAULT_DIR) / USERS_FILE
