"""``sunshine demo``: a deterministic city's petitions and their lifecycles, driven through
the running intake day by day (the city itself is ``tools/demo.py``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer

from tools.demo import CITY, Demo


def demo(
    days: Annotated[int, typer.Option(help="How many days of petitions, ending today.")] = 30,
    seed: Annotated[int, typer.Option(help="The same seed gives the same city.")] = 1,
    url: Annotated[str, typer.Option(help="The running intake.")] = "http://127.0.0.1:8001",
    routing_url: Annotated[
        str | None, typer.Option(help="The running routing (default: the port after intake's).")
    ] = None,
    per_day: Annotated[int, typer.Option(help="Petitions on an average working day.")] = 40,
    secret: Annotated[
        str, typer.Option(envvar=["INTAKE_JWT_SECRET", "SUNSHINE_JWT_SECRET"], help="JWT secret.")
    ] = "dev-only-secret-change-me-0123456789abcdef",
) -> None:
    """Generate a realistic city's petitions and drive their lifecycles through intake."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
    from rich.table import Table

    from shared.clock import SystemClock

    console = Console()
    run = Demo(url, seed, secret, routing_url=routing_url)
    start = SystemClock.of().today() - timedelta(days=days - 1)  # ending on the city's today
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("days", total=days)
        run.run(
            start, days, per_day, lambda d: progress.update(task, advance=1, description=str(d))
        )
    admin = run.auth("admin", CITY)
    overdue = run.http.get("/api/v1/petitions?overdue=true&limit=200", headers=admin).json()
    table = Table(title=f"sunshine demo: {days} days, seed {seed}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, count in sorted(run.tally.items()):
        table.add_row(key, str(count))
    table.add_row("late on purpose", str(len(run.late)))
    table.add_row("overdue now (first page)", str(len(overdue.get("items", []))))
    console.print(table)
