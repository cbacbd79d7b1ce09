"""``sunshine rebuild``: drop a service's projections and replay them from offset 0."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from tools.cli.run import DataDir


def rebuild(
    service: Annotated[str, typer.Argument(help="The service whose projections to rebuild.")],
    projection: Annotated[
        list[str] | None,
        typer.Option("--projection", "-p", help="Only this projection (repeatable)."),
    ] = None,
    data_dir: DataDir = Path(".data"),
    port_base: Annotated[
        int, typer.Option(help="Where `sunshine run` puts the services (to see if it is up).")
    ] = 8000,
    force: Annotated[
        bool, typer.Option(help="Rebuild even though the service answers on its port.")
    ] = False,
) -> None:
    """Empty a service's projections and replay their topics from offset 0.

    Uses the service's own factory, `services.<name>.main:build_runners(settings, engine)`,
    and its database (`<NAME>_DATABASE_URL`, default: the SQLite file `sunshine run` uses).
    Stop the service first: its live consumer would race the rebuild.
    """
    from rich.console import Console

    from shared.runtime.services import by_name

    console = Console()
    try:
        info = by_name(service)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="SERVICE") from exc
    if not info.exists():
        console.print(
            f"[red]{service} does not exist yet[/red] (no services/{service}/__main__.py)"
        )
        raise typer.Exit(2)
    module = info.main_module()
    # A read model written in the same transaction as the events (intake's) is rebuilt from
    # the service's own events table, not from Kafka.
    own_events = getattr(module, "rebuild_read_model", None)
    if own_events is None and not hasattr(module, "build_runners"):
        console.print(f"{service} has no projections (no build_runners in {module.__name__})")
        raise typer.Exit(0)
    if not force and _answers(info.port(port_base)):
        console.print(
            f"[red]{service} is running on port {info.port(port_base)}[/red]: stop it first "
            "(its consumer would race the rebuild), or pass --force."
        )
        raise typer.Exit(1)

    os.environ.setdefault(f"{info.env_prefix}DATABASE_URL", info.default_database_url(data_dir))
    settings = module.load_settings()
    from shared.eventstore import make_engine
    from shared.eventstore.migrate import migrate

    engine = make_engine(settings.database_url, bulk=True)
    try:
        migrate(engine, info.migrations_dir(), info.name)
        if own_events is not None:
            console.print(own_events(settings, engine))
            return
        runners = _select(module.build_runners(settings, engine), projection)
        for runner in runners:
            _rebuild_one(console, runner)
    finally:
        engine.dispose()


def _answers(port: int) -> bool:
    import httpx

    try:
        httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=0.5)
    except httpx.HTTPError:
        return False
    return True


def _select(runners: list[Any], names: list[str] | None) -> list[Any]:
    if not names:
        return runners
    known = {r.name: r for r in runners}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise typer.BadParameter(
            f"unknown projection(s) {', '.join(unknown)}; known: {', '.join(known) or 'none'}",
            param_hint="--projection",
        )
    return [known[n] for n in names]


def _rebuild_one(console: Any, runner: Any) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from shared.consumer import rebuild as rebuild_projection
    from shared.settings import KafkaSettings

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task(runner.name, total=None)

        def on_progress(done: int, total: int) -> None:
            progress.update(task, completed=done, total=max(total, done) or None)

        stats = asyncio.run(rebuild_projection(runner, KafkaSettings(), on_progress=on_progress))
    console.print(
        f"{runner.name}: {stats.events} events in {stats.seconds:.1f}s "
        f"({stats.events_per_second:.0f}/s)"
    )
