"""The gateway's refusals (rendered as problem bodies by shared.service.problems)."""

from __future__ import annotations

from typing import ClassVar

from shared.errors import DomainError


class Unauthenticated(DomainError):
    status = 401
    title = "Unauthorized"


class TooManyAttempts(DomainError):
    status = 429
    title = "Too Many Requests"


class BadGateway(DomainError):
    status = 502
    title = "Bad Gateway"


class GatewayTimeout(DomainError):
    status = 504
    title = "Gateway Timeout"


class NotOffered(DomainError):
    """A way of signing in this deployment does not offer."""

    status: ClassVar[int] = 404
    title: ClassVar[str] = "Not Found"
