"""``sunshine token``: a development token the services accept; bad input refused clearly."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest
import typer
from typer.testing import CliRunner

from shared.auth.roles import Principal, Role
from shared.auth.tokens import TokenVerifier
from shared.settings import DEV_JWT_SECRET
from tools.cli import token as token_cmd

ENV_SECRET = "env-secret-for-the-cli-0123456789abcdef"


def flat(output: str) -> str:
    """The error box's text on one line (rich wraps it at the terminal width)."""
    return " ".join(output.replace("│", " ").split())


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    app.command("token")(token_cmd.token)

    @app.command("other")
    def other() -> None:  # a second command, so "token" stays a subcommand as in main.py
        pass

    return app


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("INTAKE_JWT_SECRET", raising=False)
    monkeypatch.delenv("SUNSHINE_JWT_SECRET", raising=False)
    return CliRunner()


def test_mints_a_dev_token(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["token", "--role", "handler", "--org", "320812-ZJJ"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert "\n" not in token
    principal = TokenVerifier(secret=DEV_JWT_SECRET).verify(token)
    assert principal == Principal(user_id="dev-handler", role=Role.HANDLER, org="320812-ZJJ")


def test_user_name_and_ttl(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [
            "token",
            "--role",
            "Leader",
            "--org",
            "320812",
            "--user",
            "u-42",
            "--name",
            "李四",
            "--ttl",
            "1h30m",
        ],
    )
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    principal = TokenVerifier(secret=DEV_JWT_SECRET).verify(token)
    assert (principal.user_id, principal.role, principal.org, principal.name) == (
        "u-42",
        Role.LEADER,
        "320812",
        "李四",
    )
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 90 * 60


@pytest.mark.parametrize("var", ["INTAKE_JWT_SECRET", "SUNSHINE_JWT_SECRET"])
def test_secret_from_the_environment(
    app: typer.Typer, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, var: str
) -> None:
    monkeypatch.setenv(var, ENV_SECRET)
    result = runner.invoke(app, ["token", "--role", "admin", "--org", "320800"])
    assert result.exit_code == 0, result.output
    assert TokenVerifier(secret=ENV_SECRET).verify(result.stdout.strip()).role is Role.ADMIN


def test_unknown_role_lists_the_valid_ones(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["token", "--role", "superuser", "--org", "320800"])
    assert result.exit_code == 2
    assert result.stdout == ""
    message = flat(result.output)
    assert "unknown role 'superuser'" in message
    for role in Role:
        assert role.value in message


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["--ttl", "forever"], "--ttl"),
        (["--ttl", "0"], "--ttl"),
        (["--ttl", "31d"], "--ttl"),
        (["--org", " "], "--org"),
        (["--user", ""], "--user"),
    ],
)
def test_bad_input(app: typer.Typer, runner: CliRunner, args: list[str], hint: str) -> None:
    base = {"--role": "handler", "--org": "320812-ZJJ"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    argv = ["token", *[x for kv in base.items() for x in kv]]
    result = runner.invoke(app, argv)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert hint in flat(result.output)


def test_short_secret_refused(
    app: typer.Typer, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUNSHINE_JWT_SECRET", "short")
    result = runner.invoke(app, ["token", "--role", "admin", "--org", "320800"])
    assert result.exit_code == 2
    assert "at least 32 bytes" in flat(result.output)
    assert "short" not in result.stdout


def test_role_option_is_required(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["token", "--org", "320800"])
    assert result.exit_code == 2
    assert "--role" in result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8h", timedelta(hours=8)),
        ("30m", timedelta(minutes=30)),
        ("1h30m", timedelta(minutes=90)),
        ("2d", timedelta(days=2)),
        ("90s", timedelta(seconds=90)),
        ("3600", timedelta(hours=1)),
        (" 8H ", timedelta(hours=8)),
    ],
)
def test_parse_ttl(text: str, expected: timedelta) -> None:
    assert token_cmd.parse_ttl(text) == expected


@pytest.mark.parametrize("text", ["", "h", "8x", "8h-", "-5m", "1.5h"])
def test_parse_ttl_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        token_cmd.parse_ttl(text)
