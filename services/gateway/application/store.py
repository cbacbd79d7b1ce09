"""The gateway's state in its database: sign-in failures, sessions, OIDC sign-ins under way."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, func, insert, select

from services.gateway.tables import oidc_requests, sessions, signin_failures
from shared.auth.roles import Principal, Role

OIDC_REQUEST_TTL = timedelta(minutes=10)


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    principal: Principal
    token: str
    csrf: str


class Failures:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def counts(self, username: str, address: str, since: datetime) -> tuple[int, int]:
        """Failures since ``since``: for the username, for the address."""
        t = signin_failures.c
        with self.engine.connect() as conn:
            by_user = conn.scalar(select(func.count()).where(t.username == username, t.at >= since))
            by_address = conn.scalar(
                select(func.count()).where(t.address == address, t.at >= since)
            )
        return int(by_user or 0), int(by_address or 0)

    def record(self, username: str, address: str, now: datetime, forget_before: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(signin_failures).where(signin_failures.c.at < forget_before))
            conn.execute(insert(signin_failures).values(username=username, address=address, at=now))

    def clear(self, username: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(signin_failures).where(signin_failures.c.username == username))


class Sessions:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(
        self, session_id: str, session: Session, *, now: datetime, expires_at: datetime
    ) -> None:
        p = session.principal
        with self.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.expires_at <= now))
            conn.execute(
                insert(sessions).values(
                    id_hash=_hash(session_id),
                    username=p.user_id,
                    name=p.name,
                    role=p.role.value,
                    org=p.org,
                    token=session.token,
                    csrf=session.csrf,
                    expires_at=expires_at,
                )
            )

    def get(self, session_id: str, now: datetime) -> Session | None:
        t = sessions.c
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.username, t.name, t.role, t.org, t.token, t.csrf).where(
                    t.id_hash == _hash(session_id), t.expires_at > now
                )
            ).first()
        if row is None:
            return None
        principal = Principal(user_id=row.username, name=row.name, role=Role(row.role), org=row.org)
        return Session(principal, row.token, row.csrf)

    def delete(self, session_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.id_hash == _hash(session_id)))


class OidcRequests:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save(self, state: str, code_verifier: str, nonce: str, now: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                delete(oidc_requests).where(oidc_requests.c.created_at < now - OIDC_REQUEST_TTL)
            )
            conn.execute(
                insert(oidc_requests).values(
                    state=state, code_verifier=code_verifier, nonce=nonce, created_at=now
                )
            )

    def take(self, state: str, now: datetime) -> tuple[str, str] | None:
        """The request's (code verifier, nonce), once: it is deleted as it is read."""
        t = oidc_requests.c
        with self.engine.begin() as conn:
            row = conn.execute(
                select(t.code_verifier, t.nonce).where(
                    t.state == state, t.created_at >= now - OIDC_REQUEST_TTL
                )
            ).first()
            conn.execute(delete(oidc_requests).where(t.state == state))
        return None if row is None else (row.code_verifier, row.nonce)
