"""The built web application (``web/dist``): its files, and ``index.html`` for every other
GET so the single-page app's routes load. Hashed assets are kept a year; ``index.html`` is
revalidated every time, so a new build reaches people at once."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, HTMLResponse

from services.gateway.api.context import ApiContext
from services.gateway.domain import messages
from services.gateway.domain.routes import NO_CACHE, cache_control, reserved
from shared.errors import NotFound

NOT_BUILT = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>阳光信访：页面尚未构建</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto; line-height: 1.6">
<h1>阳光信访</h1>
<p>网页尚未构建，暂时无法打开。请稍后再试，或联系系统管理员。</p>
<p lang="en">The web pages are not built yet. An administrator builds them with
<code>npm run build</code> in <code>web/</code> (<code>make run</code> does it).</p>
</body></html>
"""


def _file_in(root: Path, relative: str) -> Path | None:
    if not relative:
        return None
    candidate = (root / relative).resolve()
    if candidate.is_file() and candidate.is_relative_to(root.resolve()):
        return candidate
    return None


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(tags=["web"])

    @router.api_route(
        "/{path:path}",
        methods=["GET", "HEAD"],
        include_in_schema=False,
    )
    async def page(path: str, request: Request) -> Response:
        if reserved(path):
            raise NotFound(messages.NOT_FOUND)
        root = ctx.web_dir
        found = _file_in(root, path)
        if found is not None:
            relative = found.relative_to(root.resolve()).as_posix()
            return FileResponse(found, headers={"Cache-Control": cache_control(relative)})
        index = root / "index.html"
        if not index.is_file():
            return HTMLResponse(NOT_BUILT, status_code=503, headers={"Cache-Control": NO_CACHE})
        return FileResponse(index, media_type="text/html", headers={"Cache-Control": NO_CACHE})

    return router
