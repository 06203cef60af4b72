"""Tests that the command line imports only what it runs: the app and each command load no other command's module."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click

from salesplan_tui.cli.lazy_group import COMMANDS
from salesplan_tui.cli.main import cli

COMMAND_MODULES = {f"salesplan_tui.cli.{module}" for module, _ in COMMANDS.values()}


def modules_after_running(*args: str) -> set[str]:
    """The modules a fresh interpreter holds once `salesplan ARGS` has run (whatever its exit code)."""
    code = ("import json, sys\nfrom salesplan_tui.cli.main import main\nsys.argv = ['salesplan', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\nprint(json.dumps(sorted(sys.modules)), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, timeout=60)
    return set(json.loads(done.stderr.splitlines()[-1]))


def test_every_command_named_is_the_command_its_module_defines() -> None:
    for name, (module, attr) in COMMANDS.items():
        command = cli.get_command(click.Context(cli), name)
        assert isinstance(command, click.Command) and command.name == name, (name, module, attr)


def test_the_help_lists_every_command_and_no_other() -> None:
    assert cli.list_commands(click.Context(cli)) == sorted(COMMANDS)


def test_importing_the_entry_point_and_the_app_loads_no_command_module() -> None:
    code = ("import json, sys, salesplan_tui.cli.main, salesplan_tui.ui.app\n"
            "print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert COMMAND_MODULES & set(json.loads(done.stdout)) == set()


def test_add_loads_its_own_command_module_and_no_other(tmp_path: Path) -> None:
    loaded = modules_after_running("add", "By Friday I'll call Dana at Northwind to confirm the budget.",
                                   "--today", "2026-11-23", "--db", str(tmp_path / "w.json"))
    assert (tmp_path / "w.json").exists()  # it ran, and wrote
    assert COMMAND_MODULES & loaded == {"salesplan_tui.cli.coach"}


def test_an_unknown_command_is_answered_with_the_near_name_of_one_not_yet_loaded() -> None:
    done = subprocess.run([sys.executable, "-m", "salesplan_tui", "ad"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("salesplan: No such command 'ad'")
    if hasattr(click.exceptions, "NoSuchCommand"):  # click 8.4+ suggests
        assert "Did you mean 'add'?" in done.stderr
