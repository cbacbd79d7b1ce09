"""BulkRows, the driver-cursor path of read models: what goes in comes out, typed as Core
would give it, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    select,
)

from shared.eventstore import make_engine
from shared.eventstore.bulk import BulkRows

_meta = MetaData()
items = Table(
    "bulk_items",
    _meta,
    Column("pid", String(64), primary_key=True),
    Column("dept", String(64), primary_key=True),
    Column("n", Integer, nullable=False),
    Column("flag", Boolean, nullable=False),
    Column("due", Date, nullable=True),
    Column("note", Text, nullable=True),
)


@pytest.fixture
def db(db_url: str) -> Engine:
    engine = make_engine(db_url)
    _meta.create_all(engine)
    return engine


def _row(pid: str, dept: str, **kw: object) -> dict[str, object]:
    return {"pid": pid, "dept": dept, "n": 1, "flag": False, "due": None, "note": None, **kw}


def test_inserted_rows_read_back_typed_through_core_and_bulk(db: Engine) -> None:
    rows = [
        _row("p1", "a", n=3, flag=True, due=date(2026, 2, 28), note="催办 ✓"),
        _row("p1", "b"),
        _row("p2", "a", due=date(2026, 12, 31)),
    ]
    bulk = BulkRows(items)
    with db.begin() as conn:
        bulk.insert(conn, rows)
    with db.connect() as conn:
        core = [dict(r) for r in conn.execute(select(items).order_by("pid", "dept")).mappings()]
        fast = sorted(
            bulk.select_in(conn, "pid", ["p1", "p2", "p9"]), key=lambda r: (r["pid"], r["dept"])
        )
    assert core == rows
    assert fast == rows
    assert isinstance(fast[0]["flag"], bool) and isinstance(fast[0]["due"], date)


def test_select_and_delete_work_past_one_chunk_of_keys(db: Engine) -> None:
    bulk = BulkRows(items)
    keys = [f"p{i:04d}" for i in range(1234)]
    with db.begin() as conn:
        bulk.insert(conn, [_row(k, "a", n=i) for i, k in enumerate(keys)])
    with db.begin() as conn:
        assert len(bulk.select_in(conn, "pid", keys)) == 1234
        bulk.delete_in(conn, "pid", keys[:1000])
    with db.connect() as conn:
        left = bulk.select_in(conn, "pid", keys)
    assert sorted(r["pid"] for r in left) == keys[1000:]


def test_a_rolled_back_transaction_keeps_nothing(db: Engine) -> None:
    bulk = BulkRows(items)
    with pytest.raises(RuntimeError), db.begin() as conn:
        bulk.insert(conn, [_row("p1", "a")])
        raise RuntimeError("fail after the insert")
    with db.connect() as conn:
        assert bulk.select_in(conn, "pid", ["p1"]) == []


def test_unsupported_column_types_are_refused_up_front() -> None:
    odd = Table("bulk_odd", MetaData(), Column("id", String(8), primary_key=True),
                Column("at", DateTime(timezone=True)))  # fmt: skip
    with pytest.raises(TypeError, match=r"bulk_odd\.at"):
        BulkRows(odd)
