"""Provides the `salesplan` command line: `main.py` is the group and its entry point, each other module a family."""
