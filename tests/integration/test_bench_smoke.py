"""The bench harness on a tiny load: every figure comes out, with its baseline, and the
rebuild applied every event (the harness checks that itself). No speed is asserted here:
targets live in `make bench`."""

import asyncio
from pathlib import Path

from shared.bench.eventstore import bench_appends
from shared.bench.kafka import bench_kafka
from shared.runtime.broker import EmbeddedBroker


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
