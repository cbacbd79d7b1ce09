"""Every refusal a person can meet says, in the problem body, what kind it is (``code``) and
what went wrong in Chinese (``detail_zh``): the workbench and the portal show that sentence,
never the English ``detail`` meant for developers."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import services
from services.intake.domain.errors import InvalidTransition, PortalRefusal
from shared.errors import DomainError, Forbidden
from shared.service.problems import PROBLEM_SCHEMA, install_problem_handlers

HAN = re.compile(r"[\u4e00-\u9fff]")


def _error_modules() -> list[str]:
    """Every module of the services that imports refusals (and so may define its own),
    found by its source, so a new one counts without a list to keep."""
    found = []
    for m in pkgutil.walk_packages(services.__path__, "services."):
        spec = importlib.util.find_spec(m.name)
        origin = spec.origin if spec else None
        if origin and origin.endswith(".py"):
            with open(origin, encoding="utf-8") as f:
                if "errors import" in f.read():
                    found.append(m.name)
    return found


def _all_refusals() -> list[type[DomainError]]:
    for name in _error_modules():
        importlib.import_module(name)
    seen: list[type[DomainError]] = []
    todo = [DomainError]
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    return seen


REFUSALS = _all_refusals()


def test_the_walk_finds_every_services_refusals() -> None:
    # Each service's own ones, not only the shared bases: a walk that found nothing would pass.
    modules = {c.__module__.split(".")[1] for c in REFUSALS if c.__module__.startswith("services.")}
    assert modules >= {"intake", "routing", "supervision", "index", "feedback", "gateway"}
    assert len(REFUSALS) > 30


@pytest.mark.parametrize("cls", REFUSALS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_refusal_has_a_code_and_chinese_words(cls: type[DomainError]) -> None:
    assert re.fullmatch(r"[a-z][a-z_]*", cls.error_code), cls.error_code
    assert HAN.search(cls.text_zh), f"{cls.__qualname__}.text_zh is not Chinese: {cls.text_zh!r}"
    # A class that inherited its parent's words would say the parent's sentence for a
    # different refusal: each names its own kind.
    assert "error_code" in cls.__dict__ and "text_zh" in cls.__dict__, cls.__qualname__


def _body(exc: DomainError) -> dict[str, object]:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/x")
    def refuse() -> None:
        raise exc

    body: dict[str, object] = TestClient(app).get("/x").json()
    return body


def test_the_problem_body_carries_the_code_and_the_chinese() -> None:
    body = _body(InvalidTransition("accept", "accepted", ["reply", "withdraw"]))
    assert body["code"] == "invalid_transition"
    assert body["detail_zh"] == "信访事项现为“已受理”，不能受理。现在可以：答复、撤回"
    assert "accept is not allowed" in str(body["detail"])  # the English stays for developers
    assert {"code", "detail_zh"} <= set(PROBLEM_SCHEMA["properties"])


def test_words_given_at_the_raise_site_win_over_the_class() -> None:
    assert _body(Forbidden("x", zh="这件信访事项不归您的单位办理"))["detail_zh"] == (
        "这件信访事项不归您的单位办理"
    )
    assert _body(Forbidden("role handler may not reply"))["detail_zh"] == "没有权限进行这项操作"


def test_a_detail_already_in_chinese_is_its_own_chinese() -> None:
    body = _body(PortalRefusal("body.code", "验证码已过期，请重新获取"))
    assert body["detail_zh"] == "验证码已过期，请重新获取"
    assert body["code"] == "invalid_input"
