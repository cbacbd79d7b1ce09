"""Domain errors: a request the rules refuse. Nothing is written when one is raised.

Pure on purpose (no web framework here): a service's ``domain/`` and ``application/`` raise
them, and one exception handler (``shared.service.problems``) turns each into its RFC 9457
problem body: ``status`` and ``title`` from the class, ``detail`` from the error, ``errors``
with the field path where one field is at fault, and whatever ``extensions`` adds. A route
never catches them.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, ClassVar


class DomainError(Exception):
    """Base of every refusal; a subclass sets ``status`` and ``title``."""

    status: ClassVar[int] = 409
    title: ClassVar[str] = "Conflict"

    def __init__(
        self, detail: str, *, field: str | None = None, message: str | None = None
    ) -> None:
        super().__init__(detail)
        self.detail = detail
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


class NotFound(DomainError):
    """No such thing, or not one the caller may see (the two answer alike on purpose)."""

    status = 404
    title = "Not Found"


class Forbidden(DomainError):
    """The caller may see the thing but not do this to it."""

    status = 403
    title = "Forbidden"


class Conflict(DomainError):
    """The thing's current state does not allow this."""

    status = 409
    title = "Conflict"


class Invalid(DomainError):
    """A value the rules or the reference data refuse (give ``field``)."""

    status = 422
    # The title the services' 422 refusals have always carried (Starlette's phrase on Python
    # 3.11); a body FastAPI itself refuses says "Unprocessable Content" (problems.py).
    title = HTTPStatus.UNPROCESSABLE_ENTITY.phrase
