"""Settings shared by every service. Each service subclasses ``ServiceSettings`` with its own
env prefix (``INTAKE_``, ``ROUTING_``...); Kafka settings are common and unprefixed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_JWT_SECRET = "dev-only-secret-change-me-0123456789abcdef"


class KafkaSettings(BaseSettings):
    """``KAFKA_*``: where the broker is and how to talk to it."""

    model_config = SettingsConfigDict(env_prefix="KAFKA_", extra="ignore")

    bootstrap_servers: str = "127.0.0.1:9092"
    # Tansu (the embedded broker) rejects InitProducerId: keep this off there, on for Kafka.
    enable_idempotence: bool = False
    acks: Literal["all", "1", "0"] = "all"
    # Tests give each run topic names of its own.
    topic_prefix: str = ""
    # Partitions for the topics the runtime creates; petition events need at least 6.
    partitions: int = Field(default=6, ge=1)
    replication_factor: int = Field(default=1, ge=1)
    request_timeout_ms: int = Field(default=10000, ge=1000)

    @model_validator(mode="after")
    def _idempotence_needs_all_acks(self) -> KafkaSettings:
        # The idempotent producer's order guarantee needs every replica's ack (aiokafka
        # refuses otherwise, but only when the relay first builds its producer).
        if self.enable_idempotence and self.acks != "all":
            raise ValueError("KAFKA_ENABLE_IDEMPOTENCE=true needs KAFKA_ACKS=all")
        return self


class ServiceSettings(BaseSettings):
    """Base of every service's settings; subclasses set ``env_prefix``."""

    model_config = SettingsConfigDict(extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str = ""
    log_level: str = "INFO"
    jwt_secret: SecretStr = SecretStr(DEV_JWT_SECRET)
    jwt_algorithm: Literal["HS256", "RS256"] = "HS256"
    jwks_url: str | None = None
    # Longest lifetime (exp - iat) a bearer token may have; `sunshine token` mints at most 30.
    jwt_max_ttl_days: float = Field(default=30, gt=0, le=366)
    # Largest request body accepted, in bytes.
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    # Rows per relay pass: more keys share each round of acks (one key waits per event).
    relay_batch_size: int = Field(default=5000, ge=1)
    relay_poll_interval_s: float = Field(default=0.05, gt=0)
    consumer_batch_size: int = Field(default=500, ge=1)
    shutdown_timeout_s: float = Field(default=20.0, gt=0)
    # Development only: a run may be dated (``sunshine demo`` replays past days). Intake then
    # takes a request's day from ``X-Sunshine-Today``, and an automatic actor dates what it
    # does from the events that caused it, not from the wall clock (shared/clock.py).
    allow_date_override: bool = False
    # The time zone "today" is counted in: the city's, the same in every service.
    timezone: str = "Asia/Shanghai"
    # A city's own reference data (shared/refdata); the packaged demo city's when unset.
    refdata_dir: Path | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _refuse_insecure_defaults(self) -> ServiceSettings:
        if self.environment == "production":
            if (
                self.jwt_algorithm == "HS256"
                and self.jwt_secret.get_secret_value() == DEV_JWT_SECRET
            ):
                raise ValueError("the development JWT secret must not be used in production")
            if self.database_url.startswith("sqlite"):
                raise ValueError("production needs PostgreSQL, not SQLite")
            if self.allow_date_override:
                raise ValueError("allow_date_override must not be set in production")
        return self
