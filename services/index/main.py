"""Index's wiring, in one place at startup (shared/service/app.py explains the shape)."""

from __future__ import annotations

from pathlib import Path

NAME = "index"
MIGRATIONS = Path(__file__).with_name("migrations")
