"""Feedback's settings (env prefix ``FEEDBACK_``); lists and maps are JSON in the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict
from sqlalchemy.engine import make_url

from services.feedback.domain import model
from services.feedback.domain.links import DEFAULT_PUBLIC_BASE_URL
from services.feedback.domain.survey import DEFAULT_DIMENSIONS
from shared.auth.rating import DEV_RATING_LINK_KEY, check_rating_link_key
from shared.settings import ServiceSettings

MESSAGES_FILE = "feedback-messages.jsonl"


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FEEDBACK_", extra="ignore")
    port: int = 8005
    # file: messages go to a file beside the database (embedded default); http: SMS gateway.
    notifier: Literal["file", "http"] = "file"
    messages_file: Path | None = None
    sms_gateway_url: str | None = None
    sms_username: str = ""
    sms_password: SecretStr = SecretStr("")
    sms_timeout_s: float = Field(default=5.0, gt=0)
    sms_max_attempts: int = Field(default=8, ge=1)
    sms_first_backoff_s: float = Field(default=2.0, gt=0)
    sms_max_backoff_s: float = Field(default=600.0, gt=0)
    dispatch_interval_s: float = Field(default=0.5, gt=0)
    # How often the scheduler keeps the weekly and monthly satisfaction reports (idempotent).
    report_interval_s: float = Field(default=3600.0, gt=0)
    scheduler_enabled: bool = True
    # Days a unit has for the revisit (回头看) after a 不满意 rating.
    revisit_days: int = Field(default=15, ge=1, le=90)
    # Where the links in the SMS point: the public portal (services/feedback/domain/links.py).
    public_base_url: str = Field(default=DEFAULT_PUBLIC_BASE_URL, pattern=r"^https?://\S+$")
    # Derives the petitioner's rating token, as intake does (shared/auth/rating.py).
    rating_link_key: SecretStr = SecretStr(DEV_RATING_LINK_KEY)
    survey_dimensions: tuple[str, ...] = Field(default=DEFAULT_DIMENSIONS, min_length=1)
    # Department code -> phone (or gateway address) for its SMS alerts.
    unit_contacts: dict[str, str] = Field(default_factory=dict)
    rating_points: dict[str, float] = Field(default_factory=lambda: dict(model.DEFAULT_POINTS))
    # [[colour, minimum score], ...], best first; below the last is red.
    colour_thresholds: tuple[tuple[str, float], ...] = model.DEFAULT_COLOURS

    @model_validator(mode="after")
    def _notifier_configured(self) -> Settings:
        if self.notifier == "http" and not self.sms_gateway_url:
            raise ValueError("FEEDBACK_NOTIFIER=http needs FEEDBACK_SMS_GATEWAY_URL")
        if self.environment == "production" and self.notifier == "file":
            raise ValueError("production sends real messages: set FEEDBACK_NOTIFIER=http")
        if self.environment == "production" and self.public_base_url == DEFAULT_PUBLIC_BASE_URL:
            raise ValueError("links in production SMS need FEEDBACK_PUBLIC_BASE_URL")
        check_rating_link_key(self.rating_link_key.get_secret_value(), self.environment)
        return self

    def messages_path(self) -> Path:
        """The file adapter's file: as set, else beside the SQLite database, else .data/."""
        if self.messages_file is not None:
            return self.messages_file
        if self.database_url.startswith("sqlite"):
            db = make_url(self.database_url).database
            if db and db != ":memory:":
                return Path(db).parent / MESSAGES_FILE
        return Path(".data") / MESSAGES_FILE


def load_settings() -> Settings:
    return Settings()
