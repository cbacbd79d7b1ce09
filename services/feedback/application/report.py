"""The satisfaction report for a period: overall figures, every region (rolled up, coloured,
ranked among regions of its level), every department (ranked), categories, the monthly
trend, revisits and the survey's dimension averages. Plain data: the API serves it as JSON
and ``charts`` draws it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, case, func, select

from services.feedback.application.satisfaction_reads import overall, tallies
from services.feedback.domain import model
from services.feedback.domain.revisits import DONE
from services.feedback.tables import revisits, survey_scores
from shared.refdata import ReferenceData


@dataclass(frozen=True)
class ModelConfig:
    points: Mapping[str, float] = field(default_factory=lambda: dict(model.DEFAULT_POINTS))
    colours: Sequence[tuple[str, float]] = model.DEFAULT_COLOURS


def regions(
    conn: Connection, refdata: ReferenceData, start: date, end: date, cfg: ModelConfig
) -> list[dict[str, Any]]:
    """Each rated region with its score, colour and rank among regions of the same level."""
    found = tallies(conn, "region", start, end, refdata)
    rows = [
        {
            "code": code,
            "name": refdata.region_name(code),
            "level": _level(refdata, code),
            **model.describe(pair, cfg.points),
        }
        for code, pair in found.items()
    ]
    for row in rows:
        row["colour"] = model.colour(row["score"], cfg.colours)
    for level in {r["level"] for r in rows}:
        peers = {r["code"]: r["score"] for r in rows if r["level"] == level}
        ranks = model.rank(peers)
        for r in rows:
            if r["level"] == level:
                r["rank"] = ranks.get(r["code"])
    return sorted(rows, key=lambda r: (len(r["code"]), r.get("rank") or 10**9, r["code"]))


def _level(refdata: ReferenceData, code: str) -> str | None:
    region = refdata.regions.get(code)
    return region.level.value if region is not None else None


def departments(
    conn: Connection, refdata: ReferenceData, start: date, end: date, cfg: ModelConfig
) -> list[dict[str, Any]]:
    found = tallies(conn, "department", start, end, refdata)
    rows = [
        {"code": code, "name": refdata.department_name(code), **model.describe(pair, cfg.points)}
        for code, pair in found.items()
    ]
    ranks = model.rank({r["code"]: r["score"] for r in rows})
    for r in rows:
        r["rank"] = ranks.get(r["code"])
    return sorted(rows, key=lambda r: (r["rank"] or 10**9, r["code"]))


def grouped(
    conn: Connection, refdata: ReferenceData, by: Any, start: date, end: date, cfg: ModelConfig
) -> list[dict[str, Any]]:
    found = tallies(conn, by, start, end, refdata)
    names = refdata.category_name if by in ("category", "major") else (lambda k: k)
    return [
        {"code": k, "name": names(k), **model.describe(found[k], cfg.points)} for k in sorted(found)
    ]


def revisit_summary(conn: Connection, start: date, end: date) -> dict[str, Any]:
    r = revisits.c
    # Done is what intake recorded: an outcome still awaiting intake's answer counts not yet.
    done = r.state == DONE
    q = select(
        func.count(),
        func.sum(case((done, 1), else_=0)),
        func.sum(case((and_(done, r.resolved.is_(True)), 1), else_=0)),
        func.sum(case((and_(done, r.revisited_on > r.due_on), 1), else_=0)),
        func.sum(case((r.survey_answered_on.is_not(None), 1), else_=0)),
    ).where(r.rated_on >= start, r.rated_on <= end)
    opened, done, resolved, late, surveyed = conn.execute(q).one()
    return {
        "opened": int(opened or 0),
        "done": int(done or 0),
        "resolved": int(resolved or 0),
        "done_late": int(late or 0),
        "surveys_answered": int(surveyed or 0),
    }


def survey_averages(conn: Connection, start: date, end: date) -> dict[str, dict[str, float]]:
    s, r = survey_scores.c, revisits.c
    q = (
        select(s.target, s.dimension, func.avg(s.score))
        .select_from(survey_scores.join(revisits, r.petition_id == s.petition_id))
        .where(r.rated_on >= start, r.rated_on <= end)
        .group_by(s.target, s.dimension)
    )
    found: dict[str, dict[str, float]] = {}
    for target, dimension, avg in conn.execute(q):
        found.setdefault(target, {})[dimension] = round(float(avg), 2)
    return found


def build(
    conn: Connection, refdata: ReferenceData, start: date, end: date, cfg: ModelConfig
) -> dict[str, Any]:
    return {
        "period": {"from": start, "to": end},
        "thresholds": [{"colour": c, "min_score": m} for c, m in cfg.colours],
        "overall": model.describe(overall(conn, start, end), cfg.points),
        "regions": regions(conn, refdata, start, end, cfg),
        "departments": departments(conn, refdata, start, end, cfg),
        "categories": grouped(conn, refdata, "major", start, end, cfg),
        "months": grouped(conn, refdata, "month", start, end, cfg),
        "revisits": revisit_summary(conn, start, end),
        "survey": survey_averages(conn, start, end),
    }


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def analysis(found: Mapping[str, Any], name: str) -> list[str]:
    """Plain sentences a leader reads first: how many rated, the score, the rates, the best
    and weakest regions and departments, the revisits."""
    o = found["overall"]
    if not o["rated"]:
        return [f"{name}本期没有收到群众评价。"]
    lines = [
        f"{name}本期共收到群众评价{o['rated']}件，满意度评分{o['score']:.1f}分；"
        f"对办理单位满意率{_pct(o['unit']['rate'])}，对办理结果满意率{_pct(o['result']['rate'])}。"
    ]
    rated = [r for r in found["regions"] if r["rated"] and r["score"] is not None]
    if len(rated) > 1:
        low = sorted(rated, key=lambda r: r["score"])[:3]
        words = "、".join(f"{r['name']}（{r['score']:.1f}分）" for r in low)
        lines.append(f"评分最低的地区：{words}，建议重点关注。")
    depts = [d for d in found["departments"] if d["rated"] and d["score"] is not None]
    if depts:
        low_d = sorted(depts, key=lambda d: d["score"])[:3]
        words = "、".join(f"{d['name']}（{d['score']:.1f}分）" for d in low_d)
        lines.append(f"评分最低的单位：{words}。")
    rv = found["revisits"]
    if rv["opened"]:
        lines.append(
            f"不满意件回访{rv['opened']}件，已完成{rv['done']}件，其中问题已解决{rv['resolved']}件。"
        )
    return lines
