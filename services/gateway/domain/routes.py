"""Which paths the gateway keeps for itself and which go to the web application."""

from __future__ import annotations

# Prefixes (first path segment) that never fall back to the SPA's index.html.
RESERVED = frozenset({"api", "auth", "content", "healthz", "readyz", "metrics"})
# Vite puts content-hashed files here: they never change, so browsers may keep them.
HASHED_DIR = "assets"
LONG_CACHE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"


def reserved(path: str) -> bool:
    first = path.lstrip("/").split("/", 1)[0]
    return first in RESERVED


def hashed(relative_path: str) -> bool:
    """A file of the build whose name carries its content's hash (it never changes)."""
    return relative_path.split("/", 1)[0] == HASHED_DIR


def cache_control(relative_path: str) -> str:
    return LONG_CACHE if hashed(relative_path) else NO_CACHE
