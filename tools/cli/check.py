"""``sunshine check``: reconcile every service's projections with intake (issue 13, item 3).

Operators run it after any incident (a broker or service crash, a disk full), after a
restore, and before trusting a report; the fault tests run it after every fault.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from tools.cli.run import DataDir


def check(
    data_dir: DataDir = Path(".data"),
    service: Annotated[
        list[str] | None,
        typer.Option("--service", "-s", help="Only this service (repeatable)."),
    ] = None,
    fmt: Annotated[
        Literal["lines", "json"], typer.Option("--format", help="lines or json.")
    ] = "lines",
    limit: Annotated[
        int, typer.Option(help="Lines: show at most this many disagreements (JSON has all).")
    ] = 200,
) -> None:
    """Compare every service's projections with intake, petition by petition: a petition a
    service lacks, is behind (or ahead) on, or holds differently (department, status; for
    feedback a revisit task done that intake has no outcome for, or the reverse).

    Reads each service's own database read-only: `<NAME>_DATABASE_URL`, default the SQLite
    file `sunshine run` uses under the data folder; topics named with `KAFKA_TOPIC_PREFIX`.
    Exits 1 when anything disagrees or a service database cannot be read, 2 when intake's
    cannot.
    """
    from shared.runtime.services import by_name
    from shared.runtime.topics import Topics
    from tools.cli import reconcile

    names = service or list(reconcile.PARTS)
    unknown = [n for n in names if n not in reconcile.PARTS]
    if unknown:
        known = ", ".join(reconcile.PARTS)
        raise typer.BadParameter(f"{', '.join(unknown)}; known: {known}", param_hint="--service")

    def url(name: str) -> str:
        info = by_name(name)
        return os.environ.get(f"{info.env_prefix}DATABASE_URL") or info.default_database_url(
            data_dir
        )

    topic = Topics.of().petition_events
    try:
        found = reconcile.reconcile(url("intake"), {n: url(n) for n in names}, topic)
    except reconcile.IntakeUnavailable as exc:
        typer.echo(f"intake: {exc}", err=True)
        raise typer.Exit(2) from exc
    _print(found, fmt, limit)
    if not found.ok:
        raise typer.Exit(1)


def _print(report: Any, fmt: Literal["lines", "json"], limit: int) -> None:
    if fmt == "json":
        json.dump(report.as_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    # One line per disagreement, never wrapped: operators grep and paste petition ids.
    for d in report.disagreements[:limit]:
        typer.echo(f"{d.service:<12} {d.kind:<9} {d.petition_id}  {d.detail}")
    if len(report.disagreements) > limit:
        typer.echo(f"... and {len(report.disagreements) - limit} more (--format json has all)")
    typer.echo(report.summary())
