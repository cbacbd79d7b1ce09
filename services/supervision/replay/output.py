"""Write replay rows as a table, JSON or CSV."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from services.supervision.replay.timeline import COLUMNS


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


def _table(rows: list[dict[str, Any]], console: Any) -> None:
    from rich.table import Table

    table = Table(*[c for c in COLUMNS if c != "event_id"])
    for r in rows:
        met = {True: "[green]met[/green]", False: "[red]missed[/red]", None: ""}[r["met"]]
        cells = [
            str(r[c] if r[c] is not None else "") for c in COLUMNS if c not in ("event_id", "met")
        ]
        table.add_row(*cells, met)
    console.print(table)
