"""The web's figures (issue 15, item 7), each beside its limit:

- the JavaScript the portal's first route loads, gzipped: the entry scripts and module
  preloads ``web/dist/index.html`` names and every module they import statically (what the
  browser must fetch before the first route runs), and separately what Chromium really fetched
  loading ``/`` (so a route loaded lazily but needed at once counts too);
- its first contentful paint on loopback, from ``performance.getEntriesByName(
  'first-contentful-paint')`` in Debian's Chromium, median of N cold loads;
- an online submission's round trip through the gateway at 20 a second, p95: each with a
  verification code asked for beforehand and read from the SMS file, as a citizen's.

The part runs its own ``sunshine run`` on free ports and skips, saying why, when the web app is
not built or the gateway is not in the runtime's catalogue.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import re
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import httpx

from shared.runtime.services import CATALOGUE
from tools.bench.report import Figure
from tools.browser import CHROMIUM, MISSING, launch_options, read_messages
from tools.ports import free_port_block, free_ports

ROOT = Path(__file__).resolve().parents[2]
WEB_DIST = ROOT / "web" / "dist"
JS_LIMIT_KB = 250.0
FCP_LIMIT_MS = 1000.0
SUBMIT_P95_LIMIT_MS = 300.0
VILLAGE = "320831003002"
# Intake's abuse limits off for the load: every submission comes from 127.0.0.1.
LOAD_SETTINGS = {
    "INTAKE_CODES_PER_PHONE_PER_DAY": "1000",
    "INTAKE_SUBMISSIONS_PER_PHONE_PER_DAY": "1000",
    "INTAKE_CODES_PER_ADDRESS_PER_HOUR": "100000",
    "INTAKE_CODE_TTL_S": "3600",
}


def why_not(dist: Path = WEB_DIST) -> str | None:
    """Why the web part cannot run here, or None."""
    gateway = next((i for i in CATALOGUE if i.name == "gateway"), None)
    if gateway is None or not gateway.exists():
        return "the gateway is not in the runtime's catalogue yet"
    if not (dist / "index.html").exists():
        return "web/dist is not built (make bench builds it once web/package.json exists)"
    if not CHROMIUM.exists():
        return MISSING
    return None


# -- the first route's JavaScript ---------------------------------------------------------


class _EntryScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        preload = tag == "link" and a.get("rel") in ("modulepreload", "preload")
        if preload and a.get("href", "").endswith(".js"):
            self.urls.append(a["href"])


# Static imports in built modules: `import{a}from"./x.js"`, `export*from"./x.js"`,
# `import"./x.js"`; not `import("./x.js")`, which loads later.
_STATIC = re.compile(r"""(?:\bfrom\s*|\bimport\s*)["']([^"'\s]+\.js)["']""")


def _local(dist: Path, url: str) -> Path | None:
    path = urlparse(url).path
    if urlparse(url).netloc and not path:
        return None
    file = (dist / path.lstrip("/")).resolve()
    return file if file.is_file() and dist.resolve() in file.parents else None


def first_route_modules(dist: Path) -> list[Path]:
    """The JavaScript files the first route needs before it runs, each once."""
    parser = _EntryScripts()
    parser.feed((dist / "index.html").read_text("utf-8"))
    todo = [urljoin("/", u) for u in parser.urls]
    seen: dict[Path, None] = {}
    while todo:
        url = todo.pop(0)
        file = _local(dist, url)
        if file is None or file in seen:
            continue
        seen[file] = None
        for imported in _STATIC.findall(file.read_text("utf-8", errors="replace")):
            todo.append(urljoin(url, imported))
    return list(seen)


def gzipped_kb(files: list[Path]) -> float:
    return sum(len(gzip.compress(f.read_bytes(), compresslevel=6)) for f in files) / 1024


# -- first contentful paint ---------------------------------------------------------------

_FCP = "() => performance.getEntriesByName('first-contentful-paint').map(e => e.startTime)"


def paint_and_fetched(url: str, loads: int, dist: Path) -> tuple[list[float], list[Path]]:
    """First contentful paint (ms) of ``loads`` cold loads of ``url``, and the JavaScript files
    of ``dist`` the first load fetched. In a thread of its own: Playwright's sync API refuses
    to run where an asyncio loop is running (a caller's, a test session's)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(_paint_and_fetched, url, loads, dist).result()


def _paint_and_fetched(url: str, loads: int, dist: Path) -> tuple[list[float], list[Path]]:
    from playwright.sync_api import sync_playwright

    paints: list[float] = []
    fetched: dict[Path, None] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(**launch_options())
        try:
            for i in range(loads):
                context = browser.new_context(locale="zh-CN")  # a cold cache each time
                page = context.new_page()
                if i == 0:
                    page.on("response", lambda r: _note_js(r.url, dist, fetched))
                page.goto(url, wait_until="load")
                # Polled through evaluate: wait_for_function evaluates a string in the page,
                # which the pages' Content-Security-Policy (no eval) refuses.
                deadline = time.monotonic() + 10
                while not (painted := page.evaluate(_FCP)):
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"{url}: no first contentful paint within 10 s")
                    page.wait_for_timeout(20)
                paints.append(float(painted[0]))
                if i == 0:
                    page.wait_for_load_state("networkidle")
                context.close()
        finally:
            browser.close()
    return paints, list(fetched)


