"""The built web application (``web/dist``): its files, and ``index.html`` for every other
GET so the single-page app's routes load. Hashed assets are kept a year by browsers and sent
from memory, gzipped where the browser accepts it (application/assets.py); ``index.html`` is
revalidated every time, so a new build reaches people at once."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, HTMLResponse
from starlette.concurrency import run_in_threadpool

from services.gateway.api.context import ApiContext
from services.gateway.application.assets import Asset, AssetCache, cacheable
from services.gateway.domain import messages
from services.gateway.domain.routes import NO_CACHE, cache_control, hashed, reserved
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


# kit/session.ts reads it with fetch (same origin, credentials same-origin): a preload "as
# fetch" with crossorigin (anonymous) is the request that fetch takes over.
WHO_IS_SIGNED_IN = "</auth/me>; rel=preload; as=fetch; crossorigin"


def _file_in(root: Path, relative: str) -> Path | None:
    if not relative:
        return None
    candidate = (root / relative).resolve()
    if candidate.is_file() and candidate.is_relative_to(root.resolve()):
        return candidate
    return None


def accepts_gzip(request: Request) -> bool:
    """Accept-Encoding names gzip (or *) with a weight above zero."""
    for part in request.headers.get("accept-encoding", "").split(","):
        name, _, params = part.partition(";")
        if name.strip().lower() not in ("gzip", "*"):
            continue
        weight = params.strip().lower().removeprefix("q=")
        try:
            return not weight or float(weight) > 0
        except ValueError:
            return True
    return False


def asset_response(asset: Asset, request: Request, cache: str) -> Response:
    headers = {
        "Cache-Control": cache,
        "ETag": asset.etag,
        "Last-Modified": asset.last_modified,
    }
    body = asset.body
    if asset.gzipped is not None:
        headers["Vary"] = "Accept-Encoding"
        if accepts_gzip(request):
            body = asset.gzipped
            headers["Content-Encoding"] = "gzip"
    if request.headers.get("if-none-match") == asset.etag:
        return Response(status_code=304, headers=headers)
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(body))
        return Response(media_type=asset.media_type, headers=headers)
    return Response(body, media_type=asset.media_type, headers=headers)


async def cached_asset(assets: AssetCache, found: Path) -> Asset | None:
    key = assets.key(found)
    if key is None:
        return None
    return assets.cached(key) or await run_in_threadpool(assets.load, found, key)


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
            if hashed(relative) and cacheable(found):
                asset = await cached_asset(ctx.assets, found)
                if asset is not None:
                    return asset_response(asset, request, cache_control(relative))
            return FileResponse(found, headers={"Cache-Control": cache_control(relative)})
        index = root / "index.html"
        if not index.is_file():
            return HTMLResponse(NOT_BUILT, status_code=503, headers={"Cache-Control": NO_CACHE})
        headers = {"Cache-Control": NO_CACHE}
        if path == "workbench" or path.startswith("workbench/"):
            # Every workbench page first asks who is signed in, and only then for its data: the
            # browser starts that read with the page's code instead of after it has run.
            headers["Link"] = WHO_IS_SIGNED_IN
        return FileResponse(index, media_type="text/html", headers=headers)

    return router
