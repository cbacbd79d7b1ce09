"""Rule-set versions in routing's database: every version kept, the newest in force.

The decision consumer asks for the rule set in force on every batch; the parsed document is
cached by version, so that costs one indexed ``max(version)``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.exc import IntegrityError

from services.routing.domain.errors import InvalidRuleSet
from services.routing.domain.ruleset import RuleSet, check
from services.routing.tables import rule_sets
from shared.refdata import ReferenceData
from shared.schemas.envelope import utcnow


@dataclass(frozen=True)
class Version:
    version: int
    label: str
    created_at: datetime
    created_by: str
    rules: RuleSet


class RuleStore:
    def __init__(self, data: ReferenceData, seed: RuleSet) -> None:
        self.data = data
        self.seed = seed  # in force until someone posts a rule set
        self._cache: dict[int, Version] = {}

    def validate(self, rules: RuleSet) -> None:
        problems = check(rules, self.data)
        if problems:
            raise InvalidRuleSet(problems)

    def ensure_seeded(self, engine: Engine) -> None:
        with engine.begin() as conn:
            self.active(conn)

    def active(self, conn: Connection) -> Version:
        latest = conn.execute(select(func.max(rule_sets.c.version))).scalar()
        if latest is None:
            return self._add(conn, self.seed, "system:seed", expect=1)
        return self.get(conn, latest) or self._missing(latest)

    def get(self, conn: Connection, version: int) -> Version | None:
        if version in self._cache:
            return self._cache[version]
        row = conn.execute(select(rule_sets).where(rule_sets.c.version == version)).first()
        if row is None:
            return None
        found = Version(
            row.version,
            row.label,
            row.created_at,
            row.created_by,
            RuleSet.model_validate_json(row.body),
        )
        self._cache[version] = found
        return found

    def versions(self, conn: Connection) -> list[dict[str, Any]]:
        self.active(conn)  # the seed counts as version 1
        q = select(
            rule_sets.c.version, rule_sets.c.label, rule_sets.c.created_at, rule_sets.c.created_by
        ).order_by(rule_sets.c.version.desc())
        return [dict(r._mapping) for r in conn.execute(q)]

    def add(self, conn: Connection, rules: RuleSet, created_by: str) -> Version:
        """Validate, then store as the next version, which takes effect at once."""
        self.validate(rules)
        latest = self.active(conn).version
        return self._add(conn, rules, created_by, expect=latest + 1)

    def _add(self, conn: Connection, rules: RuleSet, created_by: str, expect: int) -> Version:
        now = utcnow()
        body = json.dumps(rules.model_dump(mode="json"), ensure_ascii=False)
        row = {"version": expect, "label": rules.label, "body": body}
        try:
            with conn.begin_nested():
                conn.execute(
                    insert(rule_sets), [{**row, "created_at": now, "created_by": created_by}]
                )
        except IntegrityError:
            # Someone else stored this version first (two first starts): read theirs.
            return self.get(conn, expect) or self._missing(expect)
        return self.get(conn, expect) or self._missing(expect)

    @staticmethod
    def _missing(version: int) -> Version:
        raise LookupError(f"rule set version {version} vanished")
