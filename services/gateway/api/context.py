"""What the gateway's routes share, built once in ``main.build_parts``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from services.gateway.application.assets import AssetCache
from services.gateway.application.oidc import OidcSignIn
from services.gateway.application.proxy import Proxy
from services.gateway.application.signin import SignIn
from shared.refdata import ReferenceData


@dataclass(frozen=True)
class ApiContext:
    refdata: ReferenceData
    signin: SignIn
    proxy: Proxy
    oidc: OidcSignIn | None
    web_dir: Path
    articles_dir: Path
    secure_cookies: bool
    # The web app's hashed files, in memory once read (with their gzip form).
    assets: AssetCache = field(default_factory=AssetCache)
