"""``sunshine imports``: the import graph between the parts of the tree, and what breaks the
layers (DESIGN.md "Layers"): tools above the services, services above shared, no service
importing another, and no cycle of modules.

``--tree`` reads another checkout (an older commit, to compare before and after); the graph
is built by grimp, the library import-linter checks its contracts with.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Annotated, Any

import typer

PACKAGES = ("tools", "services", "shared")
# Lower layers never import higher ones; services never import each other.
RANK = {"tools": 2, "services": 1, "shared": 0}


def imports(
    tree: Annotated[
        Path | None,
        typer.Option(help="A checkout to read instead of this one (e.g. an older commit's)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the graph as JSON.")] = False,
) -> None:
    """Print which part imports which (`services.intake`, `shared.auth`, `tools.cli`...),
    the arrows that run the wrong way, the parts that import each other, and the cycles of
    modules."""
    root = (tree or Path.cwd()).resolve()
    if not all((root / p).is_dir() for p in ("shared", "services")):
        raise typer.BadParameter(f"{root} holds no shared/ and services/", param_hint="--tree")
    # A child process, so the graph is of ``root``'s files and not of what this process has
    # already imported (the installed checkout).
    out = subprocess.run(
        [sys.executable, "-c", _PROGRAM, *PACKAGES],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        typer.echo(out.stderr.strip(), err=True)
        raise typer.Exit(1)
    graph = json.loads(out.stdout)
    report = describe(graph["edges"], graph["cycles"])
    if as_json:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    typer.echo(f"import graph of {root}")
    for part, targets in report["parts"].items():
        typer.echo(f"  {part} -> {', '.join(targets) if targets else '(nothing)'}")
    typer.echo(f"wrong-way arrows: {len(report['wrong_way'])}")
    for line in report["wrong_way"]:
        typer.echo(f"  {line}")
    typer.echo(f"parts that import each other: {len(report['mutual'])}")
    for line in report["mutual"]:
        typer.echo(f"  {line}")
    typer.echo(f"cycles of modules: {len(report['cycles'])}")
    for cycle in report["cycles"]:
        typer.echo(f"  {' -> '.join([*cycle, cycle[0]])}")


def part_of(module: str) -> str:
    """``services.intake.api.commands`` -> ``services.intake``; ``tools`` alone -> ``tools``."""
    return ".".join(module.split(".")[:2])


def describe(edges: list[list[str]], cycles: list[list[str]]) -> dict[str, Any]:
    parts: dict[str, set[str]] = defaultdict(set)
    wrong: dict[tuple[str, str], int] = defaultdict(int)  # (part, part) -> modules' imports
    for importer, imported in edges:
        a, b = part_of(importer), part_of(imported)
        parts[a]  # a part that imports nothing of the others is still listed
        if a == b:
            continue
        parts[a].add(b)
        top_a, top_b = a.split(".")[0], b.split(".")[0]
        if RANK[top_a] < RANK[top_b] or top_a == top_b == "services":
            wrong[a, b] += 1
    mutual = sorted(
        f"{a} <-> {b}" for a in parts for b in parts[a] if a < b and a in parts.get(b, ())
    )
    return {
        "parts": {p: sorted(parts[p]) for p in sorted(parts)},
        "mutual": mutual,
        "wrong_way": [
            f"{a} -> {b} ({_why(a, b)}; {n} import{'s' if n > 1 else ''})"
            for (a, b), n in sorted(wrong.items())
        ],
        "cycles": cycles,
    }


def _why(a: str, b: str) -> str:
    top_a, top_b = a.split(".")[0], b.split(".")[0]
    return "a service imports another" if top_a == top_b else f"{top_a} imports {top_b}"


# Run in the child: the module graph as edges, and each cycle once: an import a -> b closes
# one when a chain leads from b back to a (grimp finds the shortest).
_PROGRAM = """
import importlib.util, json, sys
import grimp

# Only the tree on PYTHONPATH: an editable install's finder would answer for a package that
# tree lacks with this checkout's (an old tree has no tools/).
sys.meta_path = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
packages = [p for p in sys.argv[1:] if importlib.util.find_spec(p)]
graph = grimp.build_graph(*packages)
edges, cycles, seen = [], [], set()
for a in sorted(graph.modules):
    for b in sorted(graph.find_modules_directly_imported_by(a)):
        edges.append([a, b])
        chain = graph.find_shortest_chain(importer=b, imported=a)
        if chain and frozenset(chain) not in seen:
            seen.add(frozenset(chain))
            cycles.append([a, *chain[:-1]])
print(json.dumps({"edges": edges, "cycles": cycles}))
"""
