"""Who an OpenID Connect ID token says the staff member is, in the services' terms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from shared.auth.roles import Principal, Role


class NoRole(ValueError):
    """The token names no role of this system, or no org."""


def principal_from_id_token(
    claims: Mapping[str, Any], *, role_claim: str = "role", org_claim: str = "org"
) -> Principal:
    """``sub`` -> user id, ``name`` (or ``preferred_username``) -> name, the role and org
    claims -> role and org. A role outside ``Role`` or a missing org is ``NoRole``."""
    role = claims.get(role_claim)
    if isinstance(role, list):  # some providers give a list of roles: the first of ours
        role = next((r for r in role if isinstance(r, str) and r in Role._value2member_map_), None)
    if not isinstance(role, str):
        raise NoRole("the token names no role")
    org = claims.get(org_claim)
    name = claims.get("name") or claims.get("preferred_username")
    try:
        return Principal(
            user_id=str(claims.get("sub") or ""),
            name=name if isinstance(name, str) and name else None,
            role=Role.parse(role),
            org=org if isinstance(org, str) else "",
        )
    except (ValueError, ValidationError) as exc:
        raise NoRole(str(exc)) from None
