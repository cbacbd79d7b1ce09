"""Access control shared by every service's HTTP API (DESIGN.md, "Security").

- ``roles``: ``Role`` and the authenticated ``Principal``.
- ``tokens``: mint and verify bearer JWTs (``TokenVerifier``, ``mint_token``).
- ``scope``: org-scope rules as pure functions, incl. accusation confidentiality.
- ``shared.service.auth``: ``install_auth``, ``current_principal``, ``require_roles``
  (imported from there, so non-HTTP code does not pull in FastAPI).
"""

from shared.auth.roles import Principal, Role, valid_roles
from shared.auth.tokens import (
    AUDIENCE,
    ISSUER,
    TokenError,
    TokenExpired,
    TokenVerifier,
    TokenVerifierUnavailable,
    mint_token,
)

__all__ = [
    "AUDIENCE",
    "ISSUER",
    "Principal",
    "Role",
    "TokenError",
    "TokenExpired",
    "TokenVerifier",
    "TokenVerifierUnavailable",
    "mint_token",
    "valid_roles",
]
