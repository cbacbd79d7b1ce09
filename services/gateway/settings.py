"""The gateway's settings (env prefix ``GATEWAY_``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from shared.runtime.services import CATALOGUE
from shared.settings import ServiceSettings

REPO_ROOT = Path(__file__).resolve().parents[2]
# The services ``/api/<service>/...`` reaches, each at the gateway's port + its offset by default.
UPSTREAMS = ("intake", "routing", "supervision", "index", "feedback")
_OFFSETS = {info.name: info.offset for info in CATALOGUE}


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")
    port: int = 8000
    # Uploads (attachments) pass through; each service still enforces its own limit.
    max_body_bytes: int = Field(default=25 * 1_048_576, ge=1024)
    # The built web application (``npm run build`` in web/).
    web_dir: Path = REPO_ROOT / "web" / "dist"
    # Where each service answers; unset: 127.0.0.1 at this gateway's port + the service's
    # offset, as ``sunshine run`` lays them out.
    intake_url: str = ""
    routing_url: str = ""
    supervision_url: str = ""
    index_url: str = ""
    feedback_url: str = ""
    upstream_timeout_s: float = Field(default=30.0, gt=0, le=600)
    upstream_connect_timeout_s: float = Field(default=5.0, gt=0, le=60)
    # The development directory of staff (users.json with argon2 hashes); unset: the one in
    # the reference data folder. Refused in production, which signs in through OIDC.
    users_file: Path | None = None
    # How long a signed-in session (and the bearer token it carries) lasts.
    session_ttl_minutes: int = Field(default=480, ge=5, le=720)
    # Secure cookies: unset means everywhere but development (plain http on 127.0.0.1).
    cookie_secure: bool | None = None
    lockout_failures: int = Field(default=5, ge=1, le=100)
    lockout_window_minutes: int = Field(default=15, ge=1, le=1440)
    # OpenID Connect (production): the city's provider.
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: SecretStr | None = None
    oidc_scope: str = "openid profile"
    # The ID token's claims that carry the staff member's role and org.
    oidc_role_claim: str = "role"
    oidc_org_claim: str = "org"
    # The address people open (for the OIDC redirect URI); unset: http://127.0.0.1:<port>.
    public_base_url: str = ""

    @model_validator(mode="after")
    def _gateway_rules(self) -> Settings:
        if self.environment == "production":
            if self.users_file is not None:
                raise ValueError(
                    "the development directory of users must not be used in production: "
                    "unset GATEWAY_USERS_FILE and sign in through OpenID Connect"
                )
            if not (self.oidc_issuer and self.oidc_client_id):
                raise ValueError(
                    "production signs in through OpenID Connect: set GATEWAY_OIDC_ISSUER "
                    "and GATEWAY_OIDC_CLIENT_ID"
                )
            if not self.public_base_url:
                raise ValueError("production needs GATEWAY_PUBLIC_BASE_URL (the OIDC redirect)")
        if self.jwt_algorithm != "HS256":
            raise ValueError(
                "the gateway mints the services' HS256 tokens: set GATEWAY_JWT_SECRET to their "
                "secret (<NAME>_JWT_SECRET)"
            )
        return self

    @property
    def dev_directory(self) -> bool:
        """Password sign-in against the development directory (never in production)."""
        return self.environment != "production"

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        return self.environment != "development"

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    def base_url(self) -> str:
        return (self.public_base_url or f"http://127.0.0.1:{self.port}").rstrip("/")

    def upstream_urls(self) -> dict[str, str]:
        """Service name -> its base URL (no trailing slash)."""
        base = self.port - _OFFSETS.get("gateway", 0)
        urls: dict[str, str] = {}
        for name in UPSTREAMS:
            url: str = getattr(self, f"{name}_url")
            urls[name] = (url or f"http://127.0.0.1:{base + _OFFSETS[name]}").rstrip("/")
        return urls


def load_settings() -> Settings:
    return Settings()
