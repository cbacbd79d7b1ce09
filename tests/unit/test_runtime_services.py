"""What ``sunshine run`` hands each service in its environment."""

from __future__ import annotations

from pathlib import Path

from shared.runtime.services import by_name


def _env(**base: str) -> dict[str, str]:
    return by_name("intake").env(
        port_base=9000, data_dir=Path("/tmp/d"), bootstrap_servers="b:1", base=base
    )


def test_intake_may_be_dated_by_the_demo_under_sunshine_run() -> None:
    env = _env()
    assert env["INTAKE_ALLOW_DATE_OVERRIDE"] == "true"
    assert env["INTAKE_PORT"] == "9001" and env["KAFKA_BOOTSTRAP_SERVERS"] == "b:1"


def test_run_defaults_give_way_to_what_is_set_and_never_apply_in_production() -> None:
    assert _env(INTAKE_ALLOW_DATE_OVERRIDE="false")["INTAKE_ALLOW_DATE_OVERRIDE"] == "false"
    assert "INTAKE_ALLOW_DATE_OVERRIDE" not in _env(INTAKE_ENVIRONMENT="production")
    assert "ROUTING_ALLOW_DATE_OVERRIDE" not in by_name("routing").env(
        port_base=9000, data_dir=Path("/tmp/d"), bootstrap_servers="b:1", base={}
    )


def test_feedback_links_point_at_the_gateway_of_the_run() -> None:
    env = by_name("feedback").env(
        port_base=9100, data_dir=Path("/tmp/d"), bootstrap_servers="b:1", base={}
    )
    assert env["FEEDBACK_PUBLIC_BASE_URL"] == "http://127.0.0.1:9100"
    production = by_name("feedback").env(
        port_base=9100,
        data_dir=Path("/tmp/d"),
        bootstrap_servers="b:1",
        base={"FEEDBACK_ENVIRONMENT": "production"},
    )
    assert "FEEDBACK_PUBLIC_BASE_URL" not in production  # a city sets its portal's address
