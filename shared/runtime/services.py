"""The catalogue of services and the conventions by which the runtime finds them.

A service ``<name>`` exists when its package ``services/<name>/`` has a ``__main__.py``
(started as ``python -m services.<name>``). Its ``services/<name>/main.py`` provides:

- ``load_settings() -> <its ServiceSettings subclass>`` (env prefix ``<NAME>_``);
- ``build_parts(settings) -> shared.service.app.ServiceParts`` (broker, relay, runners...);
- ``build_runners(settings, engine) -> list[ProjectionRunner]`` if it has projections
  (``sunshine rebuild`` uses it).

Its own alembic migrations, if any, live in ``services/<name>/migrations/``.

The runtime passes ``<NAME>_PORT``, ``<NAME>_HOST`` and ``<NAME>_DATABASE_URL`` (default
``sqlite:///<data>/<name>.sqlite3``), the service's ``run_defaults`` outside production, plus
every ``KAFKA_*`` variable.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType


@dataclass(frozen=True)
class ServiceInfo:
    name: str
    offset: int  # its port is port_base + offset
    about: str
    package: str = ""  # default services.<name>; tests run a service of their own
    # Settings (without the prefix) ``sunshine run`` gives the service unless they are set,
    # and never in production: it runs the development system that ``sunshine demo`` drives.
    # ``{port_base}`` in a value becomes the run's port base.
    run_defaults: tuple[tuple[str, str], ...] = ()
    # The address people open (the gateway): ``sunshine run`` prints it first.
    front_door: bool = False

    @property
    def module(self) -> str:
        return self.package or f"services.{self.name}"

    @property
    def env_prefix(self) -> str:
        return f"{self.name.upper()}_"

    def port(self, port_base: int) -> int:
        return port_base + self.offset

    def exists(self) -> bool:
        try:
            return importlib.util.find_spec(f"{self.module}.__main__") is not None
        except ModuleNotFoundError:
            return False

    def main_module(self) -> ModuleType:
        """``services.<name>.main``: the service's factory functions."""
        return importlib.import_module(f"{self.module}.main")

    def migrations_dir(self) -> Path | None:
        """``services/<name>/migrations/`` (its own alembic folder) if it has one."""
        spec = importlib.util.find_spec(self.module)
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations))) / "migrations"
        return folder if folder.is_dir() else None

    def default_database_url(self, data_dir: Path) -> str:
        return f"sqlite:///{data_dir.resolve() / f'{self.name}.sqlite3'}"

    def env(
        self,
        *,
        port_base: int,
        data_dir: Path,
        bootstrap_servers: str,
        host: str = "127.0.0.1",
        base: Mapping[str, str] | None = None,
    ) -> dict[str, str]:
        """The environment the service process runs with: ``base`` (default: ours) plus its
        port, host, database URL and run defaults (unless set) and the broker address."""
        env = dict(os.environ if base is None else base)
        prefix = self.env_prefix
        env[f"{prefix}PORT"] = str(self.port(port_base))
        env[f"{prefix}HOST"] = host
        env.setdefault(f"{prefix}DATABASE_URL", self.default_database_url(data_dir))
        if env.get(f"{prefix}ENVIRONMENT", "development").lower() != "production":
            for key, value in self.run_defaults:
                env.setdefault(f"{prefix}{key}", value.format(port_base=port_base))
        env["KAFKA_BOOTSTRAP_SERVERS"] = bootstrap_servers
        env.setdefault("PYTHONUNBUFFERED", "1")
        return env


DEFAULT_PORT_BASE = 8000
# Outside production ``sunshine run`` allows dated runs (shared/clock.py).
DATED_RUN = (("ALLOW_DATE_OVERRIDE", "true"),)

CATALOGUE: tuple[ServiceInfo, ...] = (
    # One address for people: the web pages, staff sign-in, and /api/<service>/... to the
    # others (services/gateway). It reaches each at its own port + the service's offset.
    ServiceInfo(
        "gateway",
        0,
        "the address people open: web pages, sign-in, /api/<service>/... to the services",
        front_door=True,
    ),
    ServiceInfo(
        "intake",
        1,
        "registers petitions from the four channels; the only writer",
        # ``sunshine demo`` dates its requests (X-Sunshine-Today) to replay past days, and
        # the commands other services send follow the petition's dates.
        run_defaults=DATED_RUN,
    ),
    ServiceInfo("routing", 2, "department work queues and auto-assignment"),
    # Their schedulers keep the time of the latest event, so a dated run's deadlines are
    # missed (or not) on the run's own days.
    ServiceInfo(
        "supervision",
        3,
        "deadlines, traffic lights, overdue, accountability",
        run_defaults=DATED_RUN,
    ),
    ServiceInfo("index", 4, "rates, scorecards, levels, warnings, reports", run_defaults=DATED_RUN),
    ServiceInfo(
        "feedback",
        5,
        "satisfaction, revisits, surveys, suggestions",
        # The links in its SMS point at the gateway, base + 0 (services/feedback/domain/links.py).
        run_defaults=(("PUBLIC_BASE_URL", "http://127.0.0.1:{port_base}"),),
    ),
)


def by_name(name: str) -> ServiceInfo:
    for info in CATALOGUE:
        if info.name == name:
            return info
    known = ", ".join(i.name for i in CATALOGUE)
    raise KeyError(f"no service named {name!r}; the services are: {known}")


def existing() -> list[ServiceInfo]:
    return [info for info in CATALOGUE if info.exists()]


def missing() -> list[ServiceInfo]:
    return [info for info in CATALOGUE if not info.exists()]
