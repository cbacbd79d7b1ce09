"""``sunshine demo`` writes a history that happened (issue 12): run against ``sunshine run``, a
month of a small city gives, over the whole ``petition.events`` log,

- every petition's events in time order (``occurred_at`` never goes back in version order);
- no late step but the ones the demo did late on purpose, by the events' own dates and by
  what supervision tells the inspectors on ``supervision.overdue``;
- the index's scorecard agreeing with supervision's ``/rates`` on the on-time replies of the
  same period, and with the log on forwarding and notices on time and on skip-level (越级).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.auth import Role
from shared.clock import SystemClock
from shared.runtime.topics import Topics
from shared.schemas.catalog import decode_event
from shared.schemas.supervision import OverdueCase
from shared.settings import DEV_JWT_SECRET
from tests.e2e.test_flow import System, bearer, ok, run_system
from tests.support.history_check import late_steps, out_of_order
from tools.demo import Demo

pytestmark = pytest.mark.e2e

DAYS, PER_DAY, SEED = 30, 8, 3
# A small city: more of its steps late on purpose than the demo's default, so that some fall
# due within the month whatever order routing and the demo happen to interleave in.
LATE_SHARE = 0.2
CITY = "320800"


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    # Supervision sweeps every half second: a deadline it judged by the wall clock, not by
    # the run's days, would be reported missed while the demo is still on time.
    with run_system(tmp_path_factory.mktemp("demo"), SUPERVISION_SWEEP_INTERVAL_S="0.5") as s:
        yield s


async def _read_all(bootstrap: str, topic: str) -> list[bytes]:
    """Every record of ``topic`` up to its end now, from the beginning."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer.topics()  # fetches the metadata partitions_for_topic reads
        parts = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        values: list[bytes] = []
        while [tp for tp in tps if await consumer.position(tp) < ends[tp]]:
            for batch in (await consumer.getmany(timeout_ms=200)).values():
                values += [r.value for r in batch if r.value is not None]
        return values
    finally:
        await consumer.stop()


@pytest.fixture(scope="module")
def demo(system: System) -> Iterator[Demo]:
    run = Demo(system.intake, SEED, DEV_JWT_SECRET, late_share=LATE_SHARE)
    start = SystemClock.of().today() - timedelta(days=DAYS - 1)
    run.run(start, DAYS, PER_DAY, lambda _: None)
    yield run


def _settled(system: System, demo: Demo) -> dict[str, Any] | str:
    """The log and the services' figures, once every automatic act has landed: each decided
    petition's acceptance notice is on the log, and the index's on-time figure has caught up
    with supervision's (until then, what it still waits for)."""
    bootstrap = f"127.0.0.1:{system.broker_port}"
    events = [decode_event(v) for v in asyncio.run(_read_all(bootstrap, Topics().petition_events))]
    decided = {e.stream_id for e in events if e.event_type in _DECISIONS}
    noticed = {e.stream_id for e in events if e.event_type == "petition.acceptance_notice_recorded"}
    if not decided or decided - noticed:
        return f"acceptance notices of {sorted(decided - noticed)[:5]}"
    start = min(e.occurred_at for e in events).date() - timedelta(days=7)
    end = SystemClock.of().today()
    admin = bearer(Role.ADMIN, CITY, "u-admin")
    period = {"start": str(start), "end": str(end)}
    rates = ok(httpx.get(f"{system.supervision}/api/v1/rates", params=period, headers=admin))
    card = ok(
        httpx.get(
            f"{system.url(4)}/api/v1/index/scorecards/region/{CITY}",
            params={"period": "custom", **period, "fresh": "true"},
            headers=admin,
        )
    )
    index = {f["id"]: f["value"] for f in card["factors"]}
    if rates["answered"] == 0 or index["on_time_completion"] != rates["on_time_rate"]:
        return f"on time: supervision {rates}, index {index['on_time_completion']}"
    overdue = asyncio.run(_read_all(bootstrap, Topics().overdue))
    missed = {(c.petition_id, c.step.value) for c in map(OverdueCase.model_validate_json, overdue)}
    return {"events": events, "end": end, "rates": rates, "index": index, "missed": missed}


_DECISIONS = ("petition.accepted", "petition.not_accepted")
_SAME_STEP = {"extension": "handling"}  # supervision renames the step once it is extended


def _steps(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    return {(pid, _SAME_STEP.get(step, step)) for pid, step in pairs}


def _story(events: list[Any], steps: set[tuple[str, str]]) -> dict[str, Any]:
    """What happened to the petitions of these steps, to tell why one was late."""
    told: dict[str, Any] = {f"{pid} {step}": [] for pid, step in steps}
    for e in sorted(events, key=lambda e: (e.stream_id, e.stream_version)):
        for pid, step in steps:
            if e.stream_id == pid:
                dates = {k: str(v) for k, v in e.payload if k.endswith(("_on", "_due"))}
                told[f"{pid} {step}"].append((e.event_type, dates))
    return told


def test_a_month_of_demo_is_a_true_history(system: System, demo: Demo) -> None:
    refused = [k for k in demo.tally if k.startswith(("http 4", "http 5")) and k != "http 409"]
    assert not refused, demo.tally
    assert demo.late, "the demo did nothing late on purpose: nothing here would be tested"

    deadline, got = time.monotonic() + 120, _settled(system, demo)
    while time.monotonic() < deadline and isinstance(got, str):
        time.sleep(1)
        got = _settled(system, demo)
    assert not isinstance(got, str), f"the services never caught up: waiting for {got}"
    events, index = got["events"], got["index"]
    assert {e.stream_id for e in events} >= set(demo.cases)

    assert out_of_order(events) == set()

    late = late_steps(events, got["end"])
    assert late.late, "no step ended late: the demo's late steps never happened"
    assert not late.late - demo.late, _story(events, late.late - demo.late)
    unintended = _steps(got["missed"]) - demo.late
    assert not unintended, f"supervision reported overdue: {_story(events, unintended)}"

    assert index["on_time_completion"] == got["rates"]["on_time_rate"]
    assert late.assigned > 0 and late.notices > 0
    assert index["forward_timeliness"] == round(1 - late.forwarded_late / late.assigned, 4)
    assert index["notice_timeliness"] == round(1 - late.notices_late / late.notices, 4)
    over_head = demo.tally["brought over the township's head"]
    assert index["skip_level_rate"] == round(over_head / demo.tally["registered"], 4)
