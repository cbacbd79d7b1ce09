"""The tree as ``sunshine imports`` reads it: no arrow the layers forbid, no two parts that
import each other and no cycle of modules (DESIGN.md "Layers"; ``make lint`` checks the same
through import-linter)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_tree_has_no_wrong_way_arrow_and_no_cycle() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "tools.cli.main", "imports", "--json", "--tree", str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    report = json.loads(out.stdout)
    assert report["wrong_way"] == []
    assert report["cycles"] == []
    assert report["mutual"] == []
    # The graph is really read: the tools import the services, a service shared.
    assert "services.intake" in report["parts"]["tools.cli"]
    assert "shared.eventstore" in report["parts"]["services.intake"]
