"""``sunshine bench``: performance figures, each beside its raw baseline from the same run."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer


def bench(
    events: Annotated[
        int, typer.Option(help="Events for the relay and rebuild figures.", min=1000)
    ] = 50_000,
    appends: Annotated[int, typer.Option(help="Single-event appends per run.", min=100)] = 3000,
    repeats: Annotated[
        int, typer.Option(help="Runs of each figure; the table shows medians.", min=1)
    ] = 3,
    database_url: Annotated[
        str | None,
        typer.Option(
            help="Bench on this database (a PostgreSQL URL gets throwaway schemas); "
            "default: SQLite files in a temporary folder."
        ),
    ] = None,
    results: Annotated[Path, typer.Option(help="Folder for the JSON results.")] = Path("results"),
) -> None:
    """Measure the platform: appends, relay publishing, projection rebuild.

    Uses the embedded broker on a free port unless KAFKA_BOOTSTRAP_SERVERS is set. Prints a
    table of medians with each figure's baseline and target, and writes JSON under RESULTS.
    Exits non-zero when a target is missed.
    """
    import asyncio
    import logging

    from shared.bench.eventstore import bench_appends
    from shared.bench.fixtures import broker_address
    from shared.bench.kafka import bench_kafka
    from shared.bench.report import render, write_json
    from shared.service.logging import configure_logging

    configure_logging("bench", os.environ.get("SUNSHINE_BENCH_LOG_LEVEL", "WARNING"))
    logging.getLogger("aiokafka").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="sunshine-bench-") as tmp:
        folder = Path(tmp)
        typer.echo(f"appends: {appends} single, {appends * 5} batched, {repeats} runs each")
        figures = bench_appends(database_url, folder, repeats, appends)
        typer.echo(f"relay and rebuild: {events} events, {repeats} runs")
        with broker_address() as bootstrap:
            figures += asyncio.run(bench_kafka(database_url, folder, bootstrap, repeats, events))
    render(figures)
    path = write_json(
        figures,
        results,
        {
            "events": events,
            "appends": appends,
            "repeats": repeats,
            "database": database_url or "sqlite",
        },
    )
    typer.echo(f"results: {path}")
    if not all(f.passed for f in figures):
        raise typer.Exit(1)
