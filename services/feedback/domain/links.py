"""The links feedback texts to petitioners: pages of the public portal, all under one base URL.

``FEEDBACK_PUBLIC_BASE_URL`` is the address people open, the gateway's (``sunshine run`` sets
it to ``http://127.0.0.1:<port-base>``, so the links follow ``--port-base``); a production
city sets its portal's public address. The portal's rating page posts the code and the token
it finds in the link to intake's ``POST /api/v1/public/rate``; its survey page reads and
answers feedback's ``/api/v1/public/surveys/{token}``.
"""

from __future__ import annotations

from urllib.parse import quote

# The gateway of a default `sunshine run`; `sunshine run --port-base N` passes its own.
DEFAULT_PUBLIC_BASE_URL = "http://127.0.0.1:8000"


def track_link(base_url: str, tracking_code: str) -> str:
    """The portal's track page (查询), with the code filled in."""
    return f"{base_url.rstrip('/')}/track?code={quote(tracking_code)}"


def rating_link(base_url: str, tracking_code: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/rate/{quote(tracking_code)}?token={quote(token)}"


def survey_link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/survey/{quote(token)}"
