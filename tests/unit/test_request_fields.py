"""The bounded field types of shared.schemas.fields and the ID number check, as a client of
the API or of petition.commands meets them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from shared.schemas.commands import CommandMessage
from shared.schemas.fields import Day, Int32, Int64, Line, Prose
from shared.schemas.idnumber import check_digit, id_number_problem, sample_resident_id
from shared.schemas.petition import IdType


class Form(BaseModel):
    line: Line = "x"
    prose: Prose = "x"
    day: Day = date(2026, 1, 1)
    big: Int64 = 0
    small: Int32 = 0


def refused(**values: Any) -> list[tuple[Any, ...]]:
    with pytest.raises(ValidationError) as info:
        Form(**values)
    return [e["loc"] for e in info.value.errors()]


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\n", "\t", "\r"])
def test_a_line_refuses_every_control_character(char: str) -> None:
    assert refused(line=f"a{char}b") == [("line",)]


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x0c", "\r", "\x1b", "\x7f", "\x9f"])
def test_prose_refuses_control_characters(char: str) -> None:
    assert refused(prose=f"a{char}b") == [("prose",)]


def test_prose_keeps_tabs_and_newlines_and_any_script() -> None:
    assert Form(prose="第一段\n\t第二段 ☀").prose == "第一段\n\t第二段 ☀"


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1969, 12, 31), date(2100, 1, 1)])
def test_a_day_outside_the_range_is_refused(day: date) -> None:
    assert refused(day=day) == [("day",)]


def test_integers_are_bounded_by_their_column() -> None:
    assert refused(big=2**63) == [("big",)]
    assert refused(big=-(2**63) - 1) == [("big",)]
    assert Form(big=2**63 - 1).big == 2**63 - 1
    assert refused(small=2**31) == [("small",)]


def test_the_openapi_schema_says_what_is_refused() -> None:
    props = Form.model_json_schema()["properties"]
    assert props["line"]["pattern"] == r"^[^\x00-\x1F\x7F-\x9F]*$"
    assert props["big"]["maximum"] == 2**63 - 1


# -- ID numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("id_type", "number"),
    [
        (IdType.RESIDENT_ID, "11010519491231002X"),  # the example of GB 11643
        (IdType.RESIDENT_ID, "11010519491231002x"),
        (IdType.PASSPORT, "E12345678"),
        (IdType.HK_MACAO_PERMIT, "M1234567890"),
        (IdType.TAIWAN_PERMIT, "12345678"),
        (IdType.OTHER, "士兵证 0012"),
    ],
)
def test_valid_numbers(id_type: IdType, number: str) -> None:
    assert id_number_problem(id_type, number) is None


@pytest.mark.parametrize(
    ("id_type", "number", "why"),
    [
        (IdType.RESIDENT_ID, "110105194912310021", "check digit"),
        (IdType.RESIDENT_ID, "11010519491331002X", "birth date"),
        (IdType.RESIDENT_ID, "110105491231002", "17 digits"),  # the old 15-digit form
        (IdType.PASSPORT, "E12", "passport"),
        (IdType.HK_MACAO_PERMIT, "12345678", "hk_macao_permit"),
        (IdType.TAIWAN_PERMIT, "T1234567", "taiwan_permit"),
    ],
)
def test_invalid_numbers_say_why(id_type: IdType, number: str, why: str) -> None:
    problem = id_number_problem(id_type, number)
    assert problem is not None and why in problem


def test_sample_resident_ids_are_valid() -> None:
    for n in (0, 1, 10**13, 10**14 - 1, 987654321):
        number = sample_resident_id(n)
        assert len(number) == 18
        assert number[17] == check_digit(number[:17])
        assert id_number_problem(IdType.RESIDENT_ID, number) is None


# -- petition.commands -----------------------------------------------------------------------


def message(**command: Any) -> dict[str, Any]:
    return {
        "command_id": "c-1",
        "petition_id": "p-1",
        "actor": {"user_id": "routing", "role": "petition_office", "org": "320800"},
        "correlation_id": "k-1",
        "command": command,
    }


def test_a_command_on_kafka_is_bounded_like_one_over_http() -> None:
    CommandMessage.model_validate(message(command="close", reason="办结"))
    with pytest.raises(ValidationError) as info:
        CommandMessage.model_validate(message(command="close", reason="办\x00结"))
    assert [e["loc"] for e in info.value.errors()] == [("command", "close", "reason")]
    with pytest.raises(ValidationError):
        CommandMessage.model_validate({**message(command="close"), "expected_version": 2**63})
