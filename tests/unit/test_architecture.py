"""Tests the architecture: the domain core never imports Textual, and every module says what it provides."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

PACKAGE = Path(__file__).resolve().parents[2] / "salesplan_tui"
CORE = PACKAGE / "core"


def test_core_modules_do_not_import_textual() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(PACKAGE)}: {n}" for n in names if n.split(".")[0] == "textual"]
    assert offenders == []


def test_import_linter_contracts_are_kept() -> None:
    """The contracts in pyproject.toml: no Textual in the core; the CLI and the UI sit on the core; the core's
    packages form one stack."""
    result = subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports; "
                             "raise SystemExit(lint_imports(no_cache=True))"],
                            capture_output=True, text=True, cwd=PACKAGE.parent)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    contracts = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    assert len(contracts) >= 3 and f"{len(contracts)} kept, 0 broken" in result.stdout


def test_no_module_imports_itself_through_others() -> None:
    """No import cycle anywhere in the package, counting imports made only for type checking."""
    graph = grimp.build_graph("salesplan_tui")
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    assert cycles == []


def test_importing_the_core_and_cli_does_not_load_textual() -> None:
    code = ("import sys, salesplan_tui.cli.main, salesplan_tui.core.plan.rules, salesplan_tui.core.coach, "
            "salesplan_tui.core.exchange.workspace_json, salesplan_tui.core.exchange.demo; print('textual' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_every_module_starts_with_a_one_line_docstring() -> None:
    missing = []
    for path in PACKAGE.rglob("*.py"):
        doc = ast.get_docstring(ast.parse(path.read_text()))
        if not doc or "\n" in doc.split("\n\n")[0].strip():
            missing.append(str(path.relative_to(PACKAGE)))
    assert missing == []
