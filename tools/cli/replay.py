"""``sunshine replay``: the auditor's view of the petition log (issue 5, item 7)."""

from __future__ import annotations

import asyncio
import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import typer


def replay(
    petition: Annotated[str | None, typer.Option(help="One petition's timeline.")] = None,
    org: Annotated[str | None, typer.Option(help="One org's actions (actor org code).")] = None,
    user: Annotated[str | None, typer.Option(help="One person's actions (actor user id).")] = None,
    since: Annotated[
        datetime | None, typer.Option(help="Only events that occurred at or after this.")
    ] = None,
    until: Annotated[
        datetime | None, typer.Option(help="Only events that occurred at or before this.")
    ] = None,
    fmt: Annotated[
        Literal["table", "json", "csv"], typer.Option("--format", help="table, json or csv.")
    ] = "table",
    out: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
) -> None:
    """Read `petition.events` from the beginning and show who did what when, and which
    deadlines were met or missed. Works on the embedded broker of `make run` (the default,
    `127.0.0.1:9092`, as for every service) and on a Kafka cluster
    (`KAFKA_BOOTSTRAP_SERVERS`, `KAFKA_TOPIC_PREFIX`). The table fits the terminal; every
    column in full: `--format json` or `--format csv`."""
    from aiokafka.errors import KafkaError
    from rich.console import Console

    from services.supervision.application.replay.output import write
    from services.supervision.domain.timeline import Selection, rows
    from shared.settings import KafkaSettings

    console = Console(stderr=fmt != "table")
    selection = Selection(petition, org, user, _aware(since), _aware(until))
    # aiokafka logs each failed connection attempt; the one line below says it all.
    logging.getLogger("aiokafka").addHandler(logging.NullHandler())
    try:
        events = asyncio.run(_read(console))
    except (KafkaError, OSError, TimeoutError) as exc:
        # An auditor needs to know what to fix, not where aiokafka gave up: one line.
        where = KafkaSettings().bootstrap_servers
        typer.echo(
            f"sunshine replay: cannot read petition.events from the Kafka broker at {where} "
            f"({type(exc).__name__}); is `make run` running? Another broker: set "
            "KAFKA_BOOTSTRAP_SERVERS.",
            err=True,
        )
        raise typer.Exit(1) from None
    found = rows(events, selection)
    if out is not None:
        with out.open("w", encoding="utf-8", newline="") as f:
            write(found, fmt, f, console)
        console.print(f"{len(found)} rows written to {out}")
    else:
        write(found, fmt, sys.stdout, console)


def _aware(value: datetime | None) -> datetime | None:
    from datetime import UTC

    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


async def _read(console: Any) -> list[Any]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from services.supervision.application.replay.reader import read_topic
    from shared.runtime.topics import Topics
    from shared.schemas.catalog import decode_event
    from shared.settings import KafkaSettings

    kafka = KafkaSettings()
    topic = Topics.of(kafka).petition_events
    events: dict[str, Any] = {}  # by event id: a relay may have published one twice
    bar = [BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    # Off the terminal (a pipe, a file) the bar would leave a blank line in the output.
    quiet = not console.is_terminal
    with Progress(
        "{task.description}", *bar, console=console, transient=True, disable=quiet
    ) as progress:
        task = progress.add_task(topic, total=None)

        def on_progress(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total or None)

        async for value in read_topic(kafka, topic, on_progress=on_progress):
            try:
                event = decode_event(value)
            except Exception:
                continue  # not an event (a poison message): the dead-letter topic has it
            events.setdefault(event.event_id, event)
    # Log order per petition is what the fold needs; across petitions, stream order.
    return sorted(events.values(), key=lambda e: (e.stream_id, e.stream_version))
