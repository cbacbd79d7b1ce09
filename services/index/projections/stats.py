"""The statistics projection (issue 17): petition events -> the counts, current statuses and
hot words of ``domain.stats``, with the facts projection's guarantees.

A batch decodes only the events it reads (``shared.consumer.peek``), loads the states of the
petitions it touches in one query, folds in memory and writes each table with one
executemany that adds to the rows there: a rebuild from offset 0 (tables emptied first)
comes out the same, and the runner's tracking rows skip what was seen. ``apply`` is the same
fold over a batch of one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection

from services.index.application.segmenter import title_words
from services.index.application.upsert import add_count_rows, replace_rows
from services.index.domain.stats import DECODED, WATCHED, StatPetition, StatsFold
from services.index.tables import stat_counts, stat_petitions, stat_status, stat_words
from shared.consumer import InboundMessage, Projection
from shared.consumer.peek import decode_only
from shared.refdata import ReferenceData
from shared.runtime.topics import Topics

NAME = "index-stats"


class Stats(Projection):
    name = NAME
    tables = (stat_counts, stat_status, stat_words, stat_petitions)

    def __init__(
        self,
        data: ReferenceData,
        topics: Topics,
        words: Callable[[str], Iterable[str]] = title_words,
    ) -> None:
        self.tree = data.org_tree
        self.topics = [topics.petition_events]
        self.words = words

    def decode(self, msg: InboundMessage) -> Any:
        return decode_only(msg, DECODED)  # a status is read from the type alone

    def apply(self, conn: Connection, event: Any, msg: InboundMessage) -> None:
        self.apply_batch(conn, [(event, msg)])

    def apply_batch(self, conn: Connection, batch: Sequence[tuple[Any, InboundMessage]]) -> None:
        events = [e for e, _ in batch if e.event_type in WATCHED]
        if not events:
            return
        fold = StatsFold(_load(conn, {e.stream_id for e in events}), self.tree, self.words)
        for event in events:
            fold.apply(event)
        fold.settle()
        _write(conn, fold)


def _load(conn: Connection, ids: set[str]) -> dict[str, StatPetition]:
    """The states of the petitions a batch touches. Read through the driver: SQLAlchemy's
    parsing of SQLite's dates cost more than the query (PostgreSQL's driver gives dates)."""
    found: dict[str, StatPetition] = {}
    chunk = sorted(ids)
    sqlite = conn.dialect.name == "sqlite"
    mark = "?" if sqlite else "%s"
    names = ", ".join(c.name for c in stat_petitions.c)
    for i in range(0, len(chunk), 900):  # under SQLite's 999 parameters
        part = chunk[i : i + 900]
        sql = (
            f"SELECT {names} FROM {stat_petitions.name} "
            f"WHERE petition_id IN ({', '.join([mark] * len(part))})"
        )
        for row in conn.exec_driver_sql(sql, tuple(part)):
            pid, region, category, received, people, department, status = row
            if isinstance(received, str):
                received = date.fromisoformat(received)
            found[pid] = StatPetition(pid, region, category, received, people, department, status)
    return found


def _write(conn: Connection, fold: StatsFold) -> None:
    # Tuples in each table's column order (tables.py), zero deltas left out.
    pair = ("petitions", "people")
    counts = [(*key, c[0], c[1]) for key, c in fold.counts.items() if c[0] or c[1]]
    add_count_rows(conn, stat_counts, counts, pair)
    status = [(*key, c[0], c[1]) for key, c in fold.status.items() if c[0] or c[1]]
    add_count_rows(conn, stat_status, status, pair)
    words = [(*key, n) for key, n in fold.word_counts.items() if n]
    add_count_rows(conn, stat_words, words, ("petitions",))
    replace_rows(conn, stat_petitions, [fold.states[pid].row() for pid in sorted(fold.dirty)])
