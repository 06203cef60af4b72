"""Provides `python -m salesplan_tui`, the same as the `salesplan` command."""

from salesplan_tui.cli.main import main

main()
