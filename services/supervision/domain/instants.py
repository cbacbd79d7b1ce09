"""An act's instant as supervision's reads give it: the ``occurred_at`` of the event it comes
from, in UTC, ISO 8601 (as ``sunshine replay`` prints a time), so a timeline places the act
at its time of day and not at its day's start."""

from __future__ import annotations

from datetime import UTC, datetime


def instant(at: datetime) -> str:
    """``at`` in UTC as ISO 8601 (a time without a zone is UTC, as every envelope's is)."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat()


def later(*ats: str | None) -> str | None:
    """The latest of these instants, ``None`` when none is known (a row written before the
    column existed); the same whatever order they come in."""
    known = [a for a in ats if a is not None]
    return max(known, key=datetime.fromisoformat) if known else None
