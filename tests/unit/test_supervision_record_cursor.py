"""The records list's cursor and its sanction filter's values (supervision.record_reads)."""

from __future__ import annotations

from datetime import date
from typing import get_args

import pytest

from services.supervision.api.views import SanctionWanted
from services.supervision.application.record_reads import decode_cursor, encode_cursor
from services.supervision.domain.errors import BadCursor
from shared.schemas.supervision import Sanction


def test_a_cursor_reads_back_as_the_position_it_was_made_from() -> None:
    pos = (date(2025, 4, 5), "9a0f3f2c-6b4e-4d1a-8c77-51e2b7d0c3a4")
    cursor = encode_cursor(pos)
    assert "=" not in cursor and decode_cursor(cursor) == pos


@pytest.mark.parametrize(
    "raw",
    ["", "%%%", encode_cursor((date(2025, 1, 1), "x"))[:-3], "WyIyMDI1LTAxLTAxIiwgMV0"],
)
def test_anything_else_is_a_bad_cursor(raw: str) -> None:
    with pytest.raises(BadCursor):
        decode_cursor(raw)


def test_a_record_id_longer_than_the_column_is_a_bad_cursor() -> None:
    with pytest.raises(BadCursor):
        decode_cursor(encode_cursor((date(2025, 1, 1), "x" * 65)))


def test_the_sanction_filter_takes_each_sanction_kind_none_or_any() -> None:
    assert set(get_args(SanctionWanted)) == {s.value for s in Sanction} | {"none", "any"}
