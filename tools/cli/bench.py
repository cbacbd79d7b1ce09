"""``sunshine bench``: performance figures, each beside its raw baseline from the same run."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Part(StrEnum):
    PLATFORM = "platform"
    INTAKE = "intake"
    ROUTING = "routing"
    SUPERVISION = "supervision"
    FEEDBACK = "feedback"
    INDEX = "index"
    RESTART = "restart"
    WEB = "web"
    WORKBENCH = "workbench"


def bench(
    part: Annotated[
        list[Part] | None, typer.Option("--part", "-p", help="Parts to run (default: all).")
    ] = None,
    events: Annotated[
        int, typer.Option(help="Events for the relay and rebuild figures.", min=1000)
    ] = 200_000,
    appends: Annotated[int, typer.Option(help="Single-event appends per run.", min=100)] = 3000,
    registrations: Annotated[
        int, typer.Option(help="Registrations before intake's memory is read.", min=1000)
    ] = 100_000,
    routing_events: Annotated[
        int, typer.Option(help="Events in routing's generated log (rebuild).", min=1000)
    ] = 1_000_000,
    routing_rebuilds: Annotated[
        int, typer.Option(help="Rebuilds of routing's queues (each reads the whole log).", min=1)
    ] = 1,
    routing_seconds: Annotated[
        float, typer.Option(help="Seconds of registrations at 100/s per latency run.", min=1)
    ] = 20,
    feedback_events: Annotated[
        int, typer.Option(help="Events in feedback's generated log (rebuild).", min=1000)
    ] = 1_000_000,
    supervision_open: Annotated[
        int, typer.Option(help="Open petitions (deadlines) supervision sweeps.", min=1000)
    ] = 100_000,
    index_petitions: Annotated[
        int, typer.Option(help="Petitions in the index's generated year.", min=1000)
    ] = 1_000_000,
    restart_days: Annotated[
        int, typer.Option(help="Days of the demo city in the databases before the restarts.", min=1)
    ] = 10,
    web_loads: Annotated[
        int, typer.Option(help="Cold loads of the portal for its first contentful paint.", min=1)
    ] = 10,
    web_submissions: Annotated[
        int, typer.Option(help="Online submissions at 20/s through the gateway.", min=20)
    ] = 400,
    workbench_days: Annotated[
        int, typer.Option(help="Days of the demo city the workbench's system holds.", min=1)
    ] = 365,
    workbench_per_day: Annotated[
        int, typer.Option(help="The demo city's petitions on a working day.", min=1)
    ] = 40,
    workbench_loads: Annotated[
        int, typer.Option(help="Cold loads of the queue page and the petition page.", min=1)
    ] = 10,
    repeats: Annotated[
        int, typer.Option(help="Runs of each figure; the table shows medians.", min=1)
    ] = 3,
    database_url: Annotated[
        str | None,
        typer.Option(
            help="Bench the platform on this database (a PostgreSQL URL gets throwaway "
            "schemas); default: SQLite files in a temporary folder."
        ),
    ] = None,
    results: Annotated[Path, typer.Option(help="Folder for the JSON results.")] = Path("results"),
) -> None:
    """Measure the platform (appends, relay publishing, projection rebuild), intake over
    HTTP (saturation, open-loop latency at 100/s, memory), routing (queue rebuild from a
    generated log, registration to visible in a queue through real processes), supervision
    (deadline sweep, light summary), feedback (read-model rebuild from a generated log, the
    year's satisfaction report), the index (every region's yearly scorecards, a stored
    scorecard read), each service's time to ready after a `kill -9` (restart) and the web
    (the first route's gzipped JavaScript, its first contentful paint in Chromium, an online
    submission's p95 through the gateway at 20/s; skipped until web/dist and the gateway exist)
    and the workbench (a year of the demo city, then the handler's queue page and a petition
    page usable in Chromium, and the queue API's p95 through the gateway).

    Uses the embedded broker on a free port unless KAFKA_BOOTSTRAP_SERVERS is set. Prints a
    table of medians with each figure's baseline and target, and writes JSON under RESULTS.
    Exits non-zero when a target is missed.
    """
    import asyncio
    import logging

    from shared.service.logging import configure_logging
    from tools.bench.fixtures import broker_address
    from tools.bench.report import Figure, render, write_json

    parts = set(part or list(Part))
    configure_logging("bench", os.environ.get("SUNSHINE_BENCH_LOG_LEVEL", "WARNING"))
    logging.getLogger("aiokafka").setLevel(logging.ERROR)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="sunshine-bench-") as tmp, broker_address() as kafka:
        folder = Path(tmp)
        if Part.PLATFORM in parts:
            from tools.bench.eventstore import bench_appends
            from tools.bench.kafka import bench_kafka

            typer.echo(f"platform: {appends} appends, {events} events, {repeats} runs")
            figures += bench_appends(database_url, folder, repeats, appends)
            figures += asyncio.run(bench_kafka(database_url, folder, kafka, repeats, events))
        if Part.INTAKE in parts:
            from tools.bench.intake import bench_intake

            typer.echo(f"intake: {registrations} registrations in all, {repeats} runs")
            figures += asyncio.run(bench_intake(kafka, folder, repeats, 3000, registrations))
        if Part.ROUTING in parts:
            from tools.bench.routing import bench_routing_latency, bench_routing_rebuild

            typer.echo(f"routing: {routing_events:,} events, {routing_rebuilds} rebuilds")
            figures += asyncio.run(
                bench_routing_rebuild(database_url, folder, kafka, routing_rebuilds, routing_events)
            )
            typer.echo(f"routing: {repeats} runs of {routing_seconds:g} s at 100/s")
            figures += asyncio.run(
                bench_routing_latency(kafka, folder, repeats, 100, routing_seconds)
            )
        if Part.SUPERVISION in parts:
            from tools.bench.supervision import bench_supervision

            typer.echo(f"supervision: {supervision_open:,} open deadlines, {repeats} sweeps")
            figures += bench_supervision(database_url, folder, repeats, supervision_open)
        if Part.FEEDBACK in parts:
            from tools.bench.feedback import figures as bench_feedback

            typer.echo(f"feedback: {feedback_events:,} events, {repeats} rebuilds")
            figures += asyncio.run(
                bench_feedback(database_url, folder, kafka, repeats, feedback_events)
            )
        if Part.INDEX in parts:
            from tools.bench.index import bench_index

            typer.echo(f"index: {index_petitions:,} petitions over a year, {repeats} runs")
            figures += bench_index(database_url, folder, repeats, index_petitions)
        if Part.RESTART in parts:
            from tools.bench.restart import bench_restart

            typer.echo(f"restart: {restart_days} demo days, {repeats} kills of each service")
            figures += bench_restart(kafka, folder, repeats, restart_days)
        if Part.WEB in parts:
            from tools.bench.web import bench_web, why_not

            reason = why_not()
            if reason:
                typer.echo(f"web: skipped: {reason}")
            else:
                typer.echo(f"web: {web_loads} loads, {web_submissions} submissions at 20/s")
                figures += bench_web(folder, web_loads, web_submissions)
        if Part.WORKBENCH in parts:
            from tools.bench.web import why_not
            from tools.bench.workbench import bench_workbench

            reason = why_not()
            if reason:
                typer.echo(f"workbench: skipped: {reason}")
            else:
                typer.echo(
                    f"workbench: {workbench_days} demo days at {workbench_per_day}/day, "
                    f"{workbench_loads} loads of each page"
                )
                with _days_bar(workbench_days) as on_day:
                    figures += bench_workbench(
                        folder, workbench_days, workbench_per_day, workbench_loads, 200, on_day
                    )
    render(figures)
    settings = {
        "parts": sorted(parts),
        "events": events,
        "appends": appends,
        "registrations": registrations,
        "routing_events": routing_events,
        "routing_rebuilds": routing_rebuilds,
        "routing_seconds": routing_seconds,
        "supervision_open": supervision_open,
        "feedback_events": feedback_events,
        "index_petitions": index_petitions,
        "restart_days": restart_days,
        "web_loads": web_loads,
        "web_submissions": web_submissions,
        "workbench_days": workbench_days,
        "workbench_per_day": workbench_per_day,
        "workbench_loads": workbench_loads,
        "repeats": repeats,
        "database": database_url or "sqlite",
    }
    typer.echo(f"results: {write_json(figures, results, settings)}")
    if not all(f.passed for f in figures):
        raise typer.Exit(1)


@contextlib.contextmanager
def _days_bar(days: int) -> Iterator[Callable[[date], None]]:
    """A progress bar over the demo's days (a year takes minutes to load)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
    ) as progress:
        task = progress.add_task("demo days", total=days)
        yield lambda d: progress.update(task, advance=1, description=f"demo {d}")
