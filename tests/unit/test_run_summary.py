"""What ``sunshine run`` prints once everything is ready: the address to open, first."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from shared.runtime.services import CATALOGUE, by_name
from shared.runtime.supervisor import Child, RunConfig, Supervisor


def _summary(tmp_path: Path, names: list[str]) -> list[str]:
    out = io.StringIO()
    sup = Supervisor(RunConfig(data_dir=tmp_path, port_base=9000), Console(file=out, width=200))
    for name in names:
        info = by_name(name)
        sup.children.append(Child(info, info.port(9000), tmp_path / f"{name}.log"))
    sup.print_summary()
    return [line for line in out.getvalue().splitlines() if line.strip()]


def test_the_gateway_is_first_in_the_catalogue_at_the_port_base() -> None:
    assert CATALOGUE[0].name == "gateway" and CATALOGUE[0].port(8000) == 8000
    assert [i.port(8000) for i in CATALOGUE[1:]] == [8001, 8002, 8003, 8004, 8005]


def test_the_first_line_is_the_address_to_open(tmp_path: Path) -> None:
    lines = _summary(tmp_path, ["gateway", "intake"])
    assert lines[0] == "请打开 open this: http://127.0.0.1:9000/"
    assert any("http://127.0.0.1:9001" in line for line in lines)


def test_without_the_gateway_there_is_no_such_line(tmp_path: Path) -> None:
    lines = _summary(tmp_path, ["intake"])
    assert not any("open this" in line for line in lines)