def _note_js(url: str, dist: Path, into: dict[Path, None]) -> None:
    if urlparse(url).path.endswith(".js"):
        file = _local(dist, url)
        if file is not None:
            into[file] = None


# -- the submission round trip ------------------------------------------------------------


def petition(phone: str, code: str, i: int) -> dict[str, Any]:
    from shared.schemas.idnumber import check_digit

    first17 = f"320831198502{i % 28 + 1:02d}{i % 1000:03d}"
    return {
        "kind": "claim",
        "category_code": "0101",
        "region_code": VILLAGE,
        "title": "道路破损请求维修",
        "content": "村道破损严重，雨天无法通行，请求尽快维修。",
        "petitioner": {
            "name": "测试群众",
            "id_number": first17 + check_digit(first17),
            "phone": phone,
            "address": "江苏省淮安市金湖县",
        },
        "code": code,
        "consent": True,
        "attachment_ids": [],
        "campaign_id": None,
        "kiosk": None,
    }


async def _at_rate(
    client: httpx.AsyncClient, calls: list[tuple[str, Any]], rate: float
) -> list[tuple[int, float]]:
    """Open loop: call ``i`` goes at start + i/rate whatever the earlier ones are doing;
    (status, seconds) of each."""
    start = time.monotonic()

    async def one(i: int, path: str, body: Any) -> tuple[int, float]:
        await asyncio.sleep(max(0.0, start + i / rate - time.monotonic()))
        sent = time.monotonic()
        r = await client.post(path, json=body)
        return r.status_code, time.monotonic() - sent

    return await asyncio.gather(*(one(i, p, b) for i, (p, b) in enumerate(calls)))


def codes_for(messages: Path, phones: list[str], timeout: float = 60) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while True:
        codes = {
            m["recipient"]: m["body"]
            for m in read_messages(messages)
            if m.get("kind") == "verification_code"
        }
        if all(p in codes for p in phones):
            found = {p: re.search(r"(?<!\d)\d{6}(?!\d)", codes[p]) for p in phones}
            return {p: m.group(0) for p, m in found.items() if m}
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(set(phones) - set(codes))} codes never arrived by SMS")
        time.sleep(0.2)


async def submission_latencies(gateway: str, messages: Path, n: int, rate: float) -> list[float]:
    """Seconds of each of ``n`` online submissions at ``rate`` a second through the gateway."""
    phones = [f"137{i:08d}" for i in range(n)]
    async with httpx.AsyncClient(base_url=gateway, timeout=30) as client:
        asked = await _at_rate(
            client,
            [("/api/intake/v1/public/verification-codes", {"phone": p}) for p in phones],
            rate,
        )
        refused = [s for s, _ in asked if s != 202]
        if refused:
            raise RuntimeError(f"{len(refused)} code requests refused: {sorted(set(refused))}")
        codes = codes_for(messages, phones)
        calls = [
            ("/api/intake/v1/public/petitions", petition(p, codes[p], i))
            for i, p in enumerate(phones)
        ]
        done = await _at_rate(client, calls, rate)
    failed = [s for s, _ in done if s != 201]
    if failed:
        raise RuntimeError(f"{len(failed)} submissions failed: {sorted(set(failed))}")
    return [t for _, t in done]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


# -- the part -------------------------------------------------------------------------------


@contextlib.contextmanager
def running(folder: Path, settings: dict[str, str]) -> Iterator[tuple[str, Path]]:
    """``sunshine run`` on free ports: (the gateway's URL, the data folder)."""
    import os

    base = free_port_block(5)
    [broker] = free_ports(1)
    data, out = folder / "web-data", folder / "web-run.out"
    cmd = [sys.executable, "-m", "tools.cli.main", "run", "--data-dir", str(data)]
    cmd += ["--port-base", str(base), "--broker-port", str(broker)]
    prefixes = ("KAFKA_", "SUNSHINE_", *(f"{i.name.upper()}_" for i in CATALOGUE))
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)} | settings
    with out.open("wb") as sink:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while "press Ctrl-C to stop" not in out.read_text(errors="replace"):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"sunshine run did not get ready: see {out}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{base}", data
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()


def figures_for(
    gateway: str, data: Path, dist: Path, loads: int, submissions: int, rate: float
) -> list[Figure]:
    """The web's figures on a running system at ``gateway`` serving ``dist``."""
    static_kb = gzipped_kb(first_route_modules(dist))
    paints, fetched = paint_and_fetched(f"{gateway}/", loads, dist)
    latencies = asyncio.run(
        submission_latencies(gateway, data / "intake-messages.jsonl", submissions, rate)
    )
    return [
        Figure("web", "first route's JS (index.html graph), gzip", "KB", [static_kb],
               max_value=JS_LIMIT_KB),
        Figure("web", "JS fetched loading /, gzip", "KB", [gzipped_kb(fetched)],
               max_value=JS_LIMIT_KB),
        Figure("web", f"first contentful paint, loopback ({loads} loads)", "ms", paints,
               max_value=FCP_LIMIT_MS),
        Figure("web", f"online submission p95 at {rate:g}/s through the gateway", "ms",
               [p95(latencies) * 1000], max_value=SUBMIT_P95_LIMIT_MS),
    ]  # fmt: skip


def bench_web(folder: Path, loads: int, submissions: int, rate: float = 20) -> list[Figure]:
    with running(folder, LOAD_SETTINGS) as (gateway, data):
        return figures_for(gateway, data, WEB_DIST, loads, submissions, rate)
