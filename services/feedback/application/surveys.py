"""The petitioner's survey, reached by the token in its link: what it asks, and the answers
(recorded with feedback's own event in one transaction)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Engine, insert, select, update

from services.feedback.application.ledger import append_own
from services.feedback.domain.errors import Missing, NotFound, Refused
from services.feedback.domain.survey import SCALE, TARGETS, check_answers, token_hash
from services.feedback.tables import revisits, survey_scores
from shared.runtime.topics import Topics
from shared.schemas.envelope import Actor
from shared.schemas.feedback import SurveyAnswered

PUBLIC_ACTOR = Actor(user_id="petitioner", role="public", org="public")


def survey(engine: Engine, token: str, dimensions: Sequence[str]) -> dict[str, Any]:
    r = revisits.c
    q = select(r.tracking_code, r.survey_answered_on).where(
        r.survey_token_hash == token_hash(token)
    )
    with engine.connect() as conn:
        row = conn.execute(q).first()
    if row is None:
        raise NotFound("no such survey", zh="没有找到这份满意度调查")
    return {
        "tracking_code": row.tracking_code,
        "answered": row.survey_answered_on is not None,
        "targets": dict(TARGETS),
        "dimensions": list(dimensions),
        "scale": dict(SCALE),
    }


def answer_survey(
    engine: Engine,
    topics: Topics,
    token: str,
    office: Mapping[str, int],
    unit: Mapping[str, int],
    *,
    dimensions: Sequence[str],
    today: date,
) -> str:
    """Record the petitioner's answers, once; returns the petition id."""
    check_answers(office, unit, dimensions)
    with engine.begin() as conn:
        row = conn.execute(
            select(revisits.c.petition_id, revisits.c.survey_answered_on).where(
                revisits.c.survey_token_hash == token_hash(token)
            )
        ).first()
        if row is None:
            raise Missing("survey")
        if row.survey_answered_on is not None:
            raise Refused("this survey has been answered", zh="这份调查已经填写过了")
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
