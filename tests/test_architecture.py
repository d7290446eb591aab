"""The floors of docs/architecture.md against the imports: every import points
down, and every module of the package has its place in the diagram."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "provenance"
DIAGRAM = ROOT / "docs" / "architecture.md"
MARKER = "<!-- floors:"


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``name`` imports anywhere in its file
    (inside functions and ``TYPE_CHECKING`` blocks too): ``from x import y``
    counts as importing ``x.y`` when that is a module, else ``x``."""
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in known else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in known and m != name}


def floors(text: str) -> list[tuple[str, list[str]]]:
    """The diagram's floors, bottom first: ``(entry, members)`` where a
    subpackage's entry ends in ``/`` and its members are listed lowest first."""
    block = text.split(MARKER, 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    out = []
    for line in block.splitlines():
        if line.strip():
            names = re.split(r" {2,}", line.strip())[0].split()
            out.append((names[0], names[1:]))
    return out[::-1]


def ranks(diagram: list[tuple[str, list[str]]]) -> dict[str, tuple[int, int]]:
    """Each module's place: ``(floor, position on it)``; a subpackage's
    ``__init__`` above its members and ``__main__`` above that."""
    out = {}
    for floor, (entry, members) in enumerate(diagram):
        if entry == "provenance":
            out["provenance"] = (floor, 0)
            continue
        package = "provenance." + entry.rstrip("/")
        out[package] = (floor, len(members))
        for k, member in enumerate(members):
            out[f"{package}.{member}"] = (floor, len(members) + 1 if member == "__main__" else k)
    return out


def upward(graph: dict[str, set[str]], rank: dict[str, tuple[int, int]]) -> list[str]:
    """The imports that do not point down: to a floor above, or on one floor
    to a module not to the importer's left."""
    bad = []
    for name, targets in sorted(graph.items()):
        for target in sorted(targets):
            (floor, pos), (t_floor, t_pos) = rank[name], rank[target]
            if t_floor > floor or (t_floor == floor and t_pos >= pos):
                bad.append(f"{name} imports {target}")
    return bad


@pytest.fixture(scope="module")
def layout():
    found = modules()
    graph = {name: imports(name, path, set(found)) for name, path in found.items()}
    return found, graph, ranks(floors(DIAGRAM.read_text(encoding="utf-8")))


def test_every_module_has_a_floor_and_every_floor_a_module(layout):
    found, _, rank = layout
    assert sorted(set(found) - set(rank)) == []  # a module the diagram does not place
    assert sorted(set(rank) - set(found)) == []  # an entry naming no module


def test_every_import_points_down(layout):
    _, graph, rank = layout
    assert upward(graph, rank) == []


def test_the_model_and_the_version_import_nothing_of_ours(layout):
    _, graph, _ = layout
    model = {name: targets for name, targets in graph.items() if name.startswith("provenance.model")}
    assert all(t.startswith("provenance.model") for targets in model.values() for t in targets)
    assert graph["provenance.version"] == set()


def test_the_check_finds_an_upward_import(layout):
    # The checks above could pass by seeing no imports at all: the model's
    # real imports are seen, and one pointing up is reported.
    _, graph, rank = layout
    assert "provenance.model.documents" in graph["provenance.model.findings"]
    assert "provenance.stages" in graph["provenance.engine.tasks"]
    bent = {name: set(targets) for name, targets in graph.items()}
    bent["provenance.model.documents"].add("provenance.align")
    bent["provenance.boilerplate.lines"].add("provenance.boilerplate.merge")
    assert upward(bent, rank) == [
        "provenance.boilerplate.lines imports provenance.boilerplate.merge",
        "provenance.model.documents imports provenance.align",
    ]


def test_relative_imports_are_resolved(tmp_path):
    init = tmp_path / "__init__.py"
    init.write_text("from . import a\nfrom .b import thing\n", encoding="utf-8")
    module = tmp_path / "a.py"
    module.write_text(
        "from ..model import Span\nfrom . import b\n\ndef f():\n    from ..align import x\n", encoding="utf-8"
    )
    known = {
        "provenance.lineage",
        "provenance.lineage.a",
        "provenance.lineage.b",
        "provenance.model",
        "provenance.align",
    }
    assert imports("provenance.lineage", init, known) == {"provenance.lineage.a", "provenance.lineage.b"}
    assert imports("provenance.lineage.a", module, known) == {
        "provenance.model",
        "provenance.lineage.b",
        "provenance.align",
    }
