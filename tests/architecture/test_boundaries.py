"""The layering STYLE.md asks for, checked on the source: shared helpers below everything, no layer importing
the application, one reader of the environment, no import circles, nothing heavy loaded at import."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGES = ("common", "callqa", "flows", "scoring", "transcripts", "storage")
LOWER = ("transcripts", "scoring", "storage")


def modules() -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(REPO).with_suffix("").parts
            yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def imports(path: Path) -> set[str]:
    """Project modules a file imports anywhere: at the top, inside functions (lazy) or for type checking."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
            elif hasattr(node, "body"):
                visit([n for n in ast.iter_child_nodes(node) if isinstance(n, ast.stmt)])

    visit(tree.body)
    return {name for name in found if name.split(".")[0] in PACKAGES}


MODULES = dict(modules())


@pytest.mark.parametrize("name", [n for n in MODULES if n.split(".")[0] == "common"])
def test_common_imports_nothing_of_the_project(name: str) -> None:
    assert {i for i in imports(MODULES[name]) if not i.startswith("common")} == set()


@pytest.mark.parametrize("name", [n for n in MODULES if n.split(".")[0] in LOWER])
def test_lower_layers_never_import_the_application(name: str) -> None:
    bad = {i for i in imports(MODULES[name]) if i.split(".")[0] in ("callqa", "flows")}
    assert bad == set(), f"{name} imports {sorted(bad)}: pass what it needs as parameters (STYLE.md)"


def test_only_config_reads_the_environment() -> None:
    readers = sorted(name for name, path in MODULES.items()
                     if name != "callqa.config" and ("os.environ" in (text := path.read_text(encoding="utf-8"))
                                                     or "getenv(" in text))
    assert readers == [], "read settings in callqa/config.py and pass them down"


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        targets = set()
        for imported in imports(path):  # lazy imports too: a circle is a circle
            while imported and imported not in MODULES:  # `from pkg import name` names a module or an attribute
                imported = imported.rpartition(".")[0]
            if imported and imported != name and not name.startswith(imported + "."):
                targets.add(imported)  # a module's own packages are initialised before it, never a circle
        graph[name] = targets
    return graph


def test_no_import_circles() -> None:
    graph, done, cycles = _graph(), set(), []

    def walk(node: str, stack: list[str]) -> None:
        if node in stack:
            cycles.append([*stack[stack.index(node):], node])
            return
        if node in done:
            return
        for nxt in sorted(graph.get(node, ())):
            walk(nxt, [*stack, node])
        done.add(node)

    for start in sorted(graph):
        walk(start, [])
    assert cycles == []


@pytest.mark.parametrize("module", ["callqa.web.app", "callqa.cli", "callqa.commands.audit", "flows.nightly"])
def test_importing_loads_no_model(module: str) -> None:
    """The web app and the reading commands start in well under a second: no ONNX tagger, no Whisper."""
    code = (f"import sys, {module}; heavy = [m for m in ('onnxruntime', 'faster_whisper', 'ctranslate2', 'torch') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "[]", out.stdout
