"""What a handler needs besides the petition's state: the date, the rules, and the ports.

Everything with I/O (the earlier petitions of a petitioner, the random sources) comes in
here, so the handlers stay pure and the tests pass fakes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from services.intake.domain.deadlines import Deadlines
from services.intake.domain.tracking import new_tracking_code
from shared.refdata import ReferenceData
from shared.schemas.petition import Level


@dataclass(frozen=True)
class EarlierPetition:
    """What registration and linking need to know about another petition."""

    petition_id: str
    tracking_code: str
    category_code: str
    received_on: date
    receiving_level: Level
    # Concluded by re-review (复核): the same claim is not accepted again (Art. 36).
    concluded: bool = False


class PetitionHistory(Protocol):
    """The port to earlier petitions (intake's own read model behind it)."""

    def by_petitioner(self, petitioner_key: str) -> Sequence[EarlierPetition]: ...

    def get(self, petition_id: str) -> EarlierPetition | None: ...


class NoHistory:
    """A history with nothing in it: for tools and tests that do not care."""

    def by_petitioner(self, petitioner_key: str) -> Sequence[EarlierPetition]:
        return ()

    def get(self, petition_id: str) -> EarlierPetition | None:
        return None


@dataclass(frozen=True)
class Policy:
    """Windows for the registration facts; configuration, not law."""

    repeat_window_days: int = 180
    skip_level_window_days: int = 365
    # No petition is registered as received before this day (a typo, not a petition).
    earliest_received_on: date = date(2000, 1, 1)


@dataclass(frozen=True)
class Context:
    today: date
    refdata: ReferenceData
    deadlines: Deadlines
    petitioner_key_secret: bytes = field(repr=False)
    # Derives the rating token a reply hands out (shared/auth/rating.py).
    rating_link_key: bytes = field(repr=False)
    history: PetitionHistory = field(default_factory=NoHistory)
    policy: Policy = field(default_factory=Policy)
    new_tracking_code: Callable[[], str] = new_tracking_code

    def at(self, today: date) -> Context:
        """The same context on another day: build one at start-up, date it per request."""
        return replace(self, today=today)


@dataclass(frozen=True)
class Decision:
    """The events a command produced, plus what only the caller may see.

    ``rating_token`` is handed to the petitioner with the reply and never stored (the
    event holds its hash; feedback derives it again for the SMS).
    """

    events: tuple[Any, ...]
    tracking_code: str | None = None
    rating_token: str | None = None
