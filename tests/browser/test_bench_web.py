"""The web bench's machinery on a stand-in build (no web app needed): the first route's module
graph from index.html, and Chromium's first contentful paint and fetched JavaScript."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tools.bench.web import first_route_modules, gzipped_kb, p95, paint_and_fetched

pytestmark = pytest.mark.browser

FILES = {
    "index.html": '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
    "<title>阳光信访</title>"
    '<script type="module" crossorigin src="/assets/index-a.js"></script>'
    '<link rel="modulepreload" crossorigin href="/assets/vendor-b.js">'
    '</head><body><div id="app"></div></body></html>',
    "assets/index-a.js": 'import{v as x}from"./vendor-b.js";import"./side-c.js";'
    'document.getElementById("app").textContent="阳光信访 "+x;import("./route-d.js");',
    "assets/vendor-b.js": 'export const v="网上信访";' + "/*" + "x" * 5000 + "*/",
    "assets/side-c.js": 'import"./deep-e.js";',
    "assets/deep-e.js": "export{};",
    "assets/route-d.js": "export default 1;",
    "assets/unused-f.js": "export default 2;",
}


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    return tmp_path


@pytest.fixture
def served(dist: Path) -> Iterator[str]:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=dist))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_first_route_graph_follows_static_imports_only(dist: Path) -> None:
    names = {f.name for f in first_route_modules(dist)}
    assert names == {"index-a.js", "vendor-b.js", "side-c.js", "deep-e.js"}
    kb = gzipped_kb(first_route_modules(dist))
    assert 0 < kb < sum(len(t) for t in FILES.values()) / 1024  # gzip shrank the comment


def test_chromium_reports_the_paint_and_what_it_fetched(dist: Path, served: str) -> None:
    paints, fetched = paint_and_fetched(f"{served}/", 2, dist)
    assert len(paints) == 2 and all(0 < p < 10_000 for p in paints)
    # The lazily imported route that runs at once is fetched too; the unused module is not.
    assert {f.name for f in fetched} == {
        "index-a.js", "vendor-b.js", "side-c.js", "deep-e.js", "route-d.js",
    }  # fmt: skip


def test_p95() -> None:
    assert p95([float(i) for i in range(1, 101)]) == pytest.approx(95.05)
