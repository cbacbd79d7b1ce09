"""The web app's typed clients are generated from ``web/openapi/*.json``: those files must
be what ``sunshine openapi`` writes now, or the pages are typed against an API that is gone."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tools.cli.main import app
from tools.cli.openapi import openapi_documents, render

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "web" / "openapi"
FIX = "run `sunshine openapi` and `cd web && npm run api-types`, and commit both"


def test_the_committed_openapi_files_are_current() -> None:
    docs = openapi_documents()
    assert set(docs) == {"intake", "routing", "supervision", "index", "feedback", "gateway"}
    assert {p.stem for p in COMMITTED.glob("*.json")} == set(docs)
    stale = [
        n for n, d in docs.items() if (COMMITTED / f"{n}.json").read_text("utf-8") != render(d)
    ]
    assert stale == [], f"web/openapi is stale for {stale}: {FIX}"


def test_the_command_writes_the_same_files_twice(tmp_path: Path) -> None:
    runner = CliRunner()
    written = []
    for _ in range(2):
        result = runner.invoke(app, ["openapi", "--out", str(tmp_path)])
        assert result.exit_code == 0, result.output
        written.append({p.name: p.read_bytes() for p in sorted(tmp_path.glob("*.json"))})
    assert written[0] == written[1] and len(written[0]) == 6
    intake = written[0]["intake.json"].decode()
    assert intake.endswith("}\n") and '\n "components": {' in intake  # indent=1, sorted
    assert "/api/v1/petitions/earlier" in intake and "登记" in intake  # UTF-8 as is
