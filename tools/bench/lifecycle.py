"""Generated petition lifecycles for the service benches: a city's year, day by day.

Each petition gets a plausible life (registered, assigned, sometimes returned and assigned
again, accepted or not, an acceptance notice, sometimes an extension, replied, rated,
sometimes reviewed or revisited) with dates drawn from the legal limits. ``timeline`` walks
the days in order and yields every event due that day, so the log interleaves petitions the
way intake's log does, and a petition's events keep their order. Seeded: the same arguments
give the same log.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from shared.refdata import ReferenceData, load_refdata
from shared.schemas import petition as pe
from shared.schemas.catalog import EventEnvelope
from shared.schemas.envelope import Actor

DAY0 = date(2025, 1, 1)
ACTOR = Actor(user_id="bench-registrar", role="registrar", org="320800-XFJ")
_CONTENT = "关于小区物业不作为、房屋征收补偿标准的诉求，请求有关部门依法核实处理并书面答复。"
_CHANNELS = ([pe.Channel.ONLINE] * 40 + [pe.Channel.VISIT] * 25 + [pe.Channel.LETTER] * 20) + [
    pe.Channel.PHONE
] * 15
_KINDS = [pe.Kind.CLAIM] * 80 + [pe.Kind.SUGGESTION] * 10 + [pe.Kind.ACCUSATION] * 10
_RATINGS = (
    [pe.Rating.VERY_SATISFIED] * 40 + [pe.Rating.SATISFIED] * 40 + [pe.Rating.NOT_QUITE] * 12
) + [pe.Rating.DISSATISFIED] * 8
_TERMINAL = (pe.PetitionReplied, pe.PetitionNotAccepted, pe.PetitionWithdrawn)


@dataclass(frozen=True)
class Emitted:
    petition_id: str
    version: int
    day: date
    payload: Any

    def envelope(self, *, validate: bool = False) -> EventEnvelope:
        """The event as intake would publish it; ``validate=False`` builds the same model as
        a trusted one (see ``trusted``): the benches need millions of them."""
        at = datetime.combine(self.day, time(9), tzinfo=UTC) + timedelta(minutes=self.version)
        fields = {
            "event_id": str(uuid.uuid4()),
            "event_type": self.payload.type,
            "schema_version": 1,
            "stream_id": self.petition_id,
            "stream_version": self.version,
            "occurred_at": at,
            "recorded_at": at,
            "actor": ACTOR,
            "correlation_id": f"bench-{self.petition_id[:40]}",
            "payload": self.payload,
        }
        if validate:
            return EventEnvelope(**fields)
        return trusted(EventEnvelope, fields)


_DEFAULTS: dict[Any, dict[str, Any]] = {}


def trusted(cls: Any, fields: dict[str, Any]) -> Any:
    """``cls.model_construct(**fields)`` for trusted, complete values, without its per-field
    alias and default bookkeeping (about 1 µs instead of 14 on pydantic 2.14): the same
    instance, defaults filled in, nothing validated."""
    defaults = _DEFAULTS.get(cls)
    if defaults is None:
        defaults = {
            name: f.get_default(call_default_factory=True)
            for name, f in cls.model_fields.items()
            if not f.is_required()
        }
        _DEFAULTS[cls] = defaults
    obj = cls.__new__(cls)
    merged = {**defaults, **fields}
    # In the model's field order, as validation leaves it: the JSON comes out in the same
    # order as a real event's (readers such as shared.consumer.peek rely on it).
    object.__setattr__(obj, "__dict__", {name: merged[name] for name in cls.model_fields})
    object.__setattr__(obj, "__pydantic_fields_set__", set(fields))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


class City:
    """Draws petitions over the reference data's townships, minor categories, departments."""

    def __init__(self, seed: int = 7, refdata: ReferenceData | None = None) -> None:
        ref = refdata or load_refdata()
        self.rng = random.Random(seed)
        self.regions = sorted(c for c, r in ref.regions.items() if r.level == pe.Level.TOWNSHIP)
        self.regions = self.regions or sorted(ref.regions)
        self.minors = sorted(m.code for major in ref.majors.values() for m in major.minors)
        self.departments = sorted(d.code for d in ref.departments.values() if not d.petition_office)
        # Build payloads through pydantic's validation (slow; the smoke tests do, to prove
        # the generated events valid) or as trusted models (the benches).
        self.validate = False
        self.registered = 0
        self._earlier: list[str] = []

    def _make(self, cls: type[Any], **fields: Any) -> Any:
        return cls(**fields) if self.validate else trusted(cls, fields)

    def lifecycle(self, pid: str, received: date) -> list[tuple[date, Any]]:
        r, mk = self.rng, self._make
        region = r.choice(self.regions)
        collective = r.random() < 0.03
        repeat_of = r.choice(self._earlier) if self._earlier and r.random() < 0.05 else None
        steps: list[tuple[date, Any]] = [
            (
                received,
                mk(
                    pe.PetitionRegistered,
                    tracking_code=f"HA{received:%Y%m%d}{self.registered:07d}",
                    channel=r.choice(_CHANNELS),
                    kind=r.choice(_KINDS),
                    category_code=r.choice(self.minors),
                    region_code=region,
                    receiving_org=f"{region[:6]}-XFJ",
                    receiving_level=pe.Level.COUNTY,
                    received_on=received,
                    collective=collective,
                    headcount=r.randint(5, 30) if collective else 1,
                    title="小区物业不作为问题反映",
                    content=_CONTENT * r.randint(1, 4),
                    petitioner=mk(
                        pe.Petitioner,
                        name="张伟",
                        id_number=f"3208{r.randint(10**13, 10**14 - 1)}",
                        phone=f"13{r.randint(10**8, 10**9 - 1)}",
                    ),
                    petitioner_key=f"pk-{r.randint(0, 10**9)}",
                    responsible_level=pe.Level.TOWNSHIP,
                    repeat_candidate_of=repeat_of,
                    skip_level=r.random() < 0.03,
                    forward_due=received + timedelta(days=15),
                    acceptance_notice_due=received + timedelta(days=15),
                ),
            )
        ]
        self.registered += 1
        if len(self._earlier) < 10_000:
            self._earlier.append(pid)
        else:  # a sample of earlier petitions, for repeat petitions to point at
            self._earlier[r.randrange(10_000)] = pid
        day = received + timedelta(days=r.randint(0, 3))
        dept = r.choice(self.departments)
        steps.append((day, self._assigned(dept, day)))
        if r.random() < 0.08:
            steps.append(
                (day, mk(pe.CaseOwnerSet, owner_user_id=f"owner-{dept}", owner_name="分管负责人"))
            )
        if r.random() < 0.04:
            day += timedelta(days=r.randint(1, 4))
            steps.append(
                (
                    day,
                    mk(
                        pe.PetitionReturned,
                        department=dept,
                        reason="不属本部门职责",
                        returned_on=day,
                    ),
                )
            )
            day += timedelta(days=r.randint(0, 2))
            dept = r.choice(self.departments)
            steps.append((day, self._assigned(dept, day)))
        fate = r.random()
        if fate < 0.03:
            day += timedelta(days=r.randint(1, 10))
            steps.append((day, mk(pe.PetitionWithdrawn, reason="自愿撤回", withdrawn_on=day)))
            return steps
        if fate < 0.10:
            day += timedelta(days=r.randint(1, 15))
            steps.append((day, mk(pe.PetitionNotAccepted, reason="不属于信访事项", decided_on=day)))
            return steps
        day += timedelta(days=r.randint(1, 12))
        due = day + timedelta(days=60)
        steps.append(
            (day, mk(pe.PetitionAccepted, accepted_on=day, handler=f"h-{dept}", reply_due=due))
        )
        accepted = day
        if r.random() < 0.95:
            steps.append((day, mk(pe.AcceptanceNoticeRecorded, notified_on=day, method="sms")))
        if r.random() < 0.10:
            asked = accepted + timedelta(days=r.randint(40, 55))
            steps.append(
                (asked, mk(pe.ExtensionRequested, days=30, reason="案情复杂", requested_on=asked))
            )
            decided = asked + timedelta(days=r.randint(1, 3))
            if r.random() < 0.8:
                due += timedelta(days=30)
                steps.append(
                    (
                        decided,
                        mk(
                            pe.ExtensionApproved,
                            days=30,
                            approver="head",
                            decided_on=decided,
                            reply_due=due,
                        ),
                    )
                )
            else:
                steps.append(
                    (
                        decided,
                        mk(
                            pe.ExtensionRefused,
                            approver="head",
                            reason="理由不充分",
                            decided_on=decided,
                        ),
                    )
                )
            day = decided
        # Mostly on time; about one in twelve late.
        replied = max(day, accepted + timedelta(days=r.randint(10, 64)))
        steps.append(
            (
                replied,
                mk(
                    pe.PetitionReplied,
                    replied_on=replied,
                    reply_text="经核实，已责成物业公司整改，现答复如下。" * 2,
                    document_ref=f"复字〔2025〕{self.registered}号",
                    review_request_due=replied + timedelta(days=30),
                    rating_token_hash="0" * 64,
                ),
            )
        )
        # What follows the reply follows the rating too: a step dated before the step it comes
        # after would be a gap in its stream, which every projection refuses to apply.
        last = replied
        if r.random() < 0.70:
            last = on = replied + timedelta(days=r.randint(1, 10))
            rating = r.choice(_RATINGS)
            steps.append(
                (on, mk(pe.PetitionRated, unit_rating=rating, result_rating=rating, rated_on=on))
            )
        if r.random() < 0.03:
            on = last + timedelta(days=r.randint(5, 25))
            steps.append(
                (
                    on,
                    mk(
                        pe.ReviewRequested,
                        stage="review",
                        requested_on=on,
                        decision_due=on + timedelta(days=30),
                    ),
                )
            )
        elif r.random() < 0.17:
            on = last + timedelta(days=r.randint(5, 20))
            steps.append(
                (
                    on,
                    mk(
                        pe.RevisitOutcomeRecorded,
                        outcome="回访",
                        resolved=r.random() < 0.9,
                        revisited_on=on,
                    ),
                )
            )
        return steps

    def _assigned(self, dept: str, day: date) -> Any:
        return self._make(
            pe.PetitionAssigned,
            department=dept,
            level=pe.Level.COUNTY,
            reason="按照分地区、分类别、分级别原则交办",
            rule_id=f"dept.{dept}",
            assigned_on=day,
            objection_due=day + timedelta(days=7),
            acceptance_due=day + timedelta(days=15),
        )


def timeline(
    city: City,
    per_day: int,
    days: int,
    *,
    start: date = DAY0,
    until: date | None = None,
    open_only: bool = False,
) -> Iterator[Emitted]:
    """Every event of ``per_day`` petitions a day over ``days`` days, in day order, up to
    ``until`` (default: the last registration day plus the time the last lives take).

    ``open_only`` keeps each petition short of its ending (reply, refusal, withdrawal), so
    every petition is still open on ``until``.
    """
    pending: dict[date, list[Emitted]] = {}
    last = until or start + timedelta(days=days + 200)
    n = 0
    day = start
    while day <= last:
        if day < start + timedelta(days=days):
            for _ in range(per_day):
                pid = str(uuid.UUID(int=city.rng.getrandbits(128), version=4))
                n += 1
                for version, (on, payload) in enumerate(city.lifecycle(pid, day), start=1):
                    if open_only and isinstance(payload, _TERMINAL):
                        break
                    if on <= last:
                        pending.setdefault(on, []).append(Emitted(pid, version, on, payload))
        yield from pending.pop(day, [])
        day += timedelta(days=1)
