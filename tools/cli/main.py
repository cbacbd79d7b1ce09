"""``sunshine``: the command-line entry point (console script in pyproject.toml).

Each subcommand lives in its own module under ``tools/cli/`` as a plain function with typer
annotations; register it here with one line. Keep heavy imports inside the function so
``sunshine --help`` stays fast.
"""

from __future__ import annotations

import typer

from tools.cli import (
    asyncapi,
    bench,
    check,
    demo,
    imports,
    openapi,
    password,
    rebuild,
    replay,
    rules,
    run,
    token,
)

app = typer.Typer(
    name="sunshine",
    help="Sunshine Petition (阳光信访): run, inspect and maintain the petition services.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="markdown",
)

app.command("run")(run.run)
app.command("rebuild")(rebuild.rebuild)
app.command("asyncapi")(asyncapi.asyncapi)
app.command("openapi")(openapi.openapi)
app.command("token")(token.token)
app.command("bench")(bench.bench)
app.command("demo")(demo.demo)
app.command("replay")(replay.replay)
app.command("check")(check.check)
app.command("imports")(imports.imports)
app.command("rules")(rules.rules)
app.command("password-hash")(password.password_hash)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
