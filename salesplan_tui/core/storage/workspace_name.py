"""Provides the workspace's name read from the head of its file, for the first frame before the file is opened."""

from __future__ import annotations

import json
import re
from pathlib import Path

from salesplan_tui.core.base.visible import visible

NAME_PEEK_BYTES = 4096
_NAME = re.compile(r'"_meta"\s*:\s*\{\s*"1"\s*:\s*\{[^{}]*?"name"\s*:\s*("(?:[^"\\]|\\.)*")')


def peek_name(path: Path) -> str:
    """The workspace's name for the first frame, from the head of the file (the file is written with "_meta" first).

    Nothing is validated here: a broken file is reported, in one line, when the workspace is opened.
    """
    fallback = visible(path.stem.replace("_", " ").replace("-", " "))
    try:
        with open(path, "rb") as handle:
            head = handle.read(NAME_PEEK_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return fallback
    found = _NAME.search(head)
    if not found:
        return fallback
    try:
        return visible(str(json.loads(found.group(1)))) or fallback
    except ValueError:
        return fallback
