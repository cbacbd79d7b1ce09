"""Rule-set versions as the API offers them: list, read one, check, and put one in force."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine

from services.routing.application.rulestore import RuleStore, Version
from services.routing.domain.errors import NoSuchVersion
from services.routing.domain.ruleset import RuleSet

# ASCII digits only (str.isdigit() takes "²"), few enough for the integer column.
_VERSION = re.compile(r"[0-9]{1,18}")


def versions(engine: Engine, store: RuleStore) -> list[dict[str, Any]]:
    """Every version, newest (in force) first; the seed counts as version 1."""
    with engine.begin() as conn:
        return store.versions(conn)


def version(engine: Engine, store: RuleStore, wanted: str) -> Version:
    """A version by number, or ``active``: the one in force."""
    with engine.begin() as conn:
        if wanted == "active":
            return store.active(conn)
        if not _VERSION.fullmatch(wanted):
            raise NoSuchVersion("a version is a number or 'active'")
        found = store.get(conn, int(wanted))
    if found is None:
        raise NoSuchVersion(f"no rule-set version {wanted}", zh=f"没有第 {wanted} 版分流规则")
    return found


def check(store: RuleStore, rules: RuleSet) -> None:
    """Raise ``InvalidRuleSet`` unless the rule set may take effect; store nothing."""
    store.validate(rules)


def put_in_force(engine: Engine, store: RuleStore, rules: RuleSet, created_by: str) -> Version:
    """Validate and store as the next version, in force at once."""
    with engine.begin() as conn:
        return store.add(conn, rules, created_by)
