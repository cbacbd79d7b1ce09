"""axe-core on every public page of the portal and on the kiosk: no serious or critical
violation, each page as it stands once it has loaded what it shows."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.flows import reference
from tests.browser.pages import assert_accessible

pytestmark = pytest.mark.browser

# Links that carry nothing valid still open a page (it says the link is not valid).
PAGES = [
    "/",
    "/petition",
    "/track",
    "/track?code=NOSUCHCODE",
    "/rate/NOSUCHCODE?token=invalid",
    "/survey/invalid",
    "/suggestions",
    "/policy",
    "/policy/{article}",
    "/kiosk/{kiosk}",
    "/signin",
]


@pytest.fixture(scope="module")
def names(portal: str) -> dict[str, Any]:
    articles = httpx.get(f"{portal}/content/articles/index.json", timeout=10)
    assert articles.status_code == 200, articles.text
    return {"article": articles.json()[0]["slug"], "kiosk": reference(portal)["kiosks"][0]["id"]}


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_violation(page: Page, portal: str, names: dict[str, Any], path: str) -> None:
    page.goto(portal + path.format(**names), wait_until="networkidle")
    expect(page.locator("#app")).not_to_be_empty()
    assert_accessible(page)
