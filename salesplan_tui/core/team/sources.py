"""Provides which files a roll-up reads: each file named, and the workspaces and exports in each folder named."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SUFFIX = ".json"
# Folders salesplan keeps beside a workspace: old copies and captured actions, never a rep of their own.
BESIDE = (".backups", ".inbox")


@dataclass(frozen=True)
class Source:
    """One file to read, as the manager named it or as found in a folder; `problem` when it cannot even be listed."""

    path: Path
    problem: str | None = None


def gather(given: Sequence[Path]) -> list[Source]:
    """The files to read, in the order given: a folder gives its *.json files and those of its subfolders (a synced
    drive with one folder per rep), sorted by name; a file is taken as it is. Nothing is created or opened for writing.

    A name that is not there, or a folder that cannot be listed or holds no JSON file, is a Source with its problem,
    so it is one line of the roll-up and the others are still read.
    """
    found: list[Source] = []
    seen: set[Path] = set()  # each file once, however many ways it was reached
    for path in given:
        for source in _expand(path):
            key = Path(os.path.realpath(source.path))  # a linked folder (alex → .) gives the same rep once, not twice
            if key not in seen:
                seen.add(key)
                found.append(source)
    return found


def _expand(path: Path) -> list[Source]:
    try:
        if not path.is_dir():
            return [Source(path) if path.exists() or path.is_symlink() else Source(path, "there is no such file or folder")]
        files = _json_files(path)
        folders = sorted(p for p in path.iterdir() if _rep_folder(p))
    except OSError as e:
        return [Source(path, f"cannot be listed ({e.strerror or e})")]
    for folder in folders:
        try:
            files += _json_files(folder)
        except OSError as e:  # one rep's folder kept private: that one line, and every other rep still read
            files.append(Source(folder, f"cannot be listed ({e.strerror or e})"))
    return files or [Source(path, f"holds no {SUFFIX} file (a workspace or a `salesplan export --format json`)")]


def _json_files(folder: Path) -> list[Source]:
    return [Source(p) for p in sorted(folder.iterdir()) if p.name.endswith(SUFFIX) and not p.name.startswith(".")
            and not p.is_dir()]


def _rep_folder(path: Path) -> bool:
    return path.is_dir() and not path.name.startswith(".") and not path.name.endswith(BESIDE)
