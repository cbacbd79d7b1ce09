"""Intake's settings (``INTAKE_*``). Deadline limits are their own model in
``domain.deadlines``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict
from sqlalchemy.engine import make_url

from shared.auth.rating import DEV_RATING_LINK_KEY, check_rating_link_key
from shared.schemas.fields import EARLIEST_DAY
from shared.settings import ServiceSettings

DEV_PETITIONER_KEY = "dev-only-petitioner-key-change-me-0123456789"
DEV_PORTAL_KEY = "dev-only-portal-key-change-me-0123456789abcd"
MESSAGES_FILE = "intake-messages.jsonl"
BLOB_FOLDER = "intake-blobs"
MB = 1024 * 1024


class IntakeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore")

    port: int = 8001
    # Keys the HMAC of ID numbers; changing it breaks repeat matching with older petitions.
    petitioner_key_secret: SecretStr = SecretStr(DEV_PETITIONER_KEY)
    # Derives the petitioner's rating token; feedback holds the same (shared/auth/rating.py).
    rating_link_key: SecretStr = SecretStr(DEV_RATING_LINK_KEY)
    repeat_window_days: int = Field(default=180, ge=1, le=3650)
    skip_level_window_days: int = Field(default=365, ge=1, le=3650)
    # The earliest received date a registration may give: an older one is a typo.
    earliest_received_on: date = Field(default=date(2000, 1, 1), ge=EARLIEST_DAY)

    # The public portal (api/portal.py). Keys the HMAC of verification codes, phones and
    # addresses in the portal's tables: none is stored as it was typed.
    portal_key: SecretStr = SecretStr(DEV_PORTAL_KEY)
    code_ttl_s: int = Field(default=600, ge=5, le=3600)
    code_max_attempts: int = Field(default=5, ge=1, le=20)
    code_resend_s: int = Field(default=60, ge=1, le=3600)
    codes_per_phone_per_day: int = Field(default=5, ge=1, le=1000)
    submissions_per_phone_per_day: int = Field(default=3, ge=1, le=1000)
    codes_per_address_per_hour: int = Field(default=20, ge=1, le=100000)
    # Peers whose X-Forwarded-For names the citizen (the gateway); from anyone else the header
    # is ignored, or a caller reaching intake directly could pick the address it is limited by.
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")
    # file: SMS are JSON lines in a file beside the database (the embedded default); http:
    # an SMS gateway (shared/notify), as feedback's.
    notifier: Literal["file", "http"] = "file"
    messages_file: Path | None = None
    sms_gateway_url: str | None = None
    sms_username: str = ""
    sms_password: SecretStr = SecretStr("")
    sms_timeout_s: float = Field(default=5.0, gt=0)
    # Attachments: a folder beside the database by default, S3-compatible storage in
    # production (shared/blobstore).
    blob_store: Literal["folder", "s3"] = "folder"
    blob_dir: Path | None = None
    s3_bucket: str | None = None
    s3_prefix: str = "attachments/"
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    s3_access_key: str | None = None
    s3_secret_key: SecretStr = SecretStr("")
    attachment_max_bytes: int = Field(default=10 * MB, ge=1024, le=100 * MB)
    attachments_per_petition: int = Field(default=5, ge=0, le=50)

    @model_validator(mode="after")
    def _refuse_dev_key(self) -> IntakeSettings:
        secret = self.petitioner_key_secret.get_secret_value()
        if self.environment == "production" and secret == DEV_PETITIONER_KEY:
            raise ValueError("the development petitioner key must not be used in production")
        if len(secret) < 32:
            raise ValueError("petitioner_key_secret must be at least 32 characters")
        check_rating_link_key(self.rating_link_key.get_secret_value(), self.environment)
        self._check_portal()
        return self

    def _check_portal(self) -> None:
        production = self.environment == "production"
        portal_key = self.portal_key.get_secret_value()
        if production and portal_key == DEV_PORTAL_KEY:
            raise ValueError("the development portal key must not be used in production")
        if len(portal_key) < 32:
            raise ValueError("portal_key must be at least 32 characters")
        if self.notifier == "http" and not self.sms_gateway_url:
            raise ValueError("INTAKE_NOTIFIER=http needs INTAKE_SMS_GATEWAY_URL")
        if production and self.notifier == "file":
            raise ValueError("production sends real verification codes: set INTAKE_NOTIFIER=http")
        if self.blob_store == "s3" and not self.s3_bucket:
            raise ValueError("INTAKE_BLOB_STORE=s3 needs INTAKE_S3_BUCKET")

    def data_dir(self) -> Path:
        """Beside the SQLite database, else .data/ (where ``sunshine run`` keeps its files)."""
        if self.database_url.startswith("sqlite"):
            db = make_url(self.database_url).database
            if db and db != ":memory:":
                return Path(db).parent
        return Path(".data")

    def messages_path(self) -> Path:
        return self.messages_file or self.data_dir() / MESSAGES_FILE

    def blob_path(self) -> Path:
        return self.blob_dir or self.data_dir() / BLOB_FOLDER


# The skeleton's name for a service's settings class (tools find it by this name).
Settings = IntakeSettings


def load_settings() -> IntakeSettings:
    return IntakeSettings()
