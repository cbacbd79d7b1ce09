"""``sunshine openapi``: each service's OpenAPI document, from its own app factory."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer

# The web app's typed clients are generated from these (web/package.json: api-types).
DEFAULT_OUT = Path("web/openapi")


def openapi_documents() -> dict[str, dict[str, Any]]:
    """Service name -> its OpenAPI document, built without running anything: each service's
    ``build_parts`` with its settings as a development run has them, on an in-memory
    database that is never opened, and a broker that is never connected."""
    from shared.runtime.services import existing
    from shared.service.app import create_service_app

    docs: dict[str, dict[str, Any]] = {}
    for info in existing():
        variable = f"{info.env_prefix}DATABASE_URL"
        before = os.environ.get(variable)
        os.environ[variable] = "sqlite://"
        try:
            module = info.main_module()
            parts = module.build_parts(module.load_settings())
            try:
                docs[info.name] = create_service_app(parts).openapi()
            finally:
                parts.engine.dispose()
        finally:
            if before is None:
                del os.environ[variable]
            else:
                os.environ[variable] = before
    return docs


def render(document: dict[str, Any]) -> str:
    """As the committed files are written: sorted keys, one-space indents, UTF-8 as is."""
    return json.dumps(document, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def openapi(
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write <service>.json into.")
    ] = DEFAULT_OUT,
) -> None:
    """Write the OpenAPI document of each service (intake, routing, supervision, index,
    feedback, gateway) as `<service>.json`. Nothing is started: no database, no broker.
    Then `cd web && npm run api-types` makes the web app's typed clients from them."""
    out.mkdir(parents=True, exist_ok=True)
    for name, document in openapi_documents().items():
        path = out / f"{name}.json"
        path.write_text(render(document), encoding="utf-8")
        typer.echo(f"{name}: wrote {path}")
