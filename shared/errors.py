"""Domain errors: a request the rules refuse. Nothing is written when one is raised.

Pure on purpose (no web framework here): a service's ``domain/`` and ``application/`` raise
them, and one exception handler (``shared.service.problems``) turns each into its RFC 9457
problem body: ``status`` and ``title`` from the class, ``detail`` from the error, ``errors``
with the field path where one field is at fault, and whatever ``extensions`` adds. A route
never catches them.

Staff and citizens read the refusal, so each also says it in Chinese: ``code`` names the kind
of refusal for a program (``error_code``, one per class) and ``detail_zh`` is the sentence a
page shows. A raise site that knows better words passes ``zh=``; otherwise the field's Chinese
message, or a detail already in Chinese, otherwise the class's ``text_zh``. The English
``detail`` stays for developers and for the clients that already read it.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any, ClassVar

# A detail a service already wrote in Chinese (the portal's refusals) is its Chinese too.
_HAN = re.compile(r"[\u4e00-\u9fff]")


class DomainError(Exception):
    """Base of every refusal; a subclass sets ``status``, ``title``, ``error_code`` and
    ``text_zh`` (tests/unit/test_refusal_words.py holds every subclass to that)."""

    status: ClassVar[int] = 409
    title: ClassVar[str] = "Conflict"
    error_code: ClassVar[str] = "conflict"
    text_zh: ClassVar[str] = "当前状态下不能进行这项操作"

    def __init__(
        self,
        detail: str,
        *,
        field: str | None = None,
        message: str | None = None,
        zh: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.detail_zh = zh or message or (detail if _HAN.search(detail) else self.text_zh)
        # The field at fault, as a path into the request: ``body.petitioner.phone``,
        # ``query.region``. A 422 names it in ``errors``.
        self.field_path = field
        # What a page shows beside that field (``errors[].message``): the detail, unless
        # the service has the words a person reads there (intake's Chinese).
        self.field_message = message or detail

    def extensions(self) -> dict[str, Any]:
        """Extra top-level members of the problem body."""
        return {}


class BadRequest(DomainError):
    """A request this API cannot read: a page cursor it did not hand out, say."""

    status = 400
    title = "Bad Request"
    error_code = "bad_request"
    text_zh = "请求无法识别，请刷新页面后重试"


class NotFound(DomainError):
    """No such thing, or not one the caller may see (the two answer alike on purpose)."""

    status = 404
    title = "Not Found"
    error_code = "not_found"
    text_zh = "没有找到，或无权查看"


class Forbidden(DomainError):
    """The caller may see the thing but not do this to it."""

    status = 403
    title = "Forbidden"
    error_code = "forbidden"
    text_zh = "没有权限进行这项操作"


class Conflict(DomainError):
    """The thing's current state does not allow this."""

    status = 409
    title = "Conflict"
    error_code = "conflict"
    text_zh = "当前状态下不能进行这项操作"


class Invalid(DomainError):
    """A value the rules or the reference data refuse (give ``field``)."""

    status = 422
    error_code = "invalid"
    text_zh = "填写的内容有误，请检查后重试"
    # The title the services' 422 refusals have always carried (Starlette's phrase on Python
    # 3.11); a body FastAPI itself refuses says "Unprocessable Content" (problems.py).
    title = HTTPStatus.UNPROCESSABLE_ENTITY.phrase
