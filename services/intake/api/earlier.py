"""``POST /api/v1/petitions/earlier``: the person's earlier petitions while the registrar
types the ID number. A POST so the number is never in a URL, a proxy's access log or the
browser's history; it is neither logged nor echoed back (a 422 names the field only)."""

# No ``from __future__ import annotations``: the route's dependencies are locals of
# ``make_router``, which FastAPI cannot find from a string annotation.

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from services.intake.api.answers import EarlierPetitions, documented
from services.intake.api.chinese import ChineseValidation
from services.intake.api.context import ApiContext
from services.intake.api.deps import Caller, request_clock, require_role
from services.intake.application.earlier import Lookup, earlier_petitions
from shared.schemas.fields import Line
from shared.schemas.idnumber import id_number_problem
from shared.schemas.petition import IdType
from shared.service.auth import AUTH_RESPONSES


class EarlierQuery(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    id_type: IdType = IdType.RESIDENT_ID
    id_number: Line = Field(min_length=1, max_length=32)
    # The category being registered: its earlier petitions come first, and the repeat
    # candidate is looked for among them.
    category_code: str | None = Field(default=None, pattern=r"^\d{4}$")

    @field_validator("id_number")
    @classmethod
    def _valid_for_its_type(cls, value: str, info: ValidationInfo) -> str:
        id_type = info.data.get("id_type")
        problem = id_number_problem(id_type, value) if id_type else None
        if problem:
            raise ValueError(problem)
        return value


def make_router(ctx: ApiContext) -> APIRouter:
    # The staff's forms show each field's refusal in Chinese, as the portal's do.
    router = APIRouter(
        prefix="/api/v1/petitions",
        tags=["petitions"],
        responses=AUTH_RESPONSES,
        route_class=ChineseValidation,
    )
    _, today_of = request_clock(ctx)
    window = ctx.settings.repeat_window_days

    @router.post(
        "/earlier",
        summary="Earlier petitions of the same person (by ID number), same category first",
        responses={
            200: documented(EarlierPetitions, "the caller's readable petitions of that person"),
            403: {"description": "only who may register looks up"},
            422: {"description": "the ID number is not valid for its type (never echoed)"},
        },
    )
    def earlier(
        body: Annotated[EarlierQuery, Body()],
        principal: Caller,
        today: Annotated[date, Depends(today_of)],
    ) -> JSONResponse:
        require_role(principal, "register")
        lookup = Lookup(body.id_number, body.category_code, window)
        secret = ctx.rules.petitioner_key_secret
        items = earlier_petitions(ctx.engine, ctx.tree, secret, principal, today, lookup)
        out: dict[str, Any] = {"items": items, "repeat_window_days": window}
        return JSONResponse(jsonable_encoder(out), headers={"Cache-Control": "no-store"})

    return router
