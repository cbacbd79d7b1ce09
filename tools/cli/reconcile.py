"""What ``sunshine check`` compares: every service's projections against intake, petition by
petition (DESIGN.md, rule 8).

Intake is the writer of petition streams, so its ``petitions`` row (version, status,
department) is the truth. Each other service is judged on two things:

- its consumers' positions (``stream_positions``): every consumer of ``petition.events``
  records the last version of each stream it has taken, events it does not use included
  (``shared.consumer.peek``: a skipped event still advances the stream), so a consumer that
  is done with a petition stands at intake's version exactly;
- the key fields of its read model, once every consumer stands at intake's version: what
  each service keeps of the department and status, in its own terms (below); for feedback
  also its revisit task (回头看), done only if intake recorded a revisit outcome, and not done
  when intake has (intake's events say which petitions have one).

The databases are read as an operator would: directly, read-only. Each service is read
before intake, and positions before rows, so a live system's lag shows as ``behind``, never
as a false difference: rows read after a position are at least that new, and intake, read
last, is at least as new as any of them.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from services.feedback.domain.revisits import DONE
from services.feedback.projections import outreach, readmodels
from services.feedback.tables import contacts, revisits, sat_cases
from services.index.projections.facts import Facts
from services.index.tables import petitions as index_petitions
from services.intake.tables import petitions
from services.routing.projections import decisions, queues
from services.routing.tables import cases as routing_cases
from services.routing.tables import queue_items
from services.supervision.projections import audit as supervision_audit
from services.supervision.projections import deadlines as supervision
from services.supervision.tables import audit_rows
from services.supervision.tables import cases as supervision_cases
from shared.eventstore.tables import events, stream_positions
from shared.schemas.petition import RevisitOutcomeRecorded

KINDS = ("agreed", "missing", "behind", "ahead", "different")

Held = dict[str, Any]  # what one service keeps of one petition
Problem = tuple[str, str]  # (kind, what): kind is "missing" or "different"


@dataclass(frozen=True)
class Petition:
    """Intake's word on one petition."""

    id: str
    version: int
    status: str
    department: str | None
    # Whether intake recorded a revisit outcome (read only for the parts that compare it).
    revisit_recorded: bool = False


@dataclass(frozen=True)
class Disagreement:
    service: str
    petition_id: str
    kind: str  # missing, behind, ahead or different
    detail: str


@dataclass(frozen=True)
class Part:
    """One service as the check reads it: its consumers of ``petition.events``, what its read
    model holds of each petition, and how that is judged against intake."""

    service: str
    consumers: tuple[str, ...]
    read: Callable[[Connection], dict[str, Held]]
    judge: Callable[[Petition, Held | None], list[Problem]]
    # Compares intake's revisit outcomes: a scan of intake's events the others are spared.
    revisits: bool = False


@dataclass
class Report:
    petitions: int = 0
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    unavailable: dict[str, str] = field(default_factory=dict)  # service -> why

    @property
    def ok(self) -> bool:
        return not self.disagreements and not self.unavailable

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "petitions": self.petitions,
            "services": {s: {k: c[k] for k in KINDS} for s, c in self.counts.items()},
            "unavailable": self.unavailable,
            "disagreements": [d.__dict__ for d in self.disagreements],
        }

    def summary(self) -> str:
        parts = [f"{self.petitions} petitions checked"]
        for service, c in self.counts.items():
            parts.append(f"{service}: " + ", ".join(f"{c[k]} {k}" for k in KINDS))
        parts += [f"{s}: not checked ({why})" for s, why in self.unavailable.items()]
        return "; ".join(parts)


class Unavailable(Exception):
    """A database the check cannot read (absent, unreachable, not migrated)."""


class IntakeUnavailable(Exception):
    """Intake's database cannot be read: there is nothing to compare with."""


# -- reading ---------------------------------------------------------------------------------


