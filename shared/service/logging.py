"""structlog JSON lines on stdout, one shape for our own logs and for the libraries' (uvicorn,
FastStream, aiokafka, alembic) so a log shipper reads one format.

Per-request and per-message context (correlation id, event id, topic/partition/offset) is
bound with :func:`bound` or :func:`bind_message` and rides in ``structlog.contextvars``, so
every line logged while handling that request or message carries it.

Personal data must never be logged (DESIGN.md, Security). Code should not pass it in the
first place; :func:`mask_personal_data` is the defense in depth that hides it if it does.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import structlog
from structlog.types import EventDict, Processor, WrappedLogger

# Keys whose values are a petitioner's personal data, wherever they appear in a log line.
PERSONAL_KEYS = frozenset({"petitioner", "name", "id_number", "phone", "address", "content"})
MASK = "***"
_MAX_DEPTH = 8


def _mask(value: Any, depth: int) -> Any:
    if depth > _MAX_DEPTH:
        return value
    if isinstance(value, Mapping):
        return {
            k: (MASK if isinstance(k, str) and k.lower() in PERSONAL_KEYS else _mask(v, depth + 1))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return type(value)(_mask(v, depth + 1) for v in value)
    return value


def mask_personal_data(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """Replace the value of any personal-data key, at any depth of dicts and lists."""
    return _mask(event_dict, 0)


def _drop_noise(_l: WrappedLogger, _m: str, event_dict: EventDict) -> EventDict:
    event_dict.pop("color_message", None)  # uvicorn's ANSI-coloured copy of the message
    return event_dict


def _shared_processors(service: str) -> list[Processor]:
    def add_service(_l: WrappedLogger, _m: str, event_dict: EventDict) -> EventDict:
        event_dict.setdefault("service", service)
        return event_dict

    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        add_service,
        mask_personal_data,
    ]


class _StdoutHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stdout`` is at the time of the write (tests swap it)."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    @property
    def stream(self) -> Any:
        return sys.stdout

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure_logging(service: str, level: str | int = "INFO") -> None:
    """Send structlog and stdlib logging to stdout as JSON lines. Call once, at startup."""
    numeric = logging.getLevelName(level.upper()) if isinstance(level, str) else level
    if not isinstance(numeric, int):
        numeric = logging.INFO
    shared = _shared_processors(service)
    structlog.configure(
        processors=[
            *shared,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        # Libraries' ``extra={...}`` (FastStream's topic, group, message id) become keys.
        foreign_pre_chain=[*shared[:-1], structlog.stdlib.ExtraAdder(), _drop_noise, shared[-1]],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            # Masking again: exception text and foreign extras are rendered only here.
            mask_personal_data,
            structlog.processors.JSONRenderer(ensure_ascii=False, default=str),
        ],
    )
    handler = _StdoutHandler()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(numeric)
    # Libraries keep their own handlers unless told: route them through the root one.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "faststream", "aiokafka"):
        lib = logging.getLogger(name)
        lib.handlers[:] = []
        lib.propagate = True
    # aiokafka is chatty at INFO about every (re)connection.
    logging.getLogger("aiokafka").setLevel(max(numeric, logging.WARNING))


def get_logger(name: str | None = None) -> Any:
    return structlog.stdlib.get_logger(name)


@contextmanager
def bound(**values: Any) -> Iterator[None]:
    """Bind values to every log line inside the block (this task or request only)."""
    clean = {k: v for k, v in values.items() if v is not None}
    with structlog.contextvars.bound_contextvars(**clean):
        yield


def bind_message(
    *,
    topic: str | None = None,
    partition: int | None = None,
    offset: int | None = None,
    event_id: str | None = None,
    correlation_id: str | None = None,
) -> Any:
    """Context for one consumed message: ``with bind_message(topic=..., offset=...):``."""
    return bound(
        topic=topic,
        partition=partition,
        offset=offset,
        event_id=event_id,
        correlation_id=correlation_id,
    )
