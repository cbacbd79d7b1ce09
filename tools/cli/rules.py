"""``sunshine rules``: write routing's default rule set (``services/routing/rules/default.json``)
anew from the department reference data, with the hand-written rules beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def rules(
    out: Annotated[
        Path | None, typer.Option(help="Where to write it (default: the packaged file).")
    ] = None,
    refdata_dir: Annotated[
        Path | None,
        typer.Option(help="A city's own reference data (default: the packaged demo city)."),
    ] = None,
) -> None:
    """Generate routing's default rule set: one rule a department, from what it answers for."""
    from services.routing.application.rulefile import DEFAULT_FILE, write_file
    from services.routing.domain.generate import default_rules
    from shared.refdata import load_refdata

    target = out or DEFAULT_FILE
    generated = default_rules(load_refdata(refdata_dir))
    write_file(generated, target)
    typer.echo(f"wrote {len(generated.rules)} rules to {target}")
