"""Provides `python -m salesplan_tui`, the same as the `salesplan` command."""

from salesplan_tui.cli import main

main()
