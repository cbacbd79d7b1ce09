"""Staff sign-in: a password against the development directory, or a principal an OpenID
Connect provider vouched for; either way a session holding the services' bearer token."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.gateway.application.directory import Directory
from services.gateway.application.store import Failures, Session, Sessions
from services.gateway.domain import messages
from services.gateway.domain.errors import NotOffered, TooManyAttempts, Unauthenticated
from services.gateway.domain.lockout import LockoutPolicy, username_key
from shared.auth.roles import Principal
from shared.auth.tokens import mint_token

Now = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class NewSession:
    """What the response sets as cookies: the session id and its CSRF token."""

    session_id: str
    csrf: str
    principal: Principal
    max_age_s: int


class SignIn:
    def __init__(
        self,
        *,
        directory: Directory | None,
        failures: Failures,
        sessions: Sessions,
        jwt_secret: str,
        ttl: timedelta,
        policy: LockoutPolicy,
        now: Now = _utcnow,
    ) -> None:
        self.directory = directory
        self.failures = failures
        self.sessions = sessions
        self._secret = jwt_secret
        self.ttl = ttl
        self.policy = policy
        self.now = now

    def with_password(self, username: str, password: str, address: str) -> NewSession:
        """Sign in from the directory. Wrong user or password: one message for both; too
        many failures for this username or this address within the window: locked out."""
        if self.directory is None:
            raise NotOffered(messages.PASSWORD_SIGNIN_OFF)
        key = username_key(username)
        now = self.now()
        since = self.policy.counts_from(now)
        if self.policy.locked(*self.failures.counts(key, address, since)):
            raise TooManyAttempts(messages.LOCKED_OUT)
        user = self.directory.verify(username, password)
        if user is None:
            self.failures.record(key, address, now, forget_before=since)
            raise Unauthenticated(messages.WRONG_CREDENTIALS)
        self.failures.clear(key)
        return self.open(
            Principal(user_id=user.username, name=user.name, role=user.role, org=user.org)
        )

    def open(self, principal: Principal) -> NewSession:
        """A new session for ``principal`` with a freshly minted token of the session's TTL."""
        now = self.now()
        token = mint_token(principal, self._secret, ttl=self.ttl, now=now)
        session_id = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        self.sessions.create(
            session_id, Session(principal, token, csrf), now=now, expires_at=now + self.ttl
        )
        return NewSession(session_id, csrf, principal, int(self.ttl.total_seconds()))

    def current(self, session_id: str | None) -> Session | None:
        if not session_id:
            return None
        return self.sessions.get(session_id, self.now())

    def close(self, session_id: str | None) -> None:
        if session_id:
            self.sessions.delete(session_id)
