"""FairLock: waiters get the lock in the order they asked for it; a timed-out waiter leaves
the queue without taking a turn."""

from __future__ import annotations

import threading
import time

import pytest

from shared.eventstore.fairlock import FairLock


def _wait_until(check: object, within_s: float = 5.0) -> None:
    deadline = time.monotonic() + within_s
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.001)


def test_waiters_are_served_first_come_first_served() -> None:
    lock = FairLock()
    assert lock.acquire()
    order: list[int] = []
    threads = []
    for i in range(8):
        t = threading.Thread(target=lambda i=i: (lock.acquire(), order.append(i), lock.release()))
        t.start()
        threads.append(t)
        _wait_until(lambda n=i + 1: len(lock._waiters) == n)  # queued before the next
    lock.release()
    for t in threads:
        t.join(5)
    assert order == list(range(8))
    assert not lock.locked()


def test_a_timed_out_waiter_gives_up_its_place() -> None:
    lock = FairLock()
    assert lock.acquire()
    assert not lock.acquire(timeout=0.05)
    assert len(lock._waiters) == 0
    lock.release()
    assert lock.acquire(timeout=0) and lock.locked()
    lock.release()


def test_releasing_an_unlocked_lock_is_an_error() -> None:
    with pytest.raises(RuntimeError):
        FairLock().release()
