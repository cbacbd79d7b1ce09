"""Dialect-aware upserts (SQLite and PostgreSQL share the ON CONFLICT form)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert


def _insert(conn: Connection, table: Table) -> Any:
    return (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)


def add_counts(
    conn: Connection, table: Table, rows: list[dict[str, Any]], counters: Sequence[str]
) -> None:
    """Insert rows, or add their counters to the rows already there (one executemany)."""
    if not rows:
        return
    stmt = _insert(conn, table)
    keys = [c.name for c in table.primary_key.columns]
    stmt = stmt.on_conflict_do_update(
        index_elements=keys,
        set_={c: table.c[c] + stmt.excluded[c] for c in counters},
    )
    conn.execute(stmt, rows)


def replace(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows, or overwrite every non-key column of the rows already there."""
    if not rows:
        return
    stmt = _insert(conn, table)
    keys = [c.name for c in table.primary_key.columns]
    stmt = stmt.on_conflict_do_update(
        index_elements=keys,
        set_={c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys},
    )
    conn.execute(stmt, rows)
