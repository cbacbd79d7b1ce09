"""``sunshine run``: the whole system on this machine."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

DataDir = Annotated[
    Path,
    typer.Option(
        "--data-dir",
        envvar="SUNSHINE_DATA_DIR",
        help="Folder for the SQLite databases and the logs.",
        file_okay=False,
    ),
]


def run(
    data_dir: DataDir = Path(".data"),
    port_base: Annotated[
        int,
        typer.Option(
            help="The gateway on base+0, the services on base+1 (intake) .. base+5 (feedback)."
        ),
    ] = 8000,
    broker_port: Annotated[
        int, typer.Option(help="Port of the embedded broker (ignored with an external one).")
    ] = 9092,
    service: Annotated[
        list[str] | None,
        typer.Option("--service", "-s", help="Run only this service (repeatable)."),
    ] = None,
    ready_timeout: Annotated[
        float, typer.Option(help="Seconds to wait for every service's /readyz.")
    ] = 120.0,
    stop_timeout: Annotated[
        float, typer.Option(help="Seconds a service gets to stop before it is killed.")
    ] = 30.0,
) -> None:
    """Start the broker, create the topics, start every service and watch them.

    Without `KAFKA_BOOTSTRAP_SERVERS` an embedded Kafka-compatible broker (Tansu, in memory)
    runs on `127.0.0.1:<broker-port>`. Each service runs as its own process
    (`python -m services.<name>`) with `<NAME>_PORT` and `<NAME>_DATABASE_URL` (default: a
    SQLite file in the data folder); a service that dies is restarted with backoff. Ctrl-C
    or SIGTERM stops everything, services first, broker last. Logs: `<data-dir>/logs/`.
    """
    from shared.runtime.services import by_name
    from shared.runtime.supervisor import RunConfig, run_supervisor
    from shared.settings import KafkaSettings

    for name in service or []:
        try:
            by_name(name)
        except KeyError as exc:
            raise typer.BadParameter(str(exc.args[0]), param_hint="--service") from exc
    external = os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or None
    cfg = RunConfig(
        data_dir=data_dir,
        port_base=port_base,
        broker_port=broker_port,
        external_bootstrap=external,
        services=service or None,
        ready_timeout_s=ready_timeout,
        stop_timeout_s=stop_timeout,
        kafka=KafkaSettings(),
    )
    raise typer.Exit(run_supervisor(cfg))
