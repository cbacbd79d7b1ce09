"""The replay's table fits the terminal it is printed on, and says how to see the rest."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console

from services.supervision.application.replay.output import write

PID = "a58866d9-3d37-44fd-aa95-af805fcc4eaa"


def row(version: int, event: str, deadline: str | None, met: bool | None) -> dict[str, Any]:
    return {
        "at": f"2026-11-0{version}T08:30:00.123456+00:00",
        "petition_id": PID,
        "version": version,
        "event_type": event,
        "user_id": "feedback-notifier",
        "role": "system",
        "org": "320831003-GOV",
        "event_id": "5d1b7e5e-9f0e-4a8b-8a57-3f3f0f3c2a11",
        "deadline": deadline,
        "due_on": "2026-11-16" if deadline else None,
        "met": met,
    }


ROWS = [
    row(1, "petition.registered", "forward", None),
    row(5, "petition.acceptance_notice_recorded", "acceptance_notice", False),
]


def printed(width: int) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None)
    write(ROWS, "table", out, console)
    return out.getvalue().splitlines()


def test_the_table_fits_an_80_column_terminal_and_names_what_it_left_out() -> None:
    lines = printed(80)
    assert all(len(line) <= 80 for line in lines), "\n".join(lines)
    text = "\n".join(lines)
    # What an auditor reads first stays whole: when, what, which deadline, met or missed.
    assert "2026-11-05 08:30:00" in text and "acceptance_notice_recorded" in text
    assert "missed" in text and "…" not in text
    note = " ".join(lines[-3:])
    assert "not shown at this width" in note and "user" in note
    assert "--format json" in note and "--format csv" in note


def test_a_wide_terminal_shows_every_column() -> None:
    lines = printed(200)
    text = "\n".join(lines)
    assert PID[:8] in text and "320831003-GOV" in text and "2026-11-16" in text
    assert "not shown" not in text and "--format json" in text
