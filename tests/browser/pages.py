"""What the browser tests do on a page as a person would: find a field by its Chinese label, read
the refusal next to it, pick from a list, read the SMS a phone received; and axe-core's check."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page

from tools.browser import wait_for_message

SERIOUS = ("serious", "critical")
# The verification code's life and attempts in the browser tests' run (conftest.SETTINGS).
CODE_TTL_S = 20
MAX_ATTEMPTS = 3
VILLAGE = "320831003002"  # a village of a township of 金湖县 (the demo city)
COUNTY = "320831"
_AXE = Axe()
# Every finite animation or transition running now, ended (or cancelled): a spinner's never end.
_TRANSITIONS_ENDED = """() => Promise.all(document.getAnimations()
  .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
  .map((a) => a.finished.catch(() => null)))"""


def assert_accessible(page: Page) -> None:
    """axe-core on the page once its transitions have ended (a dialog fading in has, for an
    instant, text of too little contrast: CI failed on that at random): no serious or critical
    violation. (axe and the wait run through the browser's debugging protocol, which the
    pages' Content-Security-Policy does not stop.)"""
    page.evaluate(_TRANSITIONS_ENDED)
    results = _AXE.run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert not bad, f"{page.url}: " + "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in bad
    )


def first_match(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    assert found, f"{pattern!r} not in {text!r}"
    return found.group(0)


@dataclass
class Phones:
    """The file notifier's messages, as the petitioner's phone receives them."""

    data: Path

    @property
    def intake(self) -> Path:
        return self.data / "intake-messages.jsonl"

    @property
    def feedback(self) -> Path:
        return self.data / "feedback-messages.jsonl"

    def code(self, phone: str, skip: int = 0, timeout: float = 20) -> str:
        """The 6-digit verification code intake sent to ``phone`` (its ``skip``-th)."""
        m = wait_for_message(self.intake, "verification_code", phone, skip=skip, timeout=timeout)
        return first_match(r"(?<!\d)\d{6}(?!\d)", m["body"])

    def feedback_message(self, kind: str, phone: str, contains: str = "") -> dict[str, Any]:
        return wait_for_message(
            self.feedback, kind, phone, where=lambda m: contains in m["body"], timeout=30
        )

    def link(self, kind: str, phone: str, contains: str = "") -> str:
        """The link in feedback's message of ``kind`` to ``phone`` (naming ``contains``)."""
        return first_match(r"https?://\S+", self.feedback_message(kind, phone, contains)["body"])


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str
    phone: str
    address: str = "江苏省淮安市金湖县黎城镇"

    def hidden_from(self, text: str) -> bool:
        """None of this person's particulars in ``text`` (a public page shows none)."""
        return not any(part in text for part in (self.name, self.id_number, self.phone))


def field(page: Page | Locator, label: str) -> Locator:
    return page.get_by_label(label, exact=True)


def field_error(page: Page, label: str) -> Locator:
    """The refusal shown next to the field labelled ``label`` (Element Plus's form-item error)."""
    item = page.locator(".el-form-item").filter(has=field(page, label))
    return item.locator(".el-form-item__error")


def pick(page: Page, label: str, *names: str) -> None:
    """Open the list of the field ``label`` and choose ``names`` in turn (a select's option, or
    a cascader's levels down to the last)."""
    field(page, label).click()
    for name in names:
        entry = page.get_by_role("option", name=name, exact=True).or_(
            page.get_by_role("menuitem", name=name, exact=True)
        )
        entry.filter(visible=True).first.click()


def tiny_png() -> bytes:
    """A valid 1×1 PNG (intake judges the type from the content)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xcc\x00")
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def person(n: int, name: str) -> Person:
    """A petitioner of the demo county with a valid resident ID and a phone of their own."""
    from shared.schemas.idnumber import check_digit

    first17 = f"320831199001{n % 28 + 1:02d}{n % 1000:03d}"
    return Person(name=name, id_number=first17 + check_digit(first17), phone=f"139{n:08d}")
