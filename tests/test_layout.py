"""The package's layout holds: modules stay short, imports follow the flow of a report and form
no cycle, every module imports."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipelines"
MAX_LINES = 500
LONGER_ALLOWED: set[str] = set()  # none: facts.py was split into passes (issue 9)

# The stages in the order a report goes through them: a stage imports only from itself, earlier
# stages and the shared top-level modules (the types, the contracts, the errors, the settings).
FLOW = ["ingest", "text", "extract", "validate", "load", "transform", "publish"]
SHARED = {"pipelines.model", "pipelines.contracts", "pipelines.errors", "pipelines.settings"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The project module an imported name refers to (a module, or the module holding the name)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path) -> set[str]:
    """Every project module that ``module`` imports, at the top or inside a function."""
    found = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            names = [f"{base}.{a.name}" for a in node.names] + [base]
        else:
            continue
        for name in names:
            if name == "pipelines" or name.startswith("pipelines."):
                target = _resolve(name)
                if target and target != module and target != "pipelines":
                    found.add(target)
    return found


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def test_no_module_is_longer_than_the_limit():
    too_long = {}
    for path in MODULES.values():
        rel = str(path.relative_to(PACKAGE.parent))
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_LINES and rel not in LONGER_ALLOWED:
            too_long[rel] = n
    assert not too_long, f"modules over {MAX_LINES} lines: {too_long}"


def test_the_project_modules_import_no_cycle():
    state: dict[str, str] = {}
    cycles = []

    def visit(module: str, stack: list[str]) -> None:
        state[module] = "open"
        for target in sorted(GRAPH[module]):
            if state.get(target) == "open":
                cycles.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target, stack + [target])
        state[module] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) >= 2 and parts[1] in FLOW else None


def test_imports_follow_the_flow_of_a_report():
    against = []
    for module, targets in GRAPH.items():
        stage = _stage(module)
        if stage is None:
            continue
        for target in targets:
            other = _stage(target)
            if other is None and target not in SHARED:
                against.append(f"{module} imports {target} (not a stage, not shared)")
            elif other is not None and FLOW.index(other) > FLOW.index(stage):
                against.append(f"{module} imports {target} (a later stage)")
    assert not against, "\n".join(sorted(against))


def test_ingest_is_bytes_only():
    later = ("text", "extract", "validate", "load", "transform", "publish", "defs")
    bad = sorted(
        f"{module} -> {target}"
        for module, targets in GRAPH.items() if module.startswith("pipelines.ingest")
        for target in targets if target.split(".")[1] in later or target in ("pipelines.runner", "pipelines.cli")
    )
    assert not bad, bad


def test_the_graph_sees_the_imports():
    # the test above would pass vacuously if the parser missed imports
    assert "pipelines.text.normalize" in GRAPH["pipelines.text.document"]
    assert "pipelines.settings" in GRAPH["pipelines.publish.marts"]  # from pipelines import settings
    assert "pipelines.runner" in GRAPH["pipelines.cli"]  # an import inside a function counts


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_imports(module):
    importlib.import_module(module)
