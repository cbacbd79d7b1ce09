"""How messages leave the system: a ``Notifier`` with two adapters.

- ``HttpSmsNotifier``: an SMS gateway over HTTP (URL and credentials from settings). The
  notification id goes along as ``ref`` and ``Idempotency-Key``, so a gateway that dedupes
  never texts twice when a send is retried after a crash.
- ``FileNotifier``: the embedded default. Appends each message as a JSON line to a file
  under the data folder (that file is the "phone"), and logs only ids and kinds: recipients
  and texts are personal data.

Retries are the caller's job (feedback's ``dispatch.py``): an adapter makes one attempt and
says whether a failure is worth retrying. Intake sends its verification codes directly: a lost
code is simply asked for again.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import httpx
import structlog

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Outgoing:
    id: str
    kind: str
    recipient: str
    body: str


class DeliveryError(Exception):
    """One attempt failed; ``retryable`` False means retrying cannot help (a 4xx)."""

    def __init__(self, detail: str, *, retryable: bool = True) -> None:
        super().__init__(detail)
        self.detail = detail[:200]
        self.retryable = retryable


class Notifier(Protocol):
    async def send(self, message: Outgoing) -> str:
        """Deliver one message; return a short detail for the record, or raise
        ``DeliveryError``."""
        ...

    async def close(self) -> None: ...


class HttpSmsNotifier:
    def __init__(
        self,
        url: str,
        *,
        username: str = "",
        password: str = "",
        timeout_s: float = 5.0,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self._url = url
        auth = httpx.BasicAuth(username, password) if username else None
        self._client = client or httpx.AsyncClient(timeout=timeout_s, auth=auth)

    async def send(self, message: Outgoing) -> str:
        payload = {"to": message.recipient, "text": message.body, "ref": message.id}
        try:
            response = await self._client.post(
                self._url, json=payload, headers={"Idempotency-Key": message.id}
            )
        except httpx.HTTPError as exc:
            raise DeliveryError(f"gateway unreachable: {type(exc).__name__}") from None
        status = response.status_code
        if 200 <= status < 300:
            return f"http {status}"
        # 408 and 429 are the gateway being busy, not the message being wrong.
        retryable = status >= 500 or status in (408, 429)
        raise DeliveryError(f"http {status}", retryable=retryable)

    async def close(self) -> None:
        await self._client.aclose()


class FileNotifier:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = asyncio.Lock()

    async def send(self, message: Outgoing) -> str:
        # ``recipient`` and ``body`` are the names the portal's contract gives; ``to`` and
        # ``text`` the ones feedback's file has always had, which its readers still use.
        line = json.dumps(
            {
                "id": message.id,
                "kind": message.kind,
                "recipient": message.recipient,
                "body": message.body,
                "to": message.recipient,
                "text": message.body,
            },
            ensure_ascii=False,
        )
        async with self._lock:
            await asyncio.to_thread(self._append, line)
        log.info("notification written", notification_id=message.id, kind=message.kind)
        return "written to file"

    def _append(self, line: str) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        with self._path.open("a", encoding="utf-8") as f:
            f.write(line + "\n")

    async def close(self) -> None:
        return None
