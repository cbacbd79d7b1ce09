"""Supervision's settings (env prefix ``SUPERVISION_``): the light thresholds, the revisit
period, the sweep interval and the default periods of an urging or supervising."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.supervision.domain.actions import ActionPeriods
from services.supervision.domain.lights import LightRules
from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SUPERVISION_", extra="ignore")
    port: int = 8003
    # Yellow: at most this many days left, or at most this share of the step's period.
    yellow_days: int = Field(default=3, ge=0, le=60)
    yellow_share_pct: int = Field(default=20, ge=0, le=100)
    # 回头看 after a 不满意 rating: the one period the petition events do not carry.
    revisit_days: int = Field(default=15, ge=1, le=90)
    sweep_interval_s: float = Field(default=60.0, gt=0)
    # Deadline of an urging (催办) / supervising (督办) when the office gives none.
    urge_days: int = Field(default=5, ge=1, le=60)
    supervise_days: int = Field(default=10, ge=1, le=90)

    def rules(self) -> LightRules:
        return LightRules(self.yellow_days, self.yellow_share_pct)

    def periods(self) -> ActionPeriods:
        return ActionPeriods(urge_days=self.urge_days, supervise_days=self.supervise_days)


def load_settings() -> Settings:
    return Settings()
