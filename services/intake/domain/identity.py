"""Keys that stand in for secrets: the petitioner key and the one-time rating token.

The petitioner key is an HMAC of the ID number under a secret key from settings, so repeat
matching can use an index without the number ever being in it, and nobody without the key
can test a guessed number against the index.
"""

from __future__ import annotations

import hashlib
import hmac


def normalise_id_number(id_number: str) -> str:
    # The 18th character of a resident ID may be an X, typed either case.
    return "".join(id_number.split()).upper()


def petitioner_key(id_number: str, secret: bytes) -> str:
    return hmac.new(secret, normalise_id_number(id_number).encode(), hashlib.sha256).hexdigest()


def rating_token_hash(token: str) -> str:
    """144 bits from an HMAC (shared/auth/rating.py): a plain hash is enough to store it, no
    salt or stretching needed."""
    return hashlib.sha256(token.encode()).hexdigest()


def rating_token_matches(token: str, expected_hash: str) -> bool:
    return hmac.compare_digest(rating_token_hash(token), expected_hash)
