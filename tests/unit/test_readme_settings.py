"""The settings tables in README.md name every setting the code reads."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from pydantic_settings import BaseSettings

from shared.settings import KafkaSettings, ServiceSettings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _names(cls: type[BaseSettings], prefix: str, own_only: bool = False) -> list[str]:
    fields = set(cls.model_fields)
    if own_only:
        fields -= set(ServiceSettings.model_fields)
    return [f"{prefix}{name.upper()}" for name in sorted(fields)]


def test_kafka_settings_are_documented() -> None:
    missing = [n for n in _names(KafkaSettings, "KAFKA_") if f"`{n}`" not in README]
    assert not missing, f"README lacks {missing}"


def test_service_settings_are_documented() -> None:
    missing = [n for n in _names(ServiceSettings, "<NAME>_") if f"`{n}`" not in README]
    assert not missing, f"README lacks {missing}"


@pytest.mark.parametrize(
    ("module", "cls", "prefix"),
    [
        ("services.intake.settings", "IntakeSettings", "INTAKE_"),
        ("services.intake.domain.deadlines", "DeadlineLimits", "INTAKE_"),
        ("services.routing.settings", "Settings", "ROUTING_"),
        ("services.supervision.settings", "Settings", "SUPERVISION_"),
        ("services.index.settings", "Settings", "INDEX_"),
        ("services.feedback.settings", "Settings", "FEEDBACK_"),
        ("services.gateway.settings", "Settings", "GATEWAY_"),
    ],
)
def test_service_own_settings_are_documented(module: str, cls: str, prefix: str) -> None:
    settings_cls = getattr(importlib.import_module(module), cls)
    missing = [n for n in _names(settings_cls, prefix, own_only=True) if n not in README]
    assert not missing, f"README lacks {missing}"
