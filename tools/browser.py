"""Debian's Chromium as the browser tests and the web bench launch it, and the file notifier's
"phones" they read codes and links from.

Playwright's own browser download cannot run here: Playwright drives ``/usr/bin/chromium``
(``make test`` installs it with ``tools/browser-deps.sh``). The flags keep Chromium off the
network it would otherwise reach for at every start (updates, sync, safe browsing), which this
machine refuses.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
MISSING = (
    f"{CHROMIUM} is not there: the browser needs Debian's chromium and fonts-noto-cjk "
    "(`make test` installs them, or run `sh tools/browser-deps.sh` as root)"
)


def launch_options() -> dict[str, Any]:
    """Keyword arguments for ``playwright.chromium.launch``."""
    return {"executable_path": str(CHROMIUM), "args": list(CHROMIUM_FLAGS), "headless": True}


def read_messages(path: Path) -> list[dict[str, Any]]:
    """Every message the file notifier wrote to ``path`` (JSON lines), oldest first, with
    ``recipient`` and ``body`` whichever names the writer used (intake's are ``recipient`` and
    ``body``, feedback's ``to`` and ``text``). A line still being written is left for later."""
    if not path.exists():
        return []
    messages = []
    for line in path.read_text("utf-8").splitlines():
        try:
            raw = json.loads(line)
        except json.JSONDecodeError:
            continue
        raw.setdefault("recipient", raw.get("to"))
        raw.setdefault("body", raw.get("text"))
        messages.append(raw)
    return messages


def wait_for_message(
    path: Path,
    kind: str,
    recipient: str,
    *,
    where: Callable[[dict[str, Any]], bool] = lambda _m: True,
    skip: int = 0,
    timeout: float = 20.0,
) -> dict[str, Any]:
    """The first message of ``kind`` to ``recipient`` past the first ``skip`` such ones (and
    matching ``where``), polled until ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        found = [
            m
            for m in read_messages(path)
            if m.get("kind") == kind and m.get("recipient") == recipient and where(m)
        ]
        if len(found) > skip:
            return found[skip]
        if time.monotonic() > deadline:
            kinds = sorted({str(m.get("kind")) for m in read_messages(path)})
            raise AssertionError(
                f"no {kind!r} message to {recipient} in {path} after {timeout}s "
                f"(kinds there: {kinds})"
            )
        time.sleep(0.1)


def count_messages(path: Path, kind: str, recipient: str) -> int:
    return sum(
        1 for m in read_messages(path) if m.get("kind") == kind and m.get("recipient") == recipient
    )