def read_only_engine(url: str) -> Engine:
    """An engine that cannot write: SQLite opened ``mode=ro`` (and never created),
    PostgreSQL in read-only transactions."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, execution_options={"postgresql_readonly": True})
    path = Path(parsed.database or "")
    if not parsed.database or not path.is_file():
        raise Unavailable(f"no database at {path}")
    uri = f"file:{path.resolve()}?mode=ro"
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, timeout=30))


_REVISIT_RECORDED = RevisitOutcomeRecorded.model_fields["type"].default


def read_intake(conn: Connection, revisits: bool = False) -> list[Petition]:
    """Every petition; with ``revisits``, also which have a revisit outcome recorded."""
    recorded: set[str] = set()
    if revisits:
        q = select(events.c.stream_id).where(events.c.event_type == _REVISIT_RECORDED)
        recorded = set(conn.execute(q.distinct()).scalars())
    q = select(petitions.c.id, petitions.c.version, petitions.c.status, petitions.c.department)
    return [
        Petition(pid, version, status, department, pid in recorded)
        for pid, version, status, department in conn.execute(q.order_by(petitions.c.id))
    ]


def read_positions(
    conn: Connection, consumers: Iterable[str], topic: str
) -> dict[str, dict[str, int]]:
    """petition id -> consumer -> the last version it took, from ``stream_positions``."""
    prefix = f"{topic}|"
    found: dict[str, dict[str, int]] = {}
    q = select(
        stream_positions.c.consumer, stream_positions.c.stream_key, stream_positions.c.version
    )
    for consumer, key, version in conn.execute(q.where(stream_positions.c.consumer.in_(consumers))):
        if key.startswith(prefix):
            found.setdefault(key[len(prefix) :], {})[consumer] = int(version)
    return found


# -- judging ---------------------------------------------------------------------------------


def judge(
    part: Part, petition: Petition, seen: dict[str, int], held: Held | None
) -> Disagreement | None:
    """The one verdict on one petition in one service, worst first; None when it agrees."""

    def say(kind: str, detail: str) -> Disagreement:
        return Disagreement(part.service, petition.id, kind, detail)

    unseen = [c for c in part.consumers if c not in seen]
    if unseen:
        return say("missing", f"{', '.join(unseen)} never took it (intake: v{petition.version})")
    ahead = [c for c in part.consumers if seen[c] > petition.version]
    behind = [c for c in part.consumers if seen[c] < petition.version]
    for kind, off in (("ahead", ahead), ("behind", behind)):
        if off:
            at = ", ".join(f"{c} at v{seen[c]}" for c in off)
            return say(kind, f"{at}; intake at v{petition.version}")
    problems = part.judge(petition, held)
    if not problems:
        return None
    kind = "missing" if any(k == "missing" for k, _ in problems) else "different"
    return say(kind, "; ".join(what for _, what in problems))


def check_part(
    part: Part, engine: Engine, topic: str, intake: Callable[[bool], list[Petition]]
) -> tuple[list[Petition], list[Disagreement]]:
    try:
        with engine.connect() as conn:
            seen = read_positions(conn, part.consumers, topic)
            held = part.read(conn)
    except SQLAlchemyError as exc:
        raise Unavailable(f"cannot read its database: {type(exc).__name__}") from exc
    found = intake(part.revisits)  # after the service: see the module docstring
    verdicts = [judge(part, p, seen.get(p.id, {}), held.get(p.id)) for p in found]
    return found, [v for v in verdicts if v is not None]


def reconcile(intake_url: str, service_urls: dict[str, str], topic: str) -> Report:
    """Compare each service in ``service_urls`` (name -> database URL) with intake."""
    report = Report()
    try:
        intake_engine = read_only_engine(intake_url)
    except Unavailable as exc:
        raise IntakeUnavailable(str(exc)) from exc

    def intake(revisits: bool) -> list[Petition]:
        try:
            with intake_engine.connect() as conn:
                return read_intake(conn, revisits)
        except SQLAlchemyError as exc:
            raise IntakeUnavailable(f"cannot read intake: {type(exc).__name__}") from exc

    try:
        for name, url in service_urls.items():
            try:
                engine = read_only_engine(url)
                try:
                    found, wrong = check_part(PARTS[name], engine, topic, intake)
                finally:
                    engine.dispose()
            except Unavailable as exc:
                report.unavailable[name] = str(exc)
                continue
            report.petitions = max(report.petitions, len(found))
            counts: Counter[str] = Counter(d.kind for d in wrong)
            counts["agreed"] = len(found) - len(wrong)
            report.counts[name] = counts
            report.disagreements += wrong
    finally:
        intake_engine.dispose()
    return report


# -- each service's read model, in its own terms --------------------------------------------

UNASSIGNED = ("registered", "returned")  # intake has no department for these


def _statuses(**by_status: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {status: allowed for key, allowed in by_status.items() for status in key.split("__")}


# routing_cases.status: what routing's decision consumer knows of where the petition is.
ROUTING_CASE = _statuses(
    registered__returned=("assigning", "manual"),
    assigned__accepted__replied=("assigned",),
    closed__withdrawn__not_accepted=("closed",),
    under_review__reviewed__under_re_review__re_reviewed=("assigned", "closed"),
)
# The state of the petition's current work-queue row (queues.py).
QUEUE_STATE = _statuses(
    registered__returned=("unrouted",),
    assigned=("new",),
    accepted=("in_handling",),
    replied__not_accepted=("done",),
    closed__withdrawn=("closed",),
    under_review__reviewed__under_re_review__re_reviewed=("done", "closed"),
)
_OPEN = ("unrouted", "new", "in_handling")


_ANY = object()


def _department(p: Petition, held: str | None, what: str, unassigned: Any = _ANY) -> list[Problem]:
    """Where intake names a department the service must hold it; before any assignment,
    ``unassigned`` (when the service has a value of its own for that)."""
    if p.department is not None:
        ok = held == p.department
    elif p.status in UNASSIGNED and unassigned is not _ANY:
        ok = held == unassigned
    else:
        return []
    return [] if ok else [("different", f"{what} {held!r}, intake {p.department!r}")]


def _read_routing(conn: Connection) -> dict[str, Held]:
    held: dict[str, Held] = {}
    c = routing_cases.c
    for pid, status, dept in conn.execute(select(c.petition_id, c.status, c.department)):
        held[pid] = {"status": status, "department": dept, "queue": []}
    q = queue_items.c
    for pid, dept, state, current in conn.execute(
        select(q.petition_id, q.department, q.state, q.current).order_by(
            q.petition_id, q.department
        )
    ):
        held.setdefault(pid, {"queue": []})["queue"].append((dept, state, bool(current)))
    return held


def _judge_routing(p: Petition, held: Held | None) -> list[Problem]:
    held = held or {"queue": []}
    if "status" not in held:
        problems: list[Problem] = [("missing", "no routing case")]
    elif held["status"] not in ROUTING_CASE.get(p.status, ()):
        problems = [("different", f"case {held['status']!r}, intake {p.status!r}")]
    else:
        problems = _department(p, held["department"], "case department")
    return problems + _judge_queue(p, held["queue"])


def _judge_queue(p: Petition, rows: list[tuple[str, str, bool]]) -> list[Problem]:
    current = [(d, s) for d, s, is_current in rows if is_current]
    opened = [(d, s) for d, s, _ in rows if s in _OPEN]
    if len(current) > 1 or len(opened) > 1:
        return [("different", f"duplicate queue rows {sorted(set(current + opened))}")]
    if p.department is None and p.status not in UNASSIGNED:
        # Ended before anyone had it (withdrawn, not accepted): off every list.
        return [("different", f"still queued {current}, intake {p.status!r}")] if current else []
    if not current:
        return [("missing", f"no queue row, intake {p.status!r} at {p.department!r}")]
    dept, state = current[0]
    if state not in QUEUE_STATE.get(p.status, ()):
        return [("different", f"queue row {state!r}, intake {p.status!r}")]
    return _department(p, dept, "queued at")


def _read_supervision(conn: Connection) -> dict[str, Held]:
    c = supervision_cases.c
    held = {pid: {"department": d} for pid, d in conn.execute(select(c.petition_id, c.department))}
    a = audit_rows.c
    rows = select(a.petition_id, func.count()).group_by(a.petition_id)
    for pid, count in conn.execute(rows):
        held.setdefault(pid, {})["audit_rows"] = int(count)
    return held


def _judge_supervision(p: Petition, held: Held | None) -> list[Problem]:
    if held is None or "department" not in held:
        return [("missing", "no case row")]
    problems = _department(p, held["department"], "department", unassigned=None)
    # The audit log holds one row per event: as many as intake's version.
    rows = held.get("audit_rows", 0)
    if rows != p.version:
        kind = "missing" if rows < p.version else "different"
        problems.append((kind, f"{rows} audit log rows, intake v{p.version}"))
    return problems


def _read_index(conn: Connection) -> dict[str, Held]:
    c = index_petitions.c
    return {pid: {"department": d} for pid, d in conn.execute(select(c.petition_id, c.department))}


def _judge_index(p: Petition, held: Held | None) -> list[Problem]:
    if held is None:
        return [("missing", "no petition row")]
    return _department(p, held["department"], "department", unassigned="")


def _read_feedback(conn: Connection) -> dict[str, Held]:
    held: dict[str, Held] = {}
    for table, name in ((sat_cases, "satisfaction"), (contacts, "contact")):
        for pid, dept in conn.execute(select(table.c.petition_id, table.c.department)):
            held.setdefault(pid, {})[name] = dept
    for pid, state in conn.execute(select(revisits.c.petition_id, revisits.c.state)):
        held.setdefault(pid, {})["revisit"] = state
    return held


def _judge_feedback(p: Petition, held: Held | None) -> list[Problem]:
    # Feedback keeps the last department a petition was assigned to (a return does not
    # clear it: a rating goes to whoever handled it), so only an assigned one is compared.
    problems: list[Problem] = []
    for name in ("satisfaction", "contact"):
        if held is None or name not in held:
            problems.append(("missing", f"no {name} row"))
        else:
            problems += _department(p, held[name], f"{name} department")
    return problems + _judge_revisit(p, (held or {}).get("revisit"))


def _judge_revisit(p: Petition, state: str | None) -> list[Problem]:
    """Feedback's revisit task is done exactly when intake recorded the outcome. A petition
    with no task is not judged: intake takes a revisit outcome on any answered petition,
    while feedback opens a task only for a 不满意 rating."""
    if state is None:
        return []
    if state == DONE and not p.revisit_recorded:
        return [("different", "revisit task done, intake recorded no revisit outcome")]
    if state != DONE and p.revisit_recorded:
        return [("different", f"intake recorded the revisit outcome, revisit task {state!r}")]
    return []


PARTS: dict[str, Part] = {
    part.service: part
    for part in (
        Part("routing", (queues.NAME, decisions.NAME), _read_routing, _judge_routing),
        Part(
            "supervision",
            (supervision.NAME, supervision_audit.NAME),
            _read_supervision,
            _judge_supervision,
        ),
        Part("index", (Facts.name,), _read_index, _judge_index),
        Part(
            "feedback",
            (readmodels.NAME, outreach.NAME),
            _read_feedback,
            _judge_feedback,
            revisits=True,
        ),
    )
}
