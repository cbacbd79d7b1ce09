"""Every ``/api/v1/...`` path README.md names is served: by the service on the port it names
(the default ports, 8001..8005), or by some service when it names none; and with the method
it names, when it names one. So the README cannot drift from the routes again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shared.runtime.services import DEFAULT_PORT_BASE, existing
from tests.support.apps import service_app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
# An optional method, an optional http://host:port, then the path up to a quote, a space...
_MENTION = re.compile(
    r"(?:(?P<method>GET|POST|PUT|PATCH|DELETE) +)?(?:https?://[\w.]+:(?P<port>\d+))?"
    r"(?P<path>/api/v1/[^\s`'\"()?,;]*)"
)
Routes = dict[str, list[tuple[re.Pattern[str], set[str]]]]


def mentions() -> list[tuple[str | None, int | None, str]]:
    found = [
        (m["method"], int(m["port"]) if m["port"] else None, m["path"].rstrip(".:"))
        for m in _MENTION.finditer(README)
    ]
    assert len(found) >= 10, "the README's walk-through names its paths"
    return found


@pytest.fixture(scope="module")
def routes(tmp_path_factory: pytest.TempPathFactory) -> Routes:
    """Service name -> (each path of its OpenAPI document as a pattern, its methods)."""
    out: Routes = {}
    with pytest.MonkeyPatch.context() as mp:
        for info in existing():
            app = service_app(info, tmp_path_factory.mktemp(info.name), mp)
            out[info.name] = [
                (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), set(ops))
                for path, ops in app.openapi()["paths"].items()
            ]
    return out


def _served(routes: Routes, method: str | None, path: str, services: list[str]) -> bool:
    return any(
        pattern.match(path) and (method is None or method.lower() in methods)
        for name in services
        for pattern, methods in routes[name]
    )


@pytest.mark.parametrize(
    ("method", "port", "path"), mentions(), ids=lambda v: str(v) if v is not None else "-"
)
def test_the_readme_names_a_served_path(
    routes: Routes, method: str | None, port: int | None, path: str
) -> None:
    by_port = {i.port(DEFAULT_PORT_BASE): i.name for i in existing()}
    services = [by_port[port]] if port is not None else list(routes)
    assert _served(routes, method, path, services), (
        f"README names {method or ''} {path} (port {port}); no such route on {services}"
    )
