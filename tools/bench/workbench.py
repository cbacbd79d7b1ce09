"""The staff workbench's figures (issue 16, item 11), each beside its limit, on a system that
holds a year of the demo city (``sunshine demo``'s petitions and lifecycles):

- the handler's queue page usable: from the navigation to its first rows drawn, in Debian's
  Chromium on loopback, median of N loads, each in a fresh browser context (a cold cache, as
  when the handler opens the link) with the session's cookie;
- a petition page usable: the same, to its timeline and its actions drawn, for the petition of
  that queue with the longest history;
- the queue API's p95 through the gateway, signed in as the handler (what the page calls, at
  the page size it asks for);
- the leaders' cockpit's first meaningful paint (issue 17): from the navigation, signed in as
  the city's leader, to the map drawn with every region graded and the light counts listed.

Every figure is read once the services have applied the year (``tools.bench.settle``): a
handler opens the queue on a working morning, not while a year is being replayed.

The part runs its own ``sunshine run`` on free ports and skips, saying why, when the web app is
not built or the gateway is not in the runtime's catalogue.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from shared.settings import DEV_JWT_SECRET
from tools.bench.report import Figure
from tools.bench.settle import wait_settled
from tools.bench.web import p95, running
from tools.browser import launch_options

PAGE_LIMIT_MS = 1000.0
COCKPIT_LIMIT_MS = 1500.0
LEADER = "leader.city"
QUEUE_P95_LIMIT_MS = 200.0
# The directory's handlers (shared/refdata/files/users.json) and their departments: the bench
# takes the one whose open queue is longest after the demo's days.
HANDLERS = {
    "handler.township": "320831003-GOV",
    "handler.county": "320831-ZJJ",
    "handler.city": "320800-ZJJ",
    "handler.county-health": "320831-WJW",
}
PASSWORD = "sunshine-dev"
PAGE_SIZE = 50
# What "usable" waits for: the queue's first row, the petition's timeline and action bar.
QUEUE_READY = ".el-table__body tr.el-table__row"
PETITION_READY = ".el-timeline-item"
# A function for the cockpit: its map's shapes drawn, no region waiting for its grade, and
# the light counts' table filled.
COCKPIT_READY = """() =>
  !!document.querySelector('.map-card .echart svg path') &&
  !!document.querySelector('[data-testid=cockpit] button[data-region]') &&
  !document.querySelector("[data-testid=cockpit] button[data-region][data-grade='']") &&
  !!document.querySelector('[data-testid=cockpit-lights] tbody tr')"""


def fill(gateway: str, days: int, per_day: int, on_day: Callable[[date], None]) -> None:
    """A year (``days``) of the demo city, ending today, through intake and routing."""
    from tools.demo import Demo

    base = int(gateway.rsplit(":", 1)[1])
    intake, routing = f"http://127.0.0.1:{base + 1}", f"http://127.0.0.1:{base + 2}"
    demo = Demo(intake, seed=1, secret=DEV_JWT_SECRET, routing_url=routing)
    today = date.today()
    demo.run(today - timedelta(days=days - 1), days, per_day, on_day)


def signed_in(client: httpx.Client, username: str) -> None:
    r = client.post("/auth/login", json={"username": username, "password": PASSWORD})
    r.raise_for_status()


def busiest(gateway: str) -> tuple[str, str, int]:
    """(username, department, open items on the first page) of the handler with most work."""
    best = ("", "", -1)
    for username, department in HANDLERS.items():
        with httpx.Client(base_url=gateway, timeout=30) as client:
            signed_in(client, username)
            r = client.get(queue_path(department), params={"state": "open", "limit": PAGE_SIZE})
            r.raise_for_status()
            if len(r.json()["items"]) > best[2]:
                best = (username, department, len(r.json()["items"]))
    return best


def queue_path(department: str) -> str:
    return f"/api/routing/v1/queues/{department}"


def queue_latencies(
    client: httpx.Client, department: str, calls: int
) -> tuple[list[float], list[dict[str, Any]]]:
    """Seconds of each of ``calls`` reads of the handler's open queue, one after another, and
    the queue's first page."""
    seconds: list[float] = []
    items: list[dict[str, Any]] = []
    for _ in range(calls):
        sent = time.monotonic()
        r = client.get(queue_path(department), params={"state": "open", "limit": PAGE_SIZE})
        seconds.append(time.monotonic() - sent)
        r.raise_for_status()
        items = r.json()["items"]
    return seconds, items


