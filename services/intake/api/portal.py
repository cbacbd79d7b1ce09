"""The citizens' portal (阳光信访 online and the kiosks): reference lists, SMS verification
codes, attachments and the petition itself, under ``/api/v1/public``. No login.

Refusals name their field in Chinese (``errors[].field``, ``errors[].message``): the rules'
own (``domain.portal``) and FastAPI's validation errors alike, translated by this router's
route class. Nothing here logs a phone, a code, an address or a file's name.
"""

# No ``from __future__ import annotations``: the routes' dependencies are locals of
# ``make_router``, which FastAPI cannot find from a string annotation.

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, File, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from services.intake.api.chinese import ChineseValidation
from services.intake.api.context import ApiContext
from services.intake.api.deps import request_clock
from services.intake.application import portal as app
from services.intake.application.portal import PublicPetition
from shared.refdata import ReferenceData
from shared.service.middleware import CORRELATION_HEADER

# The kinds in plain words, beside their names in the regulation (Art. 29-31).
PLAIN_KINDS = {
    "suggestion": "对工作提出意见、建议",
    "accusation": "检举、控告违法违纪行为",
    "claim": "反映自身权益问题，提出申诉或请求解决",
}


class CodeRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    phone: str = Field(pattern=r"^1\d{10}$")


def client_address(request: Request, trusted: tuple[str, ...]) -> str:
    """The citizen's address: what a trusted proxy (the gateway) put last in
    ``X-Forwarded-For``, else the peer's own."""
    peer = request.client.host if request.client else "unknown"
    if peer not in trusted:
        return peer
    forwarded = request.headers.get("x-forwarded-for", "")
    last = forwarded.rsplit(",", 1)[-1].strip()[:64]
    return last or peer


def reference_view(ref: ReferenceData) -> dict[str, Any]:
    children: dict[str | None, list[dict[str, Any]]] = {}
    for r in ref.regions.values():
        node: dict[str, Any] = {
            "code": r.code,
            "name_zh": r.name_zh,
            "level": r.level.value,
            "children": [],
        }
        children.setdefault(r.parent, []).append(node)
    for nodes in children.values():
        for node in nodes:
            node["children"] = children.get(str(node["code"]), [])
    return {
        "kinds": [
            {"code": k.code.value, "name_zh": k.name_zh, "plain_zh": PLAIN_KINDS[k.code.value]}
            for k in ref.kinds.values()
        ],
        "categories": [
            {
                "code": m.code,
                "name_zh": m.name_zh,
                "minors": [{"code": n.code, "name_zh": n.name_zh} for n in m.minors],
            }
            for m in ref.category_tree
        ],
        "regions": children.get(None, []),
        "kiosks": [{"id": k.id, "name_zh": k.name_zh, "org": k.org} for k in ref.kiosks.values()],
        # Public (every department's name is on its own door): the pages name a department
        # and the office's picker offers them, with no copy of the reference data bundled.
        "departments": [
            {
                "code": d.code,
                "name_zh": d.name_zh,
                "region_code": d.region,
                "level": d.level.value,
                "petition_office": d.petition_office,
            }
            for d in ref.departments.values()
        ],
    }


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/v1/public", tags=["portal"], route_class=ChineseValidation)
    now_of, today_of = request_clock(ctx)
    portal = ctx.portal
    reference = reference_view(ctx.refdata)

    @router.get(
        "/reference", summary="Kinds, categories, regions, kiosks and departments for the forms"
    )
    def get_reference() -> dict[str, Any]:
        return reference

    @router.post(
        "/verification-codes",
        status_code=202,
        summary="Text a 6-digit verification code to a phone",
        responses={
            429: {"description": "too soon again, or a limit for this phone or address"},
            503: {"description": "the SMS gateway did not take the message"},
        },
    )
    async def send_code(
        body: Annotated[CodeRequest, Body()],
        request: Request,
        now: Annotated[datetime, Depends(now_of)],
        today: Annotated[date, Depends(today_of)],
    ) -> dict[str, int]:
        sent = await app.request_code(
            portal, body.phone, client_address(request, ctx.settings.trusted_proxies), now, today
        )
        return {"expires_in_s": sent.expires_in_s, "resend_after_s": sent.resend_after_s}

    @router.post(
        "/attachments",
        status_code=201,
        summary="Upload one attachment (JPEG, PNG or PDF, judged from the content)",
        responses={
            413: {"description": "larger than the limit"},
            422: {"description": "not a JPEG, PNG or PDF, or empty"},
        },
    )
    async def upload_attachment(
        file: Annotated[UploadFile, File()], now: Annotated[datetime, Depends(now_of)]
    ) -> dict[str, Any]:
        data = await file.read(portal.max_bytes + 1)
        found = await run_in_threadpool(app.upload, portal, file.filename, data, now)
        return dict(found.__dict__)

    @router.post(
        "/petitions",
        status_code=201,
        summary="Submit a petition online (real-name, the phone verified by its code)",
        responses={
            422: {"description": "a missing or wrong field, a wrong or expired code, no consent"},
            429: {"description": "too many wrong codes, or submissions from this phone today"},
        },
    )
    async def submit_petition(
        body: Annotated[PublicPetition, Body()],
        request: Request,
        now: Annotated[datetime, Depends(now_of)],
        today: Annotated[date, Depends(today_of)],
    ) -> dict[str, str]:
        correlation = request.headers.get(CORRELATION_HEADER) or uuid.uuid4().hex
        done = await app.submit(portal, body, now, today, correlation)
        return {"tracking_code": done.tracking_code, "petition_id": done.petition_id}

    return router
