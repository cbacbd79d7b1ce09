"""Write replay rows as a table, JSON or CSV.

The table is for a person at a terminal: it fits the terminal's width. Cells are shortened
(times to the second, a petition's id to its first 8 characters, event types without
``petition.``) and, when the terminal is still too narrow, the least needed columns are left
out; a note under the table names them and how to get every column in full (JSON, CSV)."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from services.supervision.domain.timeline import COLUMNS

# The table's columns, left to right: (row key, header).
_SHOWN: tuple[tuple[str, str], ...] = (
    ("at", "at (UTC)"),
    ("petition_id", "petition"),
    ("version", "v"),
    ("event_type", "event"),
    ("user_id", "user"),
    ("role", "role"),
    ("org", "org"),
    ("deadline", "deadline"),
    ("due_on", "due"),
    ("met", "met"),
)
# Which of them go first when the terminal is narrow: the end of this list first.
_PRIORITY = ("at", "event_type", "deadline", "met", "user_id", "petition_id", "version", "org")
_MET = {True: "[green]met[/green]", False: "[red]missed[/red]", None: ""}
_HINT = "every column in full: --format json or --format csv (--out FILE)"


def write(rows: list[dict[str, Any]], fmt: str, out: TextIO, console: Any = None) -> None:
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    else:
        _table(rows, console)


def _cell(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key == "met":
        return str(_MET[value])
    text = str(value)
    if key == "at":
        return text.replace("T", " ")[:19]
    if key == "petition_id":
        return text[:8]
    if key == "event_type":
        return text.removeprefix("petition.")
    return text


def _fitting(cells: list[dict[str, str]], console: Any) -> list[tuple[str, str]]:
    """The columns whose table fits the console, the most needed first."""
    kept: list[str] = []
    unbounded = console.options.update_width(100_000)  # the natural width, not the console's
    for key in (*_PRIORITY, *(k for k, _ in _SHOWN if k not in _PRIORITY)):
        trial = [(k, h) for k, h in _SHOWN if k in (*kept, key)]
        if console.measure(_build(cells, trial), options=unbounded).maximum <= console.width:
            kept.append(key)
    return [(k, h) for k, h in _SHOWN if k in kept]


def _build(cells: list[dict[str, str]], columns: list[tuple[str, str]]) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(*(header for _, header in columns), box=box.SIMPLE_HEAD, show_edge=False)
    for c in cells:
        table.add_row(*(c[key] for key, _ in columns))
    return table


def _table(rows: list[dict[str, Any]], console: Any) -> None:
    cells = [{key: _cell(key, r[key]) for key, _ in _SHOWN} for r in rows]
    columns = _fitting(cells, console)
    console.print(_build(cells, columns))
    left_out = [header for key, header in _SHOWN if (key, header) not in columns]
    note = f"{len(rows)} rows; petition: the id's first 8 characters"
    if left_out:
        note += f"; not shown at this width: {', '.join(left_out)}"
    console.print(f"[dim]{note}; {_HINT}[/dim]")
