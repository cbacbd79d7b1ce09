"""The browser tests' own ground, proven without the web app: Debian's Chromium opens a page
this test serves under the gateway's Content-Security-Policy, a field is found by its Chinese
label, Chinese text is drawn in real glyphs (fonts-noto-cjk), and axe-core runs and does find
a field without a label."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import assert_accessible, field

pytestmark = pytest.mark.browser

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)
HEAD = '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>阳光信访</title>'
PAGES = {
    "/": HEAD
    + """</head><body><main><h1>网上信访</h1>
<form><label for="phone">手机号码</label><input id="phone" name="phone" inputmode="numeric">
<button type="button">获取验证码</button></form>
<canvas id="glyphs" width="80" height="40" aria-hidden="true"></canvas></main></body></html>""",
    "/unlabelled": HEAD
    + """</head><body><main><h1>网上信访</h1>
<form><input id="phone" name="phone"></form></main></body></html>""",
}


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = PAGES.get(self.path)
        if body is None:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# Two different characters drawn on a canvas: with a CJK font their pixels differ; without
# one both come out as the same empty box ("tofu").
GLYPHS = """() => {
  const canvas = document.getElementById('glyphs');
  const ctx = canvas.getContext('2d');
  const draw = (ch) => {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.font = '32px sans-serif';
    ctx.fillStyle = '#000';
    ctx.fillText(ch, 4, 32);
    return Array.from(ctx.getImageData(0, 0, canvas.width, canvas.height).data);
  };
  const a = draw('信'), b = draw('访');
  return {inked: a.some(v => v > 0), differ: a.some((v, i) => v !== b[i])};
}"""


def test_chromium_finds_a_field_by_its_chinese_label_and_draws_chinese(
    page: Page, site: str
) -> None:
    page.goto(site + "/")
    expect(page.get_by_role("heading", name="网上信访")).to_be_visible()
    field(page, "手机号码").fill("13800000000")
    expect(field(page, "手机号码")).to_have_value("13800000000")
    expect(page.get_by_role("button", name="获取验证码")).to_be_enabled()
    drawn = page.evaluate(GLYPHS)
    assert drawn == {"inked": True, "differ": True}, "Chinese is drawn as boxes: no CJK font"
    assert_accessible(page)


def test_axe_finds_a_field_without_a_label(page: Page, site: str) -> None:
    page.goto(site + "/unlabelled")
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(page)
