"""``sunshine token``: mint a development bearer token (HS256, the services' shared secret)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated

import typer

_TTL_PART = re.compile(r"(\d+)([dhms])")
_TTL_UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


def parse_ttl(text: str) -> timedelta:
    """``8h``, ``30m``, ``1h30m``, ``2d``, ``90s`` or plain seconds (``3600``)."""
    value = text.strip().lower()
    if value.isdigit():
        return timedelta(seconds=int(value))
    parts = _TTL_PART.findall(value)
    if not parts or "".join(n + u for n, u in parts) != value:
        raise ValueError(f"not a duration: {text!r} (e.g. 8h, 30m, 1h30m, 2d)")
    total = timedelta()
    for number, unit in parts:
        total += timedelta(**{_TTL_UNITS[unit]: int(number)})
    return total


def token(
    role: Annotated[
        str,
        typer.Option(
            help="registrar, handler, petition_office, case_owner, inspector, leader, "
            "auditor or admin."
        ),
    ],
    org: Annotated[
        str,
        typer.Option(
            help="Region code (petition_office, leader, inspector) or department code "
            "(handler) the holder acts for."
        ),
    ],
    user: Annotated[str | None, typer.Option(help="User id (`sub`); default: dev-<role>.")] = None,
    name: Annotated[str | None, typer.Option(help="Display name (`name` claim).")] = None,
    ttl: Annotated[
        str, typer.Option(help="Lifetime: 8h, 30m, 1h30m, 2d or seconds (at most 30d).")
    ] = "8h",
    secret: Annotated[
        str | None,
        typer.Option(
            envvar=["INTAKE_JWT_SECRET", "SUNSHINE_JWT_SECRET"],
            show_default=False,
            help="HS256 secret; default: the development secret the services use unless "
            "configured otherwise. Prefer the environment variable to the command line.",
        ),
    ] = None,
) -> None:
    """Print a development bearer token for ROLE at ORG on stdout.

    Use it as `Authorization: Bearer <token>`, e.g.
    `curl -H "Authorization: Bearer $(sunshine token --role handler --org 320800-ZJJ)" ...`.
    Signed HS256 with `INTAKE_JWT_SECRET` / `SUNSHINE_JWT_SECRET` if set, else the
    development secret; services running RS256 (production) do not accept these tokens.
    """
    from pydantic import ValidationError

    from shared.auth.roles import Principal, Role
    from shared.auth.tokens import MAX_TTL, mint_token
    from shared.settings import DEV_JWT_SECRET

    try:
        parsed_role = Role.parse(role)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--role") from None
    try:
        lifetime = parse_ttl(ttl)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--ttl") from None
    if lifetime <= timedelta(0) or lifetime > MAX_TTL:
        raise typer.BadParameter(
            f"must be positive and at most {MAX_TTL.days}d", param_hint="--ttl"
        )
    try:
        principal = Principal(
            user_id=user if user is not None else f"dev-{parsed_role.value}",
            name=name or None,
            role=parsed_role,
            org=org.strip(),
        )
    except ValidationError as exc:
        fields = sorted({str(e["loc"][0]) for e in exc.errors() if e.get("loc")})
        hint = ", ".join("--user" if f == "user_id" else f"--{f}" for f in fields)
        raise typer.BadParameter("empty or too long", param_hint=hint) from None
    try:
        encoded = mint_token(principal, secret or DEV_JWT_SECRET, ttl=lifetime)
    except ValueError as exc:  # a secret that is too short
        raise typer.BadParameter(str(exc), param_hint="--secret / INTAKE_JWT_SECRET") from None
    typer.echo(encoded)
