"""Routing's settings (env prefix ``ROUTING_``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.routing.application.rulefile import DEFAULT_FILE
from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ROUTING_", extra="ignore")
    port: int = 8002
    # The rule set in force until an admin posts one (then every version is in the database).
    rules_file: Path = DEFAULT_FILE
    due_soon_days: int = Field(default=3, ge=0, le=60)


def load_settings() -> Settings:
    return Settings()
