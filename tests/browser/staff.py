"""Staff in the browser: sign in as a user of the development directory, and read the JSON a
page loaded (scope is checked on what reached the browser, not only on what it drew)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Page, Response, expect

PASSWORD = "sunshine-dev"  # every user of shared/refdata/files/users.json (development only)


def sign_in(page: Page, portal: str, username: str) -> None:
    """Sign in on /signin as a person does, and wait for the workbench's frame."""
    page.goto(f"{portal}/signin")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{portal}/workbench", timeout=15_000)


@contextmanager
def api_responses(page: Page) -> Iterator[list[tuple[str, Any]]]:
    """Every JSON body the page receives from ``/api/…`` while the block runs, as
    (url, body) pairs."""
    seen: list[tuple[str, Any]] = []

    def keep(response: Response) -> None:
        if "/api/" not in response.url:
            return
        if "json" not in (response.headers.get("content-type") or ""):
            return
        try:
            seen.append((response.url, response.json()))
        except (json.JSONDecodeError, UnicodeDecodeError):
            return
        except Exception:  # the page navigated away before the body was read
            return

    page.on("response", keep)
    try:
        yield seen
    finally:
        page.remove_listener("response", keep)


def texts_in(bodies: list[tuple[str, Any]]) -> str:
    """All the JSON the page loaded, as one string to search for what must not be there."""
    return "\n".join(json.dumps(body, ensure_ascii=False) for _, body in bodies)
