"""The texts feedback sends: signed, with the tracking code and what to do, never a name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from services.feedback.domain import texts

DUE = date(2025, 4, 2)


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda: texts.receipt("HA-1"), "已登记，查询码HA-1"),
        (
            lambda: texts.tracking_code("HA-1", "http://x/track?code=HA-1"),
            "：http://x/track?code=HA-1",
        ),
        (lambda: texts.accepted("HA-1", DUE), "将于2025年4月2日前答复"),
        (lambda: texts.not_accepted("HA-1"), "HA-1不予受理"),
        (lambda: texts.reply("HA-1"), "HA-1已办理答复"),
        (lambda: texts.rating_invitation("HA-1", "http://x/rate"), "不满意）：http://x/rate"),
        (lambda: texts.dissatisfied_alert("HA-1", DUE), "请于2025年4月2日前完成“回头看”"),
        (lambda: texts.survey_invitation("HA-1", "http://x/s"), "作出评价：http://x/s"),
        (lambda: texts.leader_answer("HA-1"), "建议HA-1已获领导批示答复"),
    ],
)
def test_texts(make: Callable[[], str], needle: str) -> None:
    text = make()
    assert text.startswith(texts.SIGN) and needle in text and "HA-1" in text
