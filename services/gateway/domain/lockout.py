"""Sign-in lockout: too many failures within a window, per username and per address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)

    def counts_from(self, now: datetime) -> datetime:
        """Failures at or after this instant count."""
        return now - self.window

    def locked(self, failures_by_username: int, failures_by_address: int) -> bool:
        return max(failures_by_username, failures_by_address) >= self.max_failures


def username_key(username: str) -> str:
    """One key for a username however it is typed (case, blanks around it)."""
    return username.strip().lower()[:128]
