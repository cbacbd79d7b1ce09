"""Refusals as RFC 9457 problems. Nothing here is a 500: every domain error is the client's
request meeting the petition's state or the reference data."""

from __future__ import annotations

from fastapi.responses import JSONResponse

from services.intake.application import PetitionNotFound
from services.intake.domain import (
    DomainError,
    InvalidCommand,
    InvalidRatingToken,
    InvalidTransition,
    RuleViolation,
    UnknownReference,
)
from shared.eventstore import ConcurrencyConflict
from shared.service.problems import problem

Refusal = (DomainError, ConcurrencyConflict, PetitionNotFound)


class Forbidden(Exception):
    """The caller may read the petition but not do this to it."""


def refusal_problem(exc: Exception, instance: str) -> JSONResponse:
    if isinstance(exc, InvalidTransition):
        return problem(
            409,
            exc.detail,
            title=exc.title,
            instance=instance,
            current_status=exc.status,
            allowed=list(exc.allowed),
        )
    if isinstance(exc, RuleViolation):
        return problem(409, exc.detail, title=exc.title, instance=instance)
    if isinstance(exc, UnknownReference | InvalidCommand):
        errors = [{"field": f"body.{exc.field}", "message": exc.detail, "type": "value_error"}]
        return problem(422, exc.detail, title=exc.title, instance=instance, errors=errors)
    if isinstance(exc, InvalidRatingToken):
        return problem(403, exc.detail, title=exc.title, instance=instance)
    if isinstance(exc, ConcurrencyConflict):
        return problem(
            409,
            f"the petition is at version {exc.actual}, not {exc.expected}; reload and retry",
            title="Version conflict",
            instance=instance,
            current_version=exc.actual,
        )
    if isinstance(exc, PetitionNotFound):
        return problem(404, "no such petition", instance=instance)
    if isinstance(exc, Forbidden):
        return problem(403, str(exc), instance=instance)
    raise exc
