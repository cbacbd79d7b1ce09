"""Append the index's own events (stream per dispute, grade, measure, surge, letter) in the
caller's unit of work, so read tables and events commit together."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shared.eventstore import NewEvent, UnitOfWork
from shared.schemas import SYSTEM_ACTOR, Actor

# Grades, measures, surges and letters are decided by the index itself, not by a person.
INDEX_ACTOR = Actor(user_id="index", role="system", org="system")


def append(
    uow: UnitOfWork,
    stream_id: str,
    payloads: Sequence[Any],
    actor: Actor = INDEX_ACTOR,
    correlation_id: str | None = None,
) -> None:
    version = uow.current_version(stream_id)
    corr = correlation_id or stream_id
    uow.append(stream_id, version, [NewEvent(p, actor, corr) for p in payloads])


__all__ = ["INDEX_ACTOR", "SYSTEM_ACTOR", "append"]
