"""Dialect-aware upserts (SQLite and PostgreSQL share the ON CONFLICT form)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Date, Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert


def _insert(conn: Connection, table: Table) -> Any:
    return (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)


def add_counts(
    conn: Connection, table: Table, rows: list[dict[str, Any]], counters: Sequence[str]
) -> None:
    """Insert rows, or add their counters to the rows already there (one executemany).

    The statement goes to the driver as it is: a rebuild writes hundreds of thousands of
    rows a minute, and SQLAlchemy's per-row parameter processing cost more than the database
    did. Every row names every column (the projections build them so)."""
    if not rows:
        return
    if conn.dialect.name in ("sqlite", "postgresql"):
        _add_counts_raw(conn, table, rows, counters)
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


def _add_counts_raw(
    conn: Connection, table: Table, rows: list[dict[str, Any]], counters: Sequence[str]
) -> None:
    names = [c.name for c in table.columns]
    add_count_rows(conn, table, [tuple(row[n] for n in names) for row in rows], counters)


def add_count_rows(
    conn: Connection, table: Table, rows: list[tuple[Any, ...]], counters: Sequence[str]
) -> None:
    """``add_counts`` for rows given as tuples in the table's column order (SQLite and
    PostgreSQL only): what a rebuild's biggest batches write."""
    quote = conn.dialect.identifier_preparer.quote
    t = quote(table.name)
    adds = [f"{t}.{quote(c)} + excluded.{quote(c)}" for c in counters]
    _upsert_rows(conn, table, rows, adds, counters)


def replace_rows(conn: Connection, table: Table, rows: list[tuple[Any, ...]]) -> None:
    """``replace`` for rows given as tuples in the table's column order (SQLite and
    PostgreSQL only)."""
    quote = conn.dialect.identifier_preparer.quote
    keys = {c.name for c in table.primary_key.columns}
    others = [c.name for c in table.columns if c.name not in keys]
    _upsert_rows(conn, table, rows, [f"excluded.{quote(c)}" for c in others], others)


def _upsert_rows(
    conn: Connection,
    table: Table,
    rows: list[tuple[Any, ...]],
    values: list[str],
    columns: Sequence[str] | None = None,
) -> None:
    """INSERT ... ON CONFLICT (key) DO UPDATE SET each of ``columns`` (the non-key columns
    by default) to its expression in ``values``."""
    if not rows:
        return
    quote = conn.dialect.identifier_preparer.quote
    names = [c.name for c in table.columns]
    keys = [c.name for c in table.primary_key.columns]
    targets = columns if columns is not None else [n for n in names if n not in keys]
    sqlite = conn.dialect.name == "sqlite"
    mark = "?" if sqlite else "%s"
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join([mark] * len(names))}) "
        f"ON CONFLICT ({', '.join(quote(k) for k in keys)}) DO UPDATE SET "
        + ", ".join(f"{quote(c)} = {v}" for c, v in zip(targets, values, strict=True))
    )
    dates = [i for i, c in enumerate(table.columns) if isinstance(c.type, Date)]
    if sqlite and dates:  # SQLAlchemy keeps a SQLite date as its ISO text; so must these
        rows = [_iso(row, dates) for row in rows]
    conn.exec_driver_sql(sql, rows)


def _iso(row: tuple[Any, ...], dates: list[int]) -> tuple[Any, ...]:
    values = list(row)
    for i in dates:
        if isinstance(values[i], date):
            values[i] = values[i].isoformat()
    return tuple(values)
