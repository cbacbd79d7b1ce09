"""Is an ID number well formed for the document it is said to be from?

The resident ID (居民身份证, GB 11643-1999) is 17 digits (region, birth date, sequence) and a
check digit: the weighted sum of the 17 modulo 11 picks it from ``10X98765432``. The other
documents are checked for their shape only.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from shared.schemas.petition import IdType

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_DIGITS = "10X98765432"
_RESIDENT_ID = re.compile(r"^\d{17}[\dX]$")
_SHAPES = {
    IdType.PASSPORT: re.compile(r"^[A-Z0-9]{5,20}$"),
    IdType.HK_MACAO_PERMIT: re.compile(r"^[HM]\d{8}(\d{2})?$"),
    IdType.TAIWAN_PERMIT: re.compile(r"^\d{8}(\d{2})?$"),
    IdType.OTHER: re.compile(r"^[^\x00-\x1F\x7F-\x9F]{1,32}$"),
}


def check_digit(first17: str) -> str:
    return _CHECK_DIGITS[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def _birth_date_ok(number: str) -> bool:
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return born.year >= 1900


def id_number_problem(id_type: IdType, number: str) -> str | None:
    """Why ``number`` is not a valid ``id_type`` number; None when it is."""
    value = number.upper()
    if id_type is IdType.RESIDENT_ID:
        if not _RESIDENT_ID.match(value):
            return "a resident ID is 17 digits and a check digit (0-9 or X)"
        if not _birth_date_ok(value):
            return "the resident ID's birth date (characters 7-14) is not a date"
        if check_digit(value[:17]) != value[17]:
            return "the resident ID's check digit does not match (GB 11643)"
        return None
    if not _SHAPES[id_type].match(value):
        return f"not a {id_type.value} number"
    return None


def sample_resident_id(n: int, region: str = "320802") -> str:
    """A well-formed resident ID made from any integer, for demos, benches and tests: a birth
    date from 1950 on and a sequence number, both taken from ``n``."""
    born = date(1950, 1, 1) + timedelta(days=n % 20000)
    first17 = f"{region}{born:%Y%m%d}{n // 20000 % 1000:03d}"
    return first17 + check_digit(first17)
