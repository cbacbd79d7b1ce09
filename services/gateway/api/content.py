"""``/content/articles/...``: the policy articles, content files a city replaces."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse

from services.gateway.api.context import ApiContext
from services.gateway.domain import messages
from services.gateway.domain.routes import NO_CACHE
from shared.errors import NotFound
from shared.service.problems import PROBLEM_JSON, PROBLEM_SCHEMA

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}\.json$")
_P: dict[str, Any] = {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}}


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/content", tags=["content"])

    @router.get(
        "/articles/{name}",
        summary="index.json (the list) or <slug>.json (one article)",
        response_class=FileResponse,
        responses={
            200: {"content": {"application/json": {}}},
            404: {"description": "no such article", "content": _P},
        },
    )
    async def article(name: str) -> FileResponse:
        path = ctx.articles_dir / name
        if not _NAME.match(name) or not path.is_file():
            raise NotFound(messages.NO_SUCH_ARTICLE)
        return FileResponse(
            path, media_type="application/json", headers={"Cache-Control": NO_CACHE}
        )

    return router
