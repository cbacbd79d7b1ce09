"""Intake's settings (``INTAKE_*``). Deadline limits are their own model in
``domain.deadlines``."""

from __future__ import annotations

from datetime import date

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from shared.auth.rating import DEV_RATING_LINK_KEY, check_rating_link_key
from shared.schemas.fields import EARLIEST_DAY
from shared.settings import ServiceSettings

DEV_PETITIONER_KEY = "dev-only-petitioner-key-change-me-0123456789"


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

    @model_validator(mode="after")
    def _refuse_dev_key(self) -> IntakeSettings:
        secret = self.petitioner_key_secret.get_secret_value()
        if self.environment == "production" and secret == DEV_PETITIONER_KEY:
            raise ValueError("the development petitioner key must not be used in production")
        if len(secret) < 32:
            raise ValueError("petitioner_key_secret must be at least 32 characters")
        check_rating_link_key(self.rating_link_key.get_secret_value(), self.environment)
        return self


# The skeleton's name for a service's settings class (tools find it by this name).
Settings = IntakeSettings


def load_settings() -> IntakeSettings:
    return IntakeSettings()
