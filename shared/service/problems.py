"""RFC 9457 problem details: every error a client sees has one shape (DESIGN.md, rule 6)."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.errors import DomainError
from shared.eventstore.store import ConcurrencyConflict

PROBLEM_JSON = "application/problem+json"


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem(
    status: int,
    detail: str | None = None,
    *,
    title: str | None = None,
    type_: str = "about:blank",
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    """A ``application/problem+json`` response; extensions are extra top-level members."""
    body: dict[str, Any] = {"type": type_, "title": title or _title(status), "status": status}
    if detail is not None:
        body["detail"] = detail
    if instance is not None:
        body["instance"] = instance
    body.update(extensions)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """``("body", "petitioner", "phone")`` -> ``body.petitioner.phone``; list indexes as [i]."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


async def _http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else None
    extensions: dict[str, Any] = (
        {} if detail is not None or exc.detail is None else {"errors": exc.detail}
    )
    return problem(
        exc.status_code,
        detail,
        instance=request.url.path,
        headers=dict(exc.headers) if exc.headers else None,
        **extensions,
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # The offending input is left out on purpose: it may be a petitioner's personal data.
    errors = [
        {"field": _field_path(e.get("loc", ())), "message": e.get("msg", ""), "type": e.get("type")}
        for e in exc.errors()
    ]
    return problem(
        422,
        "the request is not valid; see errors",
        title="Unprocessable Content",
        instance=request.url.path,
        code="invalid",
        detail_zh="提交的内容不符合要求，请检查后重试",
        errors=errors,
    )


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    """Every refusal a service's rules raise: the one place a domain error becomes HTTP."""
    assert isinstance(exc, DomainError)
    extensions = exc.extensions()
    if exc.field_path is not None:
        extensions.setdefault(
            "errors",
            [{"field": exc.field_path, "message": exc.field_message, "type": "value_error"}],
        )
    return problem(
        exc.status,
        exc.detail,
        title=exc.title,
        instance=request.url.path,
        code=exc.error_code,
        detail_zh=exc.detail_zh,
        **extensions,
    )


async def _version_conflict(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ConcurrencyConflict)
    return problem(
        409,
        f"the stream is at version {exc.actual}, not {exc.expected}; reload and retry",
        title="Version conflict",
        instance=request.url.path,
        code="version_conflict",
        detail_zh="这件信访事项刚被其他人修改过，请刷新后再试",
        current_version=exc.actual,
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(ConcurrencyConflict, _version_conflict)
    _document_problems(app)


PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details; ``errors`` lists the fields of a 422",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string", "description": "the kind of refusal, for a program"},
        "detail_zh": {"type": "string", "description": "the refusal in Chinese, for a page"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        },
    },
}
_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# Answers any route may give beyond what it declares: on a route that takes a body, a body
# that cannot be parsed (FastAPI) or is too large (middleware); on a route whose path names
# a thing, no such thing.
_WITH_BODY = {
    "400": "the body could not be parsed",
    "413": "the request body is larger than the service accepts",
}
_WITH_PATH_PARAMETER = {"404": "nothing of that name, or nothing the caller may see"}


def _document_problems(app: FastAPI) -> None:
    """Make the OpenAPI document say what the handlers above really send: every 4xx/5xx is
    ``application/problem+json`` (FastAPI documents its 422 as plain JSON of its own shape)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _rewrite(build())
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]


def _rewrite(schema: dict[str, Any]) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            implied = (_WITH_BODY if "requestBody" in operation else {}) | (
                _WITH_PATH_PARAMETER if "{" in path else {}
            )
            for code, description in implied.items():
                responses.setdefault(code, {"description": description})
            for code, response in responses.items():
                if code[0] in "45":
                    response["content"] = {PROBLEM_JSON: {"schema": _PROBLEM_REF}}
    # FastAPI's own 422 shapes, unless something else still refers to them.
    for name in ("HTTPValidationError", "ValidationError"):
        components_left = {k: v for k, v in components.items() if k != name}
        if f"#/components/schemas/{name}" not in json.dumps([schema["paths"], components_left]):
            components.pop(name, None)
