"""``sunshine asyncapi``: the AsyncAPI documents of every service's Kafka interface."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer


def asyncapi(
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write <service>.json and .yaml into.")
    ] = Path("docs/asyncapi"),
    schema_version: Annotated[
        str, typer.Option(help="AsyncAPI version to produce: 3.0.0 or 2.6.0.")
    ] = "3.0.0",
) -> None:
    """Write the AsyncAPI document of each existing service (what it consumes and publishes).

    Builds each service's parts with its own factory (`services.<name>.main:build_parts`) and
    hands its FastStream broker to FastStream's AsyncAPI generator. Nothing is started.
    """
    from faststream.specification import AsyncAPI
    from rich.console import Console

    from shared.runtime.services import existing, missing

    console = Console()
    out.mkdir(parents=True, exist_ok=True)
    services = existing()
    for info in missing():
        console.print(f"[yellow]{info.name}[/yellow]: not built yet, skipped")
    if not services:
        console.print("no service exists yet: nothing to document")
        return
    for info in services:
        # An in-memory database: describing the broker must not create files or connect.
        os.environ.setdefault(f"{info.env_prefix}DATABASE_URL", "sqlite://")
        module = info.main_module()
        parts = module.build_parts(module.load_settings())
        try:
            if parts.broker is None:
                console.print(f"{info.name}: no broker, nothing to document")
                continue
            spec = AsyncAPI(
                parts.broker,
                title=f"Sunshine Petition: {info.name}",
                version=parts.version,
                description=info.about,
                schema_version=schema_version,
            ).to_specification()
            (out / f"{info.name}.json").write_text(spec.to_json() + "\n", encoding="utf-8")
            written = [f"{info.name}.json"]
            try:
                (out / f"{info.name}.yaml").write_text(spec.to_yaml(), encoding="utf-8")
                written.append(f"{info.name}.yaml")
            except ImportError:
                console.print("[yellow]PyYAML is not installed: JSON only[/yellow]")
            console.print(f"{info.name}: wrote {', '.join(str(out / w) for w in written)}")
        finally:
            parts.engine.dispose()
