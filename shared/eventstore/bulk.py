"""Many rows of one read-model table in or out through the driver's cursor.

A projection that folds a batch in memory reads the batch's rows, then deletes and inserts
them (routing's queues do). Through SQLAlchemy Core each row costs several microseconds of
parameter processing, more than SQLite's own work, and a rebuild does it for every event;
here the statements are plain SQL built from the table, and the values are converted with
one function per column. Runs inside the caller's transaction, on its connection.

Only the column types read models use are supported (strings, integers, booleans, dates);
any other type is refused when the ``BulkRows`` is built, not at the first odd row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Boolean, Connection, Date, Integer, String, Table, Text

IN_LIST_SIZE = 500  # keys per IN (...), well under every backend's bound-parameter limit
K = TypeVar("K")

Convert = Callable[[Any], Any] | None


def _sqlite_in(column_type: Any) -> Convert:
    # What SQLAlchemy itself stores on SQLite, so Core reads these rows back unchanged.
    if isinstance(column_type, Date):
        return date.isoformat
    if isinstance(column_type, Boolean):
        return int
    return None


def _sqlite_out(column_type: Any) -> Convert:
    if isinstance(column_type, Date):
        return date.fromisoformat
    if isinstance(column_type, Boolean):
        return bool
    return None


class BulkRows:
    def __init__(self, table: Table) -> None:
        for column in table.columns:
            if not isinstance(column.type, String | Text | Integer | Boolean | Date):
                raise TypeError(f"{table.name}.{column.name}: {column.type!r} is not supported")
        self.table = table
        self.names = [c.name for c in table.columns]
        self._sqlite_in = [_sqlite_in(c.type) for c in table.columns]
        self._sqlite_out = [_sqlite_out(c.type) for c in table.columns]

    def select_in(self, conn: Connection, column: str, keys: Sequence[Any]) -> list[dict[str, Any]]:
        """Every row whose ``column`` is among ``keys``, as dicts of Python values."""
        sqlite, cursor, mark = _driver(conn)
        out: list[dict[str, Any]] = []
        names = self.names
        convert = [(i, f) for i, f in enumerate(self._sqlite_out) if f is not None]
        for chunk in chunks(keys):
            cursor.execute(self._select_sql(conn, column, mark, len(chunk)), chunk)
            for raw in cursor.fetchall():
                values = list(raw)
                if sqlite:
                    for i, f in convert:
                        if values[i] is not None:
                            values[i] = f(values[i])
                out.append(dict(zip(names, values, strict=True)))
        return out

    def delete_in(self, conn: Connection, column: str, keys: Sequence[Any]) -> None:
        _, cursor, mark = _driver(conn)
        for chunk in chunks(keys):
            marks = ", ".join([mark] * len(chunk))
            cursor.execute(
                f"DELETE FROM {self._name(conn)} WHERE {_q(conn, column)} IN ({marks})", chunk
            )

    def insert(self, conn: Connection, rows: Iterable[Mapping[str, Any]]) -> None:
        sqlite, cursor, mark = _driver(conn)
        names = self.names
        if sqlite:
            conv = self._sqlite_in
            params = [
                tuple(
                    v if f is None or v is None else f(v)
                    for v, f in zip([row[n] for n in names], conv, strict=True)
                )
                for row in rows
            ]
        else:
            params = [tuple(row[n] for n in names) for row in rows]
        if not params:
            return
        columns = ", ".join(_q(conn, n) for n in names)
        marks = ", ".join([mark] * len(names))
        cursor.executemany(f"INSERT INTO {self._name(conn)} ({columns}) VALUES ({marks})", params)

    def _select_sql(self, conn: Connection, column: str, mark: str, n: int) -> str:
        columns = ", ".join(_q(conn, c) for c in self.names)
        marks = ", ".join([mark] * n)
        return f"SELECT {columns} FROM {self._name(conn)} WHERE {_q(conn, column)} IN ({marks})"

    def _name(self, conn: Connection) -> str:
        return conn.dialect.identifier_preparer.format_table(self.table)


def _driver(conn: Connection) -> tuple[bool, Any, str]:
    sqlite = conn.dialect.name == "sqlite"
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    return sqlite, cursor, "?" if sqlite else "%s"


def _q(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def chunks(keys: Sequence[K]) -> Iterator[Sequence[K]]:
    """``keys`` in slices small enough for one ``IN (...)`` each."""
    for start in range(0, len(keys), IN_LIST_SIZE):
        yield keys[start : start + IN_LIST_SIZE]
