"""The rule set shipped as a file: ``rules/default.json``, in force until an admin posts one.
``sunshine rules`` writes it anew from the reference data (``domain.generate``)."""

from __future__ import annotations

import json
from pathlib import Path

from services.routing.domain.ruleset import RuleSet

DEFAULT_FILE = Path(__file__).parents[1] / "rules" / "default.json"


def load_file(path: Path = DEFAULT_FILE) -> RuleSet:
    return RuleSet.model_validate(json.loads(path.read_text(encoding="utf-8")))


def write_file(rules: RuleSet, path: Path) -> None:
    data = rules.model_dump(mode="json", exclude_defaults=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
