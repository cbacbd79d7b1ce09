"""The notice duty: whether a notice went out by the day the law sets."""

from __future__ import annotations

from datetime import date, datetime


def on_time(due_on: date | None, sent_at: datetime | None, status: str, today: date) -> bool | None:
    """Sent by its due day; None while it still can be (or when the law sets no day)."""
    if due_on is None:
        return None
    if sent_at is None:
        return None if status == "pending" and today <= due_on else False
    return sent_at.date() <= due_on
