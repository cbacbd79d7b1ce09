"""The health-check report (体检表): a region's scorecard with its sub-regions and the analysis
text generated from the numbers (api/report_page.py draws it as one HTML page)."""

from __future__ import annotations

from typing import Any

GRADE_WORDS = {1: "一级（最严重）", 2: "二级", 3: "三级", 4: "四级（日常管理）"}


def build(card: dict[str, Any], children: list[dict[str, Any]]) -> dict[str, Any]:
    return {"scorecard": card, "sub_regions": children, "analysis": analysis(card, children)}


def analysis(card: dict[str, Any], children: list[dict[str, Any]]) -> list[str]:
    """Plain sentences a leader reads first: the grade, the move, the weakest factors."""
    lines = [
        f"{card['name']}本期信访指数{card['total']:.1f}分，评定为{GRADE_WORDS[card['grade']]}。"
    ]
    change = card["trend"]["change"]
    direction = "上升" if change > 0 else "下降" if change < 0 else "持平"
    lines.append(
        f"较上期（{card['trend']['previous_total']:.1f}分）{direction}{abs(change):.1f}分。"
    )
    scored = [f for f in card["factors"] if f["score"] is not None]
    weakest = sorted(scored, key=lambda f: f["score"])[:3]
    if weakest:
        names = "、".join(f"{f['name']}（{f['score']:.0f}分）" for f in weakest)
        lines.append(f"得分最低的因子：{names}，建议重点整改。")
    missing = [f["name"] for f in card["factors"] if f["score"] is None]
    if missing:
        lines.append(f"{len(missing)}项因子本期无数据，未计入总分。")
    worst = sorted(children, key=lambda c: c["total"])[:3]
    if worst:
        names = "、".join(f"{c['name']}（{c['total']:.1f}）" for c in worst)
        lines.append(f"下辖指数最低的地区：{names}。")
    return lines
