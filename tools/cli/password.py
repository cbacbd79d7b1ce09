"""``sunshine password-hash``: the argon2 hash of a password, for ``users.json``."""

from __future__ import annotations

from typing import Annotated

import typer


def password_hash(
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            help="The password (asked for when not given; never echoed).",
        ),
    ],
) -> None:
    """Print the argon2id hash of a password: the `password_hash` of a user in the
    development directory (`shared/refdata/files/users.json`)."""
    from services.gateway.application.directory import hash_password

    typer.echo(hash_password(password))
