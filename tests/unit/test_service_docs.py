"""Every service's ``/docs`` and ``/redoc`` work offline: the pages name no other host, and
each asset they load comes from the service itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from shared.runtime.services import ServiceInfo, existing
from tests.support.apps import service_app

_ASSET = re.compile(r"""(?:src|href|spec-url)=["']([^"']+)["']|url:\s*["']([^"']+)["']""")


def service_client(
    info: ServiceInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> TestClient:
    return TestClient(service_app(info, tmp_path, monkeypatch))


@pytest.mark.parametrize("info", existing(), ids=lambda i: i.name)
@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_load_nothing_from_another_host(
    info: ServiceInfo, page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = service_client(info, tmp_path, monkeypatch)
    html = client.get(page)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "://" not in html.text, "the page names another host"
    urls = [a or b for a, b in _ASSET.findall(html.text)]
    assert "/openapi.json" in urls and any(u.endswith(".js") for u in urls)
    for url in urls:
        got = client.get(url)
        assert got.status_code == 200 and got.content, url
    if page == "/docs":
        assert any(u.endswith(".css") for u in urls)
