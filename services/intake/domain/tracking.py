"""Tracking codes: what a petitioner reads out on the phone or types into the public page.

Crockford base32 (no I, L, O, U: nothing to misread), 15 random characters (75 bits, so
codes cannot be guessed or enumerated) and a check character that catches a mistyped
character, grouped as ``XXXX-XXXX-XXXX-XXXX``. Uniqueness at this size is a matter of
chance (about 1 in 10^13 after a million codes); the store's unique index is the backstop.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CHECK = ALPHABET + "*~$=U"  # Crockford's 37 check symbols
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})
RANDOM_CHARS = 15
GROUP = 4


def _check_char(body: str) -> str:
    value = 0
    for ch in body:
        value = value * 32 + ALPHABET.index(ch)
    return _CHECK[value % 37]


def _group(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def new_tracking_code(randbits: Callable[[int], int] = secrets.randbits) -> str:
    # One draw of 75 bits, five to a character: a draw per character cost a system call each.
    value = randbits(5 * RANDOM_CHARS)
    body = "".join(ALPHABET[(value >> (5 * i)) & 31] for i in range(RANDOM_CHARS))
    return _group(body + _check_char(body))


def normalise_tracking_code(text: str) -> str | None:
    """The canonical form of a typed code, or None when it cannot be a tracking code."""
    raw = "".join(text.split()).replace("-", "").upper().translate(_MISREAD)
    if len(raw) != RANDOM_CHARS + 1:
        return None
    body, check = raw[:-1], raw[-1]
    if any(ch not in ALPHABET for ch in body) or check not in _CHECK:
        return None
    if _check_char(body) != check:
        return None
    return _group(raw)
