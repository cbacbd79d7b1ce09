"""Intake's refusals, as ``shared.errors`` classes: the shared handler answers each with its
problem body (status and title from the class, the extensions below); none is a 500."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from services.intake.domain.labels import label, transition_refused
from shared.errors import Conflict, DomainError, Forbidden, Invalid, NotFound


class InvalidTransition(Conflict):
    """The command is not allowed in the petition's current state (HTTP 409)."""

    title = "Invalid transition"
    error_code = "invalid_transition"
    text_zh = "信访事项当前的状态不允许这项操作"

    def __init__(self, command: str, status: str, allowed: Sequence[str]) -> None:
        allowed_text = ", ".join(allowed) if allowed else "none"
        super().__init__(
            f"{command} is not allowed while the petition is {status}; allowed: {allowed_text}",
            zh=transition_refused(command, status, list(allowed)),
        )
        self.command = command
        # Not ``status``: that is the HTTP status of the class.
        self.current_status = status
        self.allowed = tuple(allowed)

    def extensions(self) -> dict[str, Any]:
        return {"current_status": self.current_status, "allowed": list(self.allowed)}


class RuleViolation(Conflict):
    """The state allows the command, but a rule of the regulation forbids it now (HTTP 409):
    a time limit has passed, the one extension is used, the claim is concluded..."""

    title = "Rule violation"
    error_code = "rule_violation"
    text_zh = "这项操作不符合《信访工作条例》的规定"


class VersionConflict(Conflict):
    """``If-Match`` (or a command's expected version) is not the petition's version, or a
    concurrent writer got there first (HTTP 409)."""

    title = "Version conflict"
    error_code = "version_conflict"
    text_zh = "这件信访事项刚被其他人修改过，请刷新后再试"

    def __init__(self, expected: int, actual: int, petition_id: str = "") -> None:
        super().__init__(f"the petition is at version {actual}, not {expected}; reload and retry")
        self.expected = expected
        self.actual = actual
        self.petition_id = petition_id

    def __str__(self) -> str:
        # The reason a refused command's outcome gives on petition.command-outcomes: the event
        # store's own words, as before this error existed (``detail`` is the HTTP wording).
        return f"stream {self.petition_id}: expected version {self.expected}, found {self.actual}"

    def extensions(self) -> dict[str, Any]:
        return {"current_version": self.actual}


class UnknownReference(Invalid):
    """A code is not in the reference data (HTTP 422, pointing at ``body.<field>``)."""

    title = "Unknown code"
    error_code = "unknown_code"
    text_zh = "所选的项目不在基础数据中，请重新选择"

    def __init__(self, field: str, code: str) -> None:
        super().__init__(
            f"{field}: unknown code {code!r}",
            field=f"body.{field}",
            message=f"请选择正确的{label(field)}",
        )
        self.field = field
        self.code = code


class InvalidCommand(Invalid):
    """A field's value is inconsistent with the others or with the reference data (HTTP 422).
    ``zh``: what the page shows beside the field (else "<label>填写有误")."""

    title = "Invalid command"
    error_code = "invalid_command"
    text_zh = "填写的内容有误，请检查后重试"

    def __init__(self, field: str, detail: str, zh: str | None = None) -> None:
        super().__init__(
            f"{field}: {detail}", field=f"body.{field}", message=zh or f"{label(field)}填写有误"
        )
        self.field = field


class InvalidRatingToken(Forbidden):
    """The rating token is wrong or already used (HTTP 403)."""

    title = "Invalid rating token"
    error_code = "invalid_rating_token"
    text_zh = "评价链接无效或已经评价过"


class PetitionNotFound(NotFound):
    """No such petition, or one the caller may not see: the two answer alike (HTTP 404)."""

    error_code = "petition_not_found"
    text_zh = "没有找到这件信访事项，或无权查看"

    def __init__(self, petition_id: str) -> None:
        super().__init__("no such petition")
        self.petition_id = petition_id

    def __str__(self) -> str:
        # What a refused command's outcome gives as its reason (the problem body says only
        # "no such petition").
        return f"no petition {self.petition_id}"


class PortalRefusal(Invalid):
    """The public portal refuses a field, in words a citizen reads (HTTP 422,
    ``errors[0].field`` the field's path, ``message`` the Chinese sentence)."""

    title = "Invalid input"
    error_code = "invalid_input"
    text_zh = "填写的内容有误，请检查后重试"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)


class TooManyRequests(DomainError):
    """A limit of the public portal is reached (HTTP 429): codes per phone or address, code
    attempts, submissions per phone."""

    status = 429
    title = "Too Many Requests"
    error_code = "too_many_requests"
    text_zh = "操作太频繁，请稍后再试"

    def __init__(self, detail: str, *, retry_after_s: int | None = None) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s

    def extensions(self) -> dict[str, Any]:
        return {} if self.retry_after_s is None else {"retry_after_s": self.retry_after_s}


class TooLarge(DomainError):
    """An upload over the size limit (HTTP 413)."""

    status = 413
    title = "Content Too Large"
    error_code = "too_large"
    text_zh = "文件太大，超过了允许的大小"


class SmsUnavailable(DomainError):
    """The SMS gateway did not take the message (HTTP 503); the citizen asks again."""

    status = 503
    title = "Service Unavailable"
    error_code = "sms_unavailable"
    text_zh = "短信暂时发送不了，请稍后再试"
