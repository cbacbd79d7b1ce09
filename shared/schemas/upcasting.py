"""Upcasters: read old schema versions as the current one, without rewriting stored events.

An upcaster turns the JSON payload of ``(event_type, version)`` into the payload of
``version + 1``. Reading chains them until the version the code knows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Payload = dict[str, Any]
Upcaster = Callable[[Payload], Payload]


class UnknownSchemaVersion(ValueError):
    pass


class UpcasterRegistry:
    def __init__(self) -> None:
        self._steps: dict[tuple[str, int], Upcaster] = {}
        self._current: dict[str, int] = {}

    def register(self, event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
        def decorate(fn: Upcaster) -> Upcaster:
            key = (event_type, from_version)
            if key in self._steps:
                raise ValueError(f"upcaster for {event_type} v{from_version} already registered")
            self._steps[key] = fn
            self._current[event_type] = max(self._current.get(event_type, 1), from_version + 1)
            return fn

        return decorate

    def current_version(self, event_type: str) -> int:
        return self._current.get(event_type, 1)

    def upcast(self, event_type: str, version: int, payload: Payload) -> tuple[int, Payload]:
        """Return ``(current_version, payload)`` for a payload written at ``version``."""
        target = self.current_version(event_type)
        if version > target:
            raise UnknownSchemaVersion(
                f"{event_type} v{version} is newer than this code knows (v{target})"
            )
        while version < target:
            step = self._steps.get((event_type, version))
            if step is None:
                raise UnknownSchemaVersion(f"no upcaster for {event_type} v{version}")
            payload = step(dict(payload))
            version += 1
        return version, payload


# The registry the event codec uses; payload modules register their upcasters on import.
UPCASTERS = UpcasterRegistry()
