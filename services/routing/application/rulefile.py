"""The rule set shipped as a file: ``rules/default.json``, in force until an admin posts one.

``python -m services.routing.application.rulefile [--out PATH]`` rewrites it from the
reference data (``domain.generate``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from services.routing.domain.generate import default_rules
from services.routing.domain.ruleset import RuleSet
from shared.refdata import load_refdata

DEFAULT_FILE = Path(__file__).parents[1] / "rules" / "default.json"


def load_file(path: Path = DEFAULT_FILE) -> RuleSet:
    return RuleSet.model_validate(json.loads(path.read_text(encoding="utf-8")))


def write_file(rules: RuleSet, path: Path) -> None:
    data = rules.model_dump(mode="json", exclude_defaults=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Generate the default rule set from the department reference data, plus "
        "hand-written rules."
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_FILE)
    args = parser.parse_args()
    rules = default_rules(load_refdata())
    write_file(rules, args.out)
    print(f"wrote {len(rules.rules)} rules to {args.out}")


if __name__ == "__main__":
    main()
