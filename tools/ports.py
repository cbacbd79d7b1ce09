"""Ports for a ``sunshine run`` that a test or a bench starts beside others: free right now,
and below the kernel's ephemeral range."""

from __future__ import annotations

import random
import socket
from collections.abc import Iterator
from pathlib import Path


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _ephemeral_range() -> tuple[int, int]:
    """The ports the kernel hands to outgoing connections (Linux; the usual default elsewhere)."""
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999


def _listen_candidates() -> Iterator[int]:
    """Random ports below the ephemeral range, forever. A port the kernel picked for us (bind to
    0) lies inside that range, and any outgoing connection of the suite (a Kafka client, an HTTP
    probe) may take it before the process we start binds it: CI once lost 21 browser tests to
    routing's port being taken that way. Below the range only listeners compete."""
    low, _ = _ephemeral_range()
    floor = 20000 if low > 21000 else 1024
    while True:
        yield random.randrange(floor, low)


def free_ports(n: int, attempts: int = 200) -> list[int]:
    """``n`` distinct ports free right now, outside the ephemeral range."""
    found: list[int] = []
    candidates = _listen_candidates()
    for _ in range(attempts):
        port = next(candidates)
        if port not in found and port_free(port):
            found.append(port)
            if len(found) == n:
                return found
    raise AssertionError(f"no {n} free ports found")


def free_port_block(size: int, attempts: int = 200) -> int:
    """A base port such that base .. base+size are all free right now (the gateway is at
    base + 0, the services at base+1 ..), outside the ephemeral range."""
    low, _ = _ephemeral_range()
    candidates = _listen_candidates()
    for _ in range(attempts):
        base = next(candidates)
        if base + size < low and all(port_free(base + i) for i in range(size + 1)):
            return base
    raise AssertionError("no block of free ports found")
