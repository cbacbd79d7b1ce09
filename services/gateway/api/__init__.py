"""The gateway's routes: sign-in, the proxy, the content files, then the web app's fallback
(last, so it never shadows the others)."""

from __future__ import annotations

from fastapi import APIRouter

from services.gateway.api import auth, content, proxy, users, web
from services.gateway.api.context import ApiContext


def make_routers(ctx: ApiContext) -> list[APIRouter]:
    return [
        auth.make_router(ctx),
        users.make_router(ctx),
        proxy.make_router(ctx),
        content.make_router(ctx),
        web.make_router(ctx),
    ]
