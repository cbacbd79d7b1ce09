"""The bench harness on a tiny load: every figure comes out, with its baseline, and the
rebuild applied every event (the harness checks that itself). No speed is asserted here:
targets live in `make bench`."""

import asyncio
from pathlib import Path

from shared.runtime.broker import EmbeddedBroker
from tools.bench.eventstore import bench_appends
from tools.bench.kafka import bench_kafka


def test_platform_figures_come_out_with_baselines(broker: EmbeddedBroker, tmp_path: Path) -> None:
    figures = bench_appends(None, tmp_path, repeats=1, n=200)
    figures += asyncio.run(bench_kafka(None, tmp_path, broker.bootstrap_servers, 1, 2000))
    names = [f.name for f in figures]
    assert names == [
        "append, 1 event/tx",
        "append, 100 events/tx",
        "relay publish",
        "projection rebuild",
    ]
    for f in figures:
        assert len(f.runs) == 1 and f.median > 0
        assert f.baseline_runs and f.baseline_runs[0] > 0, f"{f.name} has no baseline"


def test_generated_events_are_valid_and_trusted_ones_encode_the_same() -> None:
    """The benches build events as trusted models for speed: they must be the events
    pydantic's validation would have built, byte for byte but the random event id."""
    import json

    from shared.consumer.projection import decode_current
    from shared.schemas.catalog import encode_event
    from tools.bench.lifecycle import City, timeline

    checked, trusted = City(seed=3), City(seed=3)
    checked.validate = True
    a = [encode_event(e.envelope(validate=True)) for e in timeline(checked, 5, 30)]
    b = [encode_event(e.envelope()) for e in timeline(trusted, 5, 30)]
    assert len(a) == len(b) > 500

    def strip(raw: bytes) -> dict[str, object]:
        return {k: v for k, v in json.loads(raw).items() if k != "event_id"}

    assert [strip(x) for x in a] == [strip(y) for y in b]
    # Byte for byte, field order included (the event id comes first and differs).
    assert [x[x.index(b',"event_type"') :] for x in a] == [
        y[y.index(b',"event_type"') :] for y in b
    ]
    assert {decode_current(y).event_type for y in b} >= {"petition.registered", "petition.replied"}


def test_routing_figures_come_out_and_the_queues_match_the_log(
    broker: EmbeddedBroker, tmp_path: Path
) -> None:
    from tools.bench.routing import bench_routing_latency, bench_routing_rebuild

    # The harness itself checks the rebuild applied every event and the queue states
    # (done, closed, one current row per petition) match the generated log.
    figures = asyncio.run(bench_routing_rebuild(None, tmp_path, broker.bootstrap_servers, 1, 3000))
    # Every registration must reach a department's queue, or the harness raises.
    figures += asyncio.run(bench_routing_latency(broker.bootstrap_servers, tmp_path, 1, 10, 2))
    assert [f.name for f in figures] == [
        "queue rebuild, 3,000 events",
        "registration→in queue p50 at 10/s offered",
        "registration→in queue p99 at 10/s offered",
    ]
    assert all(len(f.runs) == 1 and f.median > 0 for f in figures)
    assert figures[0].baseline_runs and figures[2].baseline_runs


def test_supervision_figures_come_out_and_every_change_is_signalled(tmp_path: Path) -> None:
    from tools.bench.supervision import bench_supervision

    # The harness checks the seeded open deadlines, that each daily sweep signalled
    # something and left nothing unsignalled, and that the summary counts every deadline.
    figures = bench_supervision(None, tmp_path, repeats=2, n=2000, queries=3)
    assert [f.name for f in figures] == [
        "daily sweep of 2,000 open deadlines",
        "light summary by region, 2,000 open",
    ]
    assert len(figures[0].runs) == 2 and len(figures[1].runs) == 3
    assert all(f.median > 0 and f.baseline_runs for f in figures)


def test_index_figures_come_out_and_the_city_counts_every_petition(tmp_path: Path) -> None:
    from tools.bench.index import bench_index

    # The harness checks a scorecard per region, the city's registered count against the
    # facts, and each stored scorecard against the computed one.
    figures = bench_index(None, tmp_path, repeats=1, petitions=3650, queries=3)
    assert figures[0].name.startswith("yearly scorecards of all ")
    assert figures[1].name == "stored scorecard query"
    assert all(f.median > 0 and f.baseline_runs for f in figures[:2])
    # The statistics (issue 17): the harness checks the city's count against the facts.
    rebuild, apis = figures[2:]
    assert rebuild.name.startswith("statistics rebuild, ") and rebuild.unit == "events/s"
    assert rebuild.min_value == 20_000 and rebuild.median > 0
    assert apis.name.startswith("statistics APIs p95") and apis.max_value == 200
    assert len(apis.runs) == 1 and apis.median > 0


def test_feedback_figures_come_out_from_a_rebuild_through_the_broker(
    broker: EmbeddedBroker, tmp_path: Path
) -> None:
    from tools.bench.feedback import figures as feedback_figures

    # The harness checks the rebuild applied every event it produced.
    figures = asyncio.run(feedback_figures(None, tmp_path, broker.bootstrap_servers, 1, 3000))
    assert [f.name for f in figures] == [
        "read-model rebuild, 3,000 events",
        "year region report",
    ]
    assert all(len(f.runs) == 1 and f.median > 0 for f in figures)
    assert figures[0].baseline_runs and figures[0].baseline_runs[0] > 0