def longest_history(client: httpx.Client, items: list[dict[str, Any]]) -> str:
    """The id of the queue's petition with the most events (the heaviest petition page)."""
    best, most = "", -1
    for item in items[:20]:
        pid = str(item.get("petition_id") or item.get("id"))
        r = client.get(f"/api/intake/v1/petitions/{pid}")
        if r.status_code == 200 and len(r.json()["history"]) > most:
            best, most = pid, len(r.json()["history"])
    if not best:
        raise RuntimeError("the handler can read none of the petitions in its queue")
    return best


def page_times(
    cookies: list[dict[str, Any]], urls: list[tuple[str, str]], loads: int
) -> dict[str, list[float]]:
    """Milliseconds from navigation to usable, ``loads`` cold loads of each (url, ready
    selector or predicate). In a thread of its own: Playwright's sync API refuses to run
    where an asyncio loop is running."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(_page_times, cookies, urls, loads).result()


def _page_times(
    cookies: list[dict[str, Any]], urls: list[tuple[str, str]], loads: int
) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {url: [] for url, _ in urls}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(**launch_options())
        try:
            for _ in range(loads):
                for url, ready in urls:
                    context = browser.new_context(locale="zh-CN")  # a cold cache each time
                    context.add_cookies(cookies)  # type: ignore[arg-type]
                    page = context.new_page()
                    start = time.monotonic()
                    page.goto(url, wait_until="commit")
                    if ready.startswith("() =>"):  # a predicate, polled every frame
                        page.wait_for_function(ready, timeout=30_000)
                    else:
                        page.locator(ready).first.wait_for(state="visible", timeout=30_000)
                    times[url].append((time.monotonic() - start) * 1000)
                    context.close()
        finally:
            browser.close()
    return times


def _cookies(client: httpx.Client, gateway: str) -> list[dict[str, Any]]:
    return [{"name": c.name, "value": c.value or "", "url": gateway} for c in client.cookies.jar]


def figures_for(gateway: str, loads: int, calls: int) -> list[Figure]:
    username, department, _ = busiest(gateway)
    with httpx.Client(base_url=gateway, timeout=30) as client:
        signed_in(client, username)
        seconds, items = queue_latencies(client, department, calls)
        if not items:
            raise RuntimeError("every directory handler's queue is empty after the demo days")
        petition = longest_history(client, items)
        queue_url = f"{gateway}/workbench/queue"
        petition_url = f"{gateway}/workbench/petitions/{petition}"
        times = page_times(
            _cookies(client, gateway),
            [(queue_url, QUEUE_READY), (petition_url, PETITION_READY)],
            loads,
        )
    with httpx.Client(base_url=gateway, timeout=30) as client:
        signed_in(client, LEADER)
        cockpit_url = f"{gateway}/workbench/cockpit"
        times |= page_times(_cookies(client, gateway), [(cockpit_url, COCKPIT_READY)], loads)
    shown = len(items)
    return [
        Figure("workbench", f"{username}'s queue page usable ({shown} rows, {loads} cold loads)",
               "ms", times[queue_url], max_value=PAGE_LIMIT_MS),
        Figure("workbench", f"petition page usable ({loads} cold loads)", "ms",
               times[petition_url], max_value=PAGE_LIMIT_MS),
        Figure("workbench", f"queue API p95 through the gateway ({calls} reads of {PAGE_SIZE})",
               "ms", [p95(seconds) * 1000], max_value=QUEUE_P95_LIMIT_MS),
        Figure("workbench", f"cockpit's first meaningful paint, map and lights ({loads} cold "
               "loads)", "ms", times[cockpit_url], max_value=COCKPIT_LIMIT_MS),
    ]  # fmt: skip


def bench_workbench(
    folder: Path, days: int, per_day: int, loads: int, calls: int,
    on_day: Callable[[date], None],
) -> list[Figure]:  # fmt: skip
    with running(folder, {}) as (gateway, _data):
        fill(gateway, days, per_day, on_day)
        settled = wait_settled(int(gateway.rsplit(":", 1)[1]))
        return [
            Figure("workbench", "the services applied the fill, after its last request", "s",
                   [settled]),
            *figures_for(gateway, loads, calls),
        ]  # fmt: skip
