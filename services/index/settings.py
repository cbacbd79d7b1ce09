"""Index's settings (environment variables ``INDEX_*``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.index.application.modelfile import DEFAULT_FILE
from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INDEX_", extra="ignore")
    port: int = 8004
    model_file: Path = DEFAULT_FILE
    # How often the scheduler checks surges (daily window) and grades the last month.
    schedule_interval_s: float = Field(default=3600.0, gt=0)
    scheduler_enabled: bool = True


def load_settings() -> Settings:
    return Settings()
