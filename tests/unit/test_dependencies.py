"""Tests the declared dependencies: each run-time one is imported by salesplan's own code, and TinyDB is not."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imported_distributions() -> set[str]:
    """The distributions whose top-level modules the package imports (at run time or for type checking)."""
    modules: set[str] = set()
    for path in (ROOT / "salesplan_tui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module.split(".")[0])
    owners = packages_distributions()
    return {dist.lower().replace("_", "-") for module in modules for dist in owners.get(module, [])}


def test_every_runtime_dependency_is_imported_by_the_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {_name(r) for r in project["dependencies"]}
    unused = declared - _imported_distributions()
    assert unused == set(), f"declared at run time but imported by no module of salesplan_tui: {sorted(unused)}"


def test_tinydb_is_for_the_tests_only() -> None:
    """The file stays TinyDB's (tests/unit/test_storage_tinydb.py opens it with TinyDB), but salesplan reads and
    writes it itself, so TinyDB is a test dependency."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "tinydb" not in {_name(r) for r in project["dependencies"]}
    assert "tinydb" in {_name(r) for r in project["optional-dependencies"]["test"]}
    assert "tinydb" not in _imported_distributions()
