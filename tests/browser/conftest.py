"""The browser tests: Playwright (pytest-playwright) drives Debian's Chromium against one
``sunshine run`` shared by the whole session, through the gateway (port base + 0) that serves
the built web app.

Until the gateway is in the runtime's catalogue and ``web/dist`` is built, the tests that need
them skip, saying which is missing; those that bring their own page (test_infrastructure.py)
run anyway, so the browser, the fonts and axe are proven on every machine.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from shared.runtime.services import CATALOGUE
from tests.browser.pages import CODE_TTL_S, MAX_ATTEMPTS, Phones
from tests.support.system import ROOT, System, running_system
from tools.browser import CHROMIUM, MISSING, launch_options

WEB_DIST = ROOT / "web" / "dist"
# Intake's abuse limits for this run (the public API's settings, issue 15 item 4): a code that
# expires in seconds, so the expired-code refusal is seen without a long wait (every flow asks
# for its code last, just before it submits), few attempts per code, and room for every test's
# codes from one phone and one address (all of them come from 127.0.0.1).
SETTINGS = {
    "INTAKE_CODE_TTL_S": str(CODE_TTL_S),
    "INTAKE_CODE_MAX_ATTEMPTS": str(MAX_ATTEMPTS),
    "INTAKE_CODES_PER_PHONE_PER_DAY": "100",
    "INTAKE_SUBMISSIONS_PER_PHONE_PER_DAY": "100",
    "INTAKE_CODES_PER_ADDRESS_PER_HOUR": "1000",
}

expect.set_options(timeout=15_000)


def missing_web() -> str | None:
    """Why the portal cannot be tested here, or None when it can."""
    gateway = next((i for i in CATALOGUE if i.name == "gateway"), None)
    if gateway is None or not gateway.exists():
        return "the gateway is not in the runtime's catalogue (shared/runtime/services.py) yet"
    if not (WEB_DIST / "index.html").exists():
        return "web/dist is not built (`make test` builds it once web/package.json exists)"
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        pytest.fail(MISSING, pytrace=False)
    return {**browser_type_launch_args, **launch_options()}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture
def page(page: Page) -> Page:
    page.set_default_timeout(15_000)
    return page


@pytest.fixture(scope="session")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    """One ``sunshine run`` for every browser test (CI's time: it starts once)."""
    reason = missing_web()
    if reason:
        pytest.skip(reason)
    with running_system(tmp_path_factory.mktemp("browser"), settings=SETTINGS) as running:
        yield running


@pytest.fixture(scope="session")
def portal(system: System) -> str:
    """The gateway's base URL: the one address people open."""
    return system.url("gateway")


@pytest.fixture(scope="session")
def phones(system: System) -> Phones:
    return Phones(system.data)


@pytest.fixture(scope="session")
def token() -> Callable[[str, str, str], dict[str, str]]:
    """``Authorization`` headers with a token from ``sunshine token --role --org --user``."""
    cache: dict[tuple[str, str, str], dict[str, str]] = {}

    def bearer(role: str, org: str, user: str) -> dict[str, str]:
        if (role, org, user) not in cache:
            cmd = [sys.executable, "-m", "tools.cli.main", "token"]
            cmd += ["--role", role, "--org", org, "--user", user]
            out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
            cache[role, org, user] = {"Authorization": f"Bearer {out.stdout.strip()}"}
        return cache[role, org, user]

    return bearer
