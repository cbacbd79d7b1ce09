"""The health-check report (体检表): a region's scorecard with its sub-regions, as JSON and as
one HTML page with inline SVG charts and analysis text generated from the numbers."""

from __future__ import annotations

from html import escape
from typing import Any

GRADE_WORDS = {1: "一级（最严重）", 2: "二级", 3: "三级", 4: "四级（日常管理）"}
GRADE_COLOURS = {1: "#c0392b", 2: "#e67e22", 3: "#f1c40f", 4: "#27ae60"}


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


def html(report: dict[str, Any]) -> str:
    card = report["scorecard"]
    rows = "".join(
        f"<tr><td>{escape(f['name'])}</td><td>{_fmt(f['value'])}</td><td>{_fmt(f['score'])}</td>"
        f"<td>{f['weight']:g}</td><td>{f['contribution']:.2f}</td></tr>"
        for f in card["factors"]
    )
    subs = "".join(
        f"<tr><td>{escape(c['name'])}</td><td>{c['total']:.1f}</td><td>{c['grade']}</td></tr>"
        for c in report["sub_regions"]
    )
    text = "".join(f"<p>{escape(line)}</p>" for line in report["analysis"])
    p = card["period"]
    return (
        "<!doctype html><html lang='zh'><head><meta charset='utf-8'>"
        f"<title>体检表 {escape(card['name'])}</title></head><body>"
        f"<h1>信访工作体检表：{escape(card['name'])}</h1>"
        f"<p>{p['start']} 至 {p['end']}　指数 <b>{card['total']:.1f}</b>　"
        f"等级 <b style='color:{GRADE_COLOURS[card['grade']]}'>{GRADE_WORDS[card['grade']]}</b></p>"
        f"<h2>分析</h2>{text}<h2>因子得分</h2>{factor_chart(card['factors'])}"
        "<table border='1'><tr><th>因子</th><th>数值</th><th>得分</th><th>权重</th>"
        f"<th>贡献</th></tr>{rows}</table>"
        f"<h2>下辖地区</h2>{region_chart(report['sub_regions'])}"
        f"<table border='1'><tr><th>地区</th><th>指数</th><th>等级</th></tr>{subs}</table>"
        "</body></html>"
    )


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.4g}"


def factor_chart(factors: list[dict[str, Any]]) -> str:
    """Horizontal bars, one per scored factor, 0-100."""
    scored = [f for f in factors if f["score"] is not None]
    return _bars([(f["name"], f["score"], _colour(f["score"])) for f in scored])


def region_chart(children: list[dict[str, Any]]) -> str:
    return _bars([(c["name"], c["total"], GRADE_COLOURS[c["grade"]]) for c in children])


def _colour(score: float) -> str:
    return "#27ae60" if score >= 80 else "#f1c40f" if score >= 60 else "#c0392b"


def _bars(items: list[tuple[str, float, str]]) -> str:
    height = 22 * len(items) + 10
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='640' height='{height}'>"]
    for i, (label, value, colour) in enumerate(items):
        y = 5 + 22 * i
        parts.append(
            f"<text x='0' y='{y + 14}' font-size='12'>{escape(label)}</text>"
            f"<rect x='200' y='{y}' width='{value * 4:.1f}' height='16' fill='{colour}'/>"
            f"<text x='{205 + value * 4:.1f}' y='{y + 14}' font-size='12'>{value:.1f}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
