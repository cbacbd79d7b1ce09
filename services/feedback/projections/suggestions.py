"""The suggestion database (人民建议征集): every 建议意见类 petition, from any channel, with
its campaign, indexed for Chinese full-text search. Rebuildable from ``petition.events``;
the staff's screening lives in ``fb_screening`` (written with feedback's own events), so a
rebuild never loses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert

from services.feedback.domain.grams import index_tokens
from services.feedback.tables import suggestion_grams, suggestions
from shared.consumer import InboundMessage, Projection
from shared.consumer.peek import decode_only
from shared.runtime.topics import Topics
from shared.schemas.petition import Kind, PetitionRegistered

NAME = "feedback-suggestions"


class Suggestions(Projection):
    tables = (suggestions, suggestion_grams)

    def __init__(self, topics: Topics, name: str = NAME) -> None:
        self.name = name
        self.topics = (topics.petition_events,)

    def decode(self, msg: InboundMessage) -> Any:
        # Unescaped, this can only be the payload's own field (strings escape their quotes).
        return decode_only(msg, {"petition.registered"}, b'"kind":"suggestion"')

    def apply(self, conn: Connection, event: Any, msg: InboundMessage) -> None:
        self.apply_batch(conn, [(event, msg)])

    def apply_batch(self, conn: Connection, batch: Sequence[tuple[Any, InboundMessage]]) -> None:
        rows = [
            _row(e.stream_id, e.payload)
            for e, _ in batch
            if isinstance(e.payload, PetitionRegistered) and e.payload.kind == Kind.SUGGESTION
        ]
        if not rows:
            return
        conn.execute(insert(suggestions), rows)
        grams = [
            {"petition_id": r["petition_id"], "grams": " ".join(index_tokens(_text(r)))}
            for r in rows
        ]
        conn.execute(insert(suggestion_grams), grams)


def _row(petition_id: str, p: PetitionRegistered) -> dict[str, Any]:
    return {
        "petition_id": petition_id,
        "tracking_code": p.tracking_code,
        "channel": p.channel.value,
        "campaign_id": p.campaign_id,
        "region_code": p.region_code,
        "category_code": p.category_code,
        "title": p.title,
        "content": p.content,
        "received_on": p.received_on,
    }


def _text(row: dict[str, Any]) -> str:
    return f"{row['title']}\n{row['content']}"
