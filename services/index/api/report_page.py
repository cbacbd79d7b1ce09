"""The health-check report (体检表) as one HTML page, for a reader without the workbench (a
script, an archive): the analysis, the factors and the sub-regions, with charts drawn in the
cockpit's colours (shared/charts.py). The workbench prints its own page of the same JSON."""

from __future__ import annotations

from html import escape
from typing import Any

from services.index.domain.report import GRADE_WORDS
from shared.charts import FONT, GRADE_COLOURS, SATISFACTION_COLOURS, bars

_CSS = (
    f"body{{font-family:{FONT};color:#1f2d3d;max-width:760px;margin:24px auto;padding:0 16px}}"
    "h1{font-size:24px}h2{font-size:18px;margin-top:28px}"
    "table{border-collapse:collapse;width:100%;margin:12px 0}"
    "th,td{border:1px solid #dcdfe6;padding:6px 10px;text-align:left}th{background:#f5f7fa}"
    "td.n{text-align:right}.grade{font-weight:bold}"
    "svg{max-width:100%;height:auto}"
)


def html(report: dict[str, Any]) -> str:
    card = report["scorecard"]
    rows = "".join(
        f"<tr><td>{escape(f['name'])}</td><td class='n'>{_fmt(f['value'])}</td>"
        f"<td class='n'>{_fmt(f['score'])}</td><td class='n'>{f['weight']:g}</td>"
        f"<td class='n'>{f['contribution']:.2f}</td></tr>"
        for f in card["factors"]
    )
    subs = "".join(
        f"<tr><td>{escape(c['name'])}</td><td class='n'>{c['total']:.1f}</td>"
        f"<td>{_grade(c['grade'])}</td></tr>"
        for c in report["sub_regions"]
    )
    text = "".join(f"<p>{escape(line)}</p>" for line in report["analysis"])
    p = card["period"]
    return (
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>信访工作体检表 {escape(card['name'])}</title><style>{_CSS}</style></head><body>"
        f"<h1>信访工作体检表：{escape(card['name'])}</h1>"
        f"<p>{p['start']} 至 {p['end']}　信访指数 <b>{card['total']:.1f}</b> 分　"
        f"等级 {_grade(card['grade'])}</p>"
        f"<h2>分析</h2>{text}<h2>因子得分</h2>{factor_chart(card['factors'])}"
        "<table><tr><th>因子</th><th>数值</th><th>得分</th><th>权重</th>"
        f"<th>贡献</th></tr>{rows}</table>"
        f"<h2>下辖地区</h2>{region_chart(report['sub_regions'])}"
        f"<table><tr><th>地区</th><th>指数</th><th>等级</th></tr>{subs}</table>"
        "</body></html>"
    )


def _grade(grade: int) -> str:
    return f"<span class='grade' style='color:{GRADE_COLOURS[grade]}'>{GRADE_WORDS[grade]}</span>"


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.4g}"


def factor_chart(factors: list[dict[str, Any]]) -> str:
    """One bar per scored factor, 0-100, green from 80, yellow from 60, red below."""
    scored = [f for f in factors if f["score"] is not None]
    items = [(f["name"], f["score"], _colour(f["score"])) for f in scored]
    return _inline(bars("因子得分", "分", items)) if items else "<p>本期无可计分的因子。</p>"


def region_chart(children: list[dict[str, Any]]) -> str:
    items = [(c["name"], c["total"], GRADE_COLOURS[c["grade"]]) for c in children]
    return _inline(bars("下辖地区信访指数", "分", items)) if items else "<p>无下辖地区。</p>"


def _colour(score: float) -> str:
    c = SATISFACTION_COLOURS
    return c["green"] if score >= 80 else c["yellow"] if score >= 60 else c["red"]


def _inline(svg: bytes) -> str:
    """The SVG element alone (pygal writes an XML declaration first), to sit in the page."""
    text = svg.decode()
    return text[text.index("<svg") :]
