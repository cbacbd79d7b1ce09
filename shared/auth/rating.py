"""The petitioner's one-time rating token: derived from a key, never sent through the log.

Intake answers a reply with the token (to the handler, as before) and stores only its SHA-256
in ``petition.replied``; ``POST /api/v1/public/rate`` checks a token against that hash. The
rating invitation SMS must carry the same token, and feedback, which sends it, only reads
``petition.events``. Putting the token in the event would hand it to every reader of the log
(every consumer, an auditor's replay, a copy of the topic), and any of them could rate in the
citizen's place. So the token is an HMAC of the petition's tracking code and the version of
its reply under a key that intake and feedback alone hold (``INTAKE_RATING_LINK_KEY`` and
``FEEDBACK_RATING_LINK_KEY``, the same secret): both derive it, the log holds only its hash,
and whoever reads the log cannot make it. A new key affects later replies only; the hashes
already in the log still check the tokens already sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

DEV_RATING_LINK_KEY = "dev-only-rating-link-key-change-me-0123456789"
MIN_KEY_LENGTH = 32


def rating_token(key: bytes, tracking_code: str, reply_version: int) -> str:
    """144 bits of HMAC-SHA256, URL-safe (24 characters), for the reply at ``reply_version``."""
    message = f"rating|{tracking_code}|{reply_version}".encode()
    mac = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:18]).decode()


def check_rating_link_key(key: str, environment: str) -> None:
    """Refuse a short key, and the development key in production (a settings validator)."""
    if len(key) < MIN_KEY_LENGTH:
        raise ValueError(f"rating_link_key must be at least {MIN_KEY_LENGTH} characters")
    if environment == "production" and key == DEV_RATING_LINK_KEY:
        raise ValueError("the development rating link key must not be used in production")
