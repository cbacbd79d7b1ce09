"""A small keep-alive HTTP/1.1 client for load: httpx's async client costs ~3 ms a request
on this machine, more than the server under test, so it would measure itself."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any


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

    async def send(self, call: Call) -> int:
        """Send one request and read the whole answer; return its status code."""
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
        return int(status_line.split()[1])

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            await self._writer.wait_closed()
            self._writer = None
