"""Which regions are graded, and when a region's card holds enough to be graded."""

from __future__ import annotations

from typing import Any

GRADED_LEVELS = ("county", "township")


def has_data(card: dict[str, Any]) -> bool:
    """A fact in the period or a staff score: without either, a region's card is only its
    zero counts, and the model grades that 4."""
    staff = (f for f in card["factors"] if f["type"] == "qualitative")
    return any(card["counts"].values()) or any(f["score"] is not None for f in staff)
