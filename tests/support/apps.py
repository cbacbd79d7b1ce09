"""A service's FastAPI app as ``sunshine run`` would build it, without starting it (no
lifespan: no migration, no broker), for tests that only look at its routes and pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI

from shared.runtime.services import ServiceInfo
from shared.service.app import create_service_app


def service_app(info: ServiceInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    monkeypatch.setenv(f"{info.env_prefix}DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    main = info.main_module()
    return create_service_app(main.build_parts(main.load_settings()))
