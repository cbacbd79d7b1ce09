"""``sunshine run`` with a catalogue of one test service (``tests.support.tiny``), so the
supervisor's service path is exercised whatever services exist yet.

    python -m tests.support.run_tiny DATA_DIR PORT_BASE BROKER_PORT
"""

from __future__ import annotations

import sys
from pathlib import Path

from shared.runtime.services import ServiceInfo
from shared.runtime.supervisor import RunConfig, run_supervisor

TINY = ServiceInfo("tiny", 1, "a test service", package="tests.support.tiny")


def main() -> int:
    data_dir, port_base, broker_port = sys.argv[1:4]
    cfg = RunConfig(
        data_dir=Path(data_dir),
        port_base=int(port_base),
        broker_port=int(broker_port),
        catalogue=(TINY,),
        stop_timeout_s=20,
    )
    return run_supervisor(cfg)


if __name__ == "__main__":
    sys.exit(main())
