"""The collector tuning: bulk work raises the thresholds and gives the old ones back."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from shared.runtime.collector import (
    BULK_THRESHOLDS,
    SERVICE_THRESHOLDS,
    bulk_work,
    settle_after_startup,
)


@pytest.fixture(autouse=True)
def _restore() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)
    gc.unfreeze()


def test_bulk_work_raises_thresholds_and_restores_them_even_on_error() -> None:
    gc.set_threshold(700, 10, 10)
    with pytest.raises(ValueError), bulk_work():
        assert gc.get_threshold() == BULK_THRESHOLDS
        raise ValueError("the work failed")
    assert gc.get_threshold() == (700, 10, 10)


def test_settling_freezes_startup_objects_and_sets_service_thresholds() -> None:
    settle_after_startup()
    assert gc.get_threshold() == SERVICE_THRESHOLDS
    assert gc.get_freeze_count() > 0
