"""The one-time rating token is made from a key intake and feedback share: the reply hands
out exactly what feedback can make again for the SMS, and nothing else can make it."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.feedback.settings import Settings as FeedbackSettings
from services.intake.settings import IntakeSettings
from shared.auth.rating import DEV_RATING_LINK_KEY, rating_token
from tests.support.intake import RATING_KEY, SAMPLES, make_ctx, reach, run


def test_the_reply_token_is_the_one_feedback_derives_from_the_shared_key() -> None:
    state, _ = reach("accepted")
    after, decision = run(state, SAMPLES["reply"](""), make_ctx())
    assert state.tracking_code is not None
    expected = rating_token(RATING_KEY, state.tracking_code, after.version)
    assert decision.rating_token == expected and len(expected) == 24
    # Another key, another reply of the same petition: another token.
    assert rating_token(b"x" * 32, state.tracking_code, after.version) != expected
    assert rating_token(RATING_KEY, state.tracking_code, after.version + 2) != expected


PRODUCTION = {
    "environment": "production",
    "database_url": "postgresql+psycopg://u@db/x",
    "jwt_secret": "a-production-jwt-secret-0123456789abcdef",
}


def test_production_refuses_the_development_key_in_both_services() -> None:
    own = {"rating_link_key": "a-production-rating-link-key-0123456789"}
    intake = {
        **PRODUCTION,
        "petitioner_key_secret": "a-production-petitioner-key-0123456789",
        "portal_key": "a-production-portal-key-0123456789abcdef",
        "notifier": "http",
        "sms_gateway_url": "https://sms.example.gov.cn/send",
    }
    feedback = {
        **PRODUCTION,
        "notifier": "http",
        "sms_gateway_url": "https://sms.example.gov.cn/send",
        "public_base_url": "https://xf.example.gov.cn",
    }
    for cls, fields in ((IntakeSettings, intake), (FeedbackSettings, feedback)):
        assert cls(**fields, **own).rating_link_key.get_secret_value() == own["rating_link_key"]
        with pytest.raises(ValidationError, match="development rating link key"):
            cls(**fields, rating_link_key=DEV_RATING_LINK_KEY)
        with pytest.raises(ValidationError, match="at least 32"):
            cls(rating_link_key="short")


def test_production_feedback_needs_the_portal_address() -> None:
    with pytest.raises(ValidationError, match="FEEDBACK_PUBLIC_BASE_URL"):
        FeedbackSettings(
            **PRODUCTION,
            notifier="http",
            sms_gateway_url="https://sms.example.gov.cn/send",
            rating_link_key="a-production-rating-link-key-0123456789",
        )
