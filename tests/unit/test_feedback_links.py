"""The links in feedback's SMS: the portal's pages under one base URL, safely quoted."""

from __future__ import annotations

import pytest

from services.feedback.domain.links import rating_link, survey_link


@pytest.mark.parametrize(
    ("base", "code", "token", "link"),
    [
        ("http://p", "HA-1", "t0k", "http://p/rate/HA-1?token=t0k"),
        ("http://p/", "HA-1", "t0k", "http://p/rate/HA-1?token=t0k"),
        ("https://p/city", "HA 1", "a/b", "https://p/city/rate/HA%201?token=a/b"),
    ],
)
def test_rating_link(base: str, code: str, token: str, link: str) -> None:
    assert rating_link(base, code, token) == link


@pytest.mark.parametrize(
    ("base", "token", "link"),
    [
        ("http://p", "abc_-1", "http://p/survey/abc_-1"),
        ("http://p//", "a b", "http://p/survey/a%20b"),
    ],
)
def test_survey_link(base: str, token: str, link: str) -> None:
    assert survey_link(base, token) == link
