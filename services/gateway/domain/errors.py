"""The gateway's refusals (rendered as problem bodies by shared.service.problems)."""

from __future__ import annotations

from typing import ClassVar

from shared.errors import DomainError


class Unauthenticated(DomainError):
    status = 401
    title = "Unauthorized"
    error_code = "unauthenticated"
    text_zh = "登录已失效，请重新登录"


class TooManyAttempts(DomainError):
    status = 429
    title = "Too Many Requests"
    error_code = "too_many_attempts"
    text_zh = "尝试次数过多，请稍后再试"


class BadGateway(DomainError):
    status = 502
    title = "Bad Gateway"
    error_code = "bad_gateway"
    text_zh = "系统的一个服务暂时没有响应，请稍后再试"


class GatewayTimeout(DomainError):
    status = 504
    title = "Gateway Timeout"
    error_code = "gateway_timeout"
    text_zh = "系统的一个服务响应超时，请稍后再试"


class NotOffered(DomainError):
    """A way of signing in this deployment does not offer."""

    status: ClassVar[int] = 404
    title: ClassVar[str] = "Not Found"
    error_code = "not_offered"
    text_zh = "本系统不提供这种登录方式"
