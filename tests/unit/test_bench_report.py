"""The bench's arithmetic: medians, ratios to the baseline, and what counts as a pass."""

import json
from pathlib import Path

from tools.bench.report import Figure, write_json


def test_ratio_is_of_medians_and_the_target_decides() -> None:
    f = Figure("platform", "append", "events/s", [10, 30, 20], "raw", [100, 80, 90], min_ratio=0.25)
    assert f.median == 20 and f.baseline_median == 90
    assert f.ratio == 20 / 90
    assert not f.passed
    assert Figure("p", "x", "u", [30], "raw", [100], min_ratio=0.25).passed


def test_absolute_bounds() -> None:
    assert Figure("p", "rate", "ev/s", [25_000], min_value=20_000).passed
    assert not Figure("p", "rate", "ev/s", [19_999], min_value=20_000).passed
    assert Figure("p", "p99", "ms", [49], max_value=50).passed
    assert not Figure("p", "p99", "ms", [51], max_value=50).passed


def test_results_are_written_as_json(tmp_path: Path) -> None:
    figures = [Figure("platform", "relay", "msgs/s", [3, 1, 2], "raw", [4, 4, 4], min_ratio=0.3)]
    path = write_json(figures, tmp_path, {"events": 10})
    doc = json.loads(path.read_text())
    assert doc == json.loads((tmp_path / "latest.json").read_text())
    (fig,) = doc["figures"]
    assert (fig["median"], fig["baseline_median"], fig["ratio"], fig["passed"]) == (2, 4, 0.5, True)
    assert doc["settings"] == {"events": 10}
