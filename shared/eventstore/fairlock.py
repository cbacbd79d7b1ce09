"""A lock handed to its waiters in the order they came (FIFO).

``threading.Lock`` lets whichever thread the OS wakes first take it, so one thread can wait
for ever while others come and go. SQLite's one writer lock is taken by every request thread
and by the background writers (the relay marking rows published, a consumer's batch); under
steady HTTP load the consumer of intake's command topic waited a second for its turn (p50),
which was most of a petition's way from registration to a department's queue.
"""

from __future__ import annotations

import threading
from collections import deque


class FairLock:
    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._locked = False
        self._waiters: deque[threading.Event] = deque()

    def acquire(self, timeout: float = -1) -> bool:
        with self._mutex:
            if not self._locked and not self._waiters:
                self._locked = True
                return True
            turn = threading.Event()
            self._waiters.append(turn)
        if turn.wait(None if timeout < 0 else timeout):
            return True  # release() handed the lock over to this waiter
        with self._mutex:
            if turn.is_set():
                return True  # handed over just as the wait timed out
            self._waiters.remove(turn)
            return False

    def release(self) -> None:
        with self._mutex:
            if not self._locked:
                raise RuntimeError("release of an unlocked FairLock")
            if self._waiters:
                self._waiters.popleft().set()  # still locked: ownership passes on
            else:
                self._locked = False

    def locked(self) -> bool:
        return self._locked
