"""Provides `python -m salesplan_tui`, the same as the `salesplan` command."""

from .cli import main

main()
