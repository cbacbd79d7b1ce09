"""``sunshine imports``: the parts each part imports, the arrows the layers forbid, and the
cycles, as a table of graphs and what a reader of the report must be told."""

from __future__ import annotations

import pytest

from tools.cli.imports import describe, part_of


@pytest.mark.parametrize(
    ("module", "part"),
    [
        ("services.intake.api.commands", "services.intake"),
        ("shared.refdata.orgtree", "shared.refdata"),
        ("shared.clock", "shared.clock"),
        ("tools", "tools"),
    ],
)
def test_a_module_belongs_to_its_part(module: str, part: str) -> None:
    assert part_of(module) == part


@pytest.mark.parametrize(
    ("edges", "wrong_way"),
    [
        # The layers kept: tools over services over shared.
        ([["tools.cli.run", "services.intake.main"], ["services.intake.main", "shared.clock"]], []),
        # Inside one part nothing is an arrow between parts.
        ([["services.intake.api.x", "services.intake.domain.y"]], []),
        (
            [["shared.cli.reconcile", "services.routing.tables"]],
            ["shared.cli -> services.routing (shared imports services; 1 import)"],
        ),
        (
            [
                ["services.routing.refs", "services.intake.refdata"],
                ["services.routing.generate", "services.intake.refdata"],
            ],
            ["services.routing -> services.intake (a service imports another; 2 imports)"],
        ),
        (
            [["services.index.main", "tools.bench.index"]],
            ["services.index -> tools.bench (services imports tools; 1 import)"],
        ),
    ],
)
def test_wrong_way_arrows_are_named_with_their_count(
    edges: list[list[str]], wrong_way: list[str]
) -> None:
    assert describe(edges, [])["wrong_way"] == wrong_way


def test_every_part_is_listed_with_what_it_imports() -> None:
    report = describe(
        [["tools.cli.run", "services.intake.main"], ["shared.clock", "shared.clock"]], []
    )
    assert report["parts"] == {"shared.clock": [], "tools.cli": ["services.intake"]}


def test_parts_that_import_each_other_are_named_once() -> None:
    edges = [
        ["shared.auth.fastapi", "shared.service.problems"],
        ["shared.service.app", "shared.auth.fastapi"],
        ["shared.service.app", "shared.eventstore.store"],
    ]
    assert describe(edges, [])["mutual"] == ["shared.auth <-> shared.service"]
