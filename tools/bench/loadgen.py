"""A small keep-alive HTTP/1.1 client for load: httpx's async client costs ~3 ms a request
on this machine, more than the server under test, so it would measure itself."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass
from typing import Any

_IDLE_REUSE_S = 4.0  # below uvicorn's keep-alive timeout


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""

    @classmethod
    def post_json(cls, path: str, payload: Any, headers: dict[str, str]) -> Call:
        data = json.dumps(payload).encode()
        return cls("POST", path, {**headers, "Content-Type": "application/json"}, data)


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        # The last answer's headers, lower-cased names (e.g. a new resource's location).
        self.headers: dict[str, str] = {}
        self._last_used = 0.0

    async def send(self, call: Call) -> int:
        """Send one request and read the whole answer; return its status code."""
        if self._writer is not None and time.monotonic() - self._last_used > _IDLE_REUSE_S:
            # The server may have closed it meanwhile (uvicorn: after 5 s idle), and a
            # request written to a closed connection is lost.
            await self.close()
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        head = [f"{call.method} {call.path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{k}: {v}" for k, v in call.headers.items()]
        head.append(f"Content-Length: {len(call.body)}")
        self._writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + call.body)
        status_line = await self._reader.readline()
        self.headers = {}
        while (line := await self._reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            self.headers[name.lower()] = value.strip()
        await self._reader.readexactly(int(self.headers.get("content-length", 0)))
        self._last_used = time.monotonic()
        return int(status_line.split()[1])

    async def close(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.close()
            with contextlib.suppress(OSError):  # the server closed it first
                await writer.wait_closed()
