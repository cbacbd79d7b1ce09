"""The gateway's wiring, in one place at startup (shared/service/app.py explains the shape).
No broker and no relay: it publishes nothing and consumes nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx

from services.gateway.api import make_routers
from services.gateway.api.context import ApiContext
from services.gateway.api.csrf import CsrfGuard
from services.gateway.api.headers import SecurityHeaders
from services.gateway.application.directory import Directory, directory_path
from services.gateway.application.oidc import OidcSignIn
from services.gateway.application.proxy import Proxy
from services.gateway.application.signin import SignIn
from services.gateway.application.store import Failures, OidcRequests, Sessions
from services.gateway.domain.lockout import LockoutPolicy
from services.gateway.settings import Settings, load_settings
from shared.eventstore import make_engine
from shared.refdata import DEFAULT_DIR, load_refdata
from shared.service.app import ServiceParts, run_service

NAME = "gateway"
MIGRATIONS = Path(__file__).with_name("migrations")
ARTICLES = "articles"


def build_parts(
    settings: Settings,
    *,
    upstream_transport: httpx.AsyncBaseTransport | None = None,
    oidc_transport: httpx.AsyncBaseTransport | None = None,
) -> ServiceParts:
    """``*_transport``: tests put fake services and a fake identity provider there."""
    engine = make_engine(settings.database_url)
    refdata = load_refdata(settings.refdata_dir)
    directory = (
        Directory.load(directory_path(settings.users_file, settings.refdata_dir), refdata)
        if settings.dev_directory
        else None
    )
    timeout = httpx.Timeout(
        settings.upstream_timeout_s, connect=settings.upstream_connect_timeout_s
    )
    upstream = httpx.AsyncClient(
        transport=upstream_transport,
        timeout=timeout,
        limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
        follow_redirects=False,
        trust_env=False,
    )
    provider = httpx.AsyncClient(transport=oidc_transport, timeout=10.0, follow_redirects=False)
    signin = SignIn(
        directory=directory,
        failures=Failures(engine),
        sessions=Sessions(engine),
        jwt_secret=settings.jwt_secret.get_secret_value(),
        ttl=timedelta(minutes=settings.session_ttl_minutes),
        policy=LockoutPolicy(
            settings.lockout_failures, timedelta(minutes=settings.lockout_window_minutes)
        ),
    )
    oidc = None
    if settings.oidc_enabled:
        secret = settings.oidc_client_secret
        oidc = OidcSignIn(
            issuer=settings.oidc_issuer,
            client_id=settings.oidc_client_id,
            client_secret=secret.get_secret_value() if secret else None,
            scope=settings.oidc_scope,
            redirect_uri=f"{settings.base_url()}/auth/oidc/callback",
            role_claim=settings.oidc_role_claim,
            org_claim=settings.oidc_org_claim,
            requests=OidcRequests(engine),
            http=provider,
        )
    ctx = ApiContext(
        refdata=refdata,
        signin=signin,
        proxy=Proxy(settings.upstream_urls(), upstream),
        oidc=oidc,
        web_dir=settings.web_dir,
        articles_dir=(settings.refdata_dir or DEFAULT_DIR) / ARTICLES,
        secure_cookies=settings.secure_cookies,
    )

    async def close_clients() -> None:
        await upstream.aclose()
        await provider.aclose()

    return ServiceParts(
        name=NAME,
        settings=settings,
        engine=engine,
        routers=make_routers(ctx),
        migrations=MIGRATIONS,
        on_shutdown=[close_clients],
        # Innermost first: every response, the CSRF refusal too, gets the headers.
        middleware=[CsrfGuard, SecurityHeaders],
    )


def main() -> None:
    run_service(NAME, load_settings, build_parts)
