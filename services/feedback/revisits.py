"""Revisit (回头看) and survey commands: what the unit found, what the petitioner answered.

Each runs in one transaction: the read table, feedback's own event and (for an outcome) the
``RecordRevisitOutcome`` command to intake on ``petition.commands`` commit together.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from services.feedback.ledger import append_own, send_command
from services.feedback.outreach import token_hash
from services.feedback.tables import revisits, survey_scores
from shared.runtime.topics import Topics
from shared.schemas.commands import CommandMessage, RecordRevisitOutcome
from shared.schemas.envelope import Actor, new_id
from shared.schemas.feedback import RevisitCompleted, SurveyAnswered

DEFAULT_DIMENSIONS = (
    "工作作风",
    "办理质量",
    "办理效率",
    "政策解释",
    "沟通联系",
    "公正廉洁",
    "结果落实",
)
PUBLIC_ACTOR = Actor(user_id="petitioner", role="public", org="public")
_COMMANDS = uuid.UUID("5e0c2b7a-94f1-4d2e-8b3a-6f7e8d9c0a1b")


class NotFound(LookupError):
    pass


class Refused(ValueError):
    """The request cannot be carried out in the revisit's state (409)."""


@dataclass(frozen=True)
class Outcome:
    outcome: str
    resolved: bool
    revisited_on: date


def load(conn: Connection, petition_id: str) -> dict[str, Any]:
    row = conn.execute(select(revisits).where(revisits.c.petition_id == petition_id)).first()
    if row is None:
        raise NotFound(petition_id)
    return dict(row._mapping)


def record_outcome(
    engine: Engine, topics: Topics, petition_id: str, outcome: Outcome, actor: Actor
) -> dict[str, Any]:
    with engine.begin() as conn:
        task = load(conn, petition_id)
        if task["state"] != "open":
            raise Refused("the revisit outcome is already recorded")
        if outcome.revisited_on < task["rated_on"]:
            raise Refused("revisited_on is before the rating")
        conn.execute(
            update(revisits)
            .where(revisits.c.petition_id == petition_id)
            .values(
                state="done",
                outcome=outcome.outcome,
                resolved=outcome.resolved,
                revisited_on=outcome.revisited_on,
            )
        )
        correlation = new_id()
        event = RevisitCompleted(petition_id=petition_id, **outcome.__dict__)
        append_own(
            conn, topics.feedback_events, f"revisit-{petition_id}", event, actor,
            correlation_id=correlation,
        )  # fmt: skip
        send_command(
            conn, topics.petition_commands, _command(petition_id, outcome, actor, correlation)
        )
        return load(conn, petition_id)


def _command(petition_id: str, o: Outcome, actor: Actor, correlation: str) -> CommandMessage:
    return CommandMessage(
        # One outcome per revisit: a resend of the same outcome is the same command.
        command_id=str(uuid.uuid5(_COMMANDS, f"{petition_id}|revisit_outcome")),
        petition_id=petition_id,
        actor=actor,
        correlation_id=correlation,
        command=RecordRevisitOutcome(
            outcome=o.outcome, resolved=o.resolved, revisited_on=o.revisited_on
        ),
    )


def check_scores(scores: Mapping[str, int], dimensions: Sequence[str]) -> list[str]:
    """What is wrong with one target's answers (every dimension once, scores 1..5)."""
    problems = [f"missing dimension {d}" for d in dimensions if d not in scores]
    problems += [f"unknown dimension {d}" for d in scores if d not in dimensions]
    problems += [f"{d}: score must be 1..5" for d, s in scores.items() if not 1 <= s <= 5]
    return problems


def answer_survey(
    engine: Engine,
    topics: Topics,
    token: str,
    office: Mapping[str, int],
    unit: Mapping[str, int],
    today: date,
) -> str:
    """Record the petitioner's answers; returns the petition id."""
    with engine.begin() as conn:
        row = conn.execute(
            select(revisits.c.petition_id, revisits.c.survey_answered_on).where(
                revisits.c.survey_token_hash == token_hash(token)
            )
        ).first()
        if row is None:
            raise NotFound("survey")
        if row.survey_answered_on is not None:
            raise Refused("this survey has been answered")
        pid = row.petition_id
        rows = [
            {"petition_id": pid, "target": target, "dimension": d, "score": s}
            for target, scores in (("office", office), ("unit", unit))
            for d, s in scores.items()
        ]
        conn.execute(insert(survey_scores), rows)
        conn.execute(
            update(revisits).where(revisits.c.petition_id == pid).values(survey_answered_on=today)
        )
        event = SurveyAnswered(
            petition_id=pid, office_scores=dict(office), unit_scores=dict(unit), answered_on=today
        )
        append_own(conn, topics.feedback_events, f"revisit-{pid}", event, PUBLIC_ACTOR)
        return str(pid)
