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
from typing import Any

from sqlalchemy import Connection, select

from services.index.application.segmenter import title_words
from services.index.application.upsert import add_counts, replace
from services.index.domain.stats import WATCHED, StatPetition, StatsFold
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
        return decode_only(msg, WATCHED)

    def apply(self, conn: Connection, event: Any, msg: InboundMessage) -> None:
        self.apply_batch(conn, [(event, msg)])

    def apply_batch(self, conn: Connection, batch: Sequence[tuple[Any, InboundMessage]]) -> None:
        events = [e for e, _ in batch if e.payload is not None]
        if not events:
            return
        fold = StatsFold(_load(conn, {e.stream_id for e in events}), self.tree, self.words)
        for event in events:
            fold.apply(event)
        _write(conn, fold)


def _load(conn: Connection, ids: set[str]) -> dict[str, StatPetition]:
    found: dict[str, StatPetition] = {}
    chunk = sorted(ids)
    for i in range(0, len(chunk), 500):
        q = select(stat_petitions).where(stat_petitions.c.petition_id.in_(chunk[i : i + 500]))
        for row in conn.execute(q).mappings():
            found[row["petition_id"]] = StatPetition(**dict(row))
    return found


def _write(conn: Connection, fold: StatsFold) -> None:
    counts = [
        {
            "region_code": region,
            "dim": dim,
            "grain": grain,
            "bucket": bucket,
            "category_code": category,
            "value": value,
            "petitions": c["petitions"],
            "people": c["people"],
        }
        for (region, dim, grain, bucket, category, value), c in fold.counts.items()
        if c["petitions"] or c["people"]
    ]
    add_counts(conn, stat_counts, counts, ("petitions", "people"))
    status = [
        {
            "region_code": region,
            "category_code": category,
            "status": name,
            "petitions": c["petitions"],
            "people": c["people"],
        }
        for (region, category, name), c in fold.status.items()
        if c["petitions"] or c["people"]
    ]
    add_counts(conn, stat_status, status, ("petitions", "people"))
    words = [
        {"region_code": r, "grain": g, "bucket": b, "word": w, "petitions": n}
        for (r, g, b, w), n in fold.word_counts.items()
    ]
    add_counts(conn, stat_words, words, ("petitions",))
    replace(conn, stat_petitions, [fold.states[pid].row() for pid in sorted(fold.dirty)])
