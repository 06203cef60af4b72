"""Provides the workspace file's layout: TinyDB's tables of records, written one record a line, and reading it back.

A file this app wrote looks like this (tables in name order, records in id order, each record compact JSON):

    {
      "_meta": {
        "1": {"name":"My sales plan","schema_version":3,"created_at":"2026-11-23T09:00:00Z"}
      },
      "actions": {
        "1": {"archived":false,"owner":"me",...},
        "2": {"archived":false,"owner":"me",...}
      },
      "deals": {}
    }

It is plain JSON (any tool, TinyDB included, reads it). One record a line lets a write reuse the text of every
record it did not change, and lets the reader find each record's text without parsing the whole file first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

RECORD_INDENT = b'    "'
TABLE_INDENT = b'  "'


def record_line(record_id: int, text: bytes) -> bytes:
    """A record's line (without the comma that may follow it): `    "12": {...}`."""
    return b'    "%d": %s' % (record_id, text)


def text_of(line: bytes) -> bytes:
    """The record's JSON in its line."""
    return line[line.index(b'": ', len(RECORD_INDENT)) + 3:]


def render(tables: Mapping[str, Iterable[bytes]]) -> bytes:
    """The whole file from each table's record lines (already in id order); tables are written in name order."""
    parts = [b"{\n"]
    names = sorted(tables)
    for n, name in enumerate(names):
        lines = list(tables[name])
        comma = b"," if n < len(names) - 1 else b""
        if lines:
            parts += [b'%s%s": {\n' % (TABLE_INDENT, name.encode()), b",\n".join(lines), b"\n  }%s\n" % comma]
        else:
            parts.append(b'%s%s": {}%s\n' % (TABLE_INDENT, name.encode(), comma))
    parts.append(b"}\n")
    return b"".join(parts)


@dataclass
class Split:
    """A file in this layout, cut into its tables and each table's record lines by id (no JSON parsed yet); with
    `blocks`, a table's lines are left as one block of text, cut up only when a record of it is needed."""

    tables: dict[str, dict[int, bytes]]
    blocks: dict[str, bytes]


def split(raw: bytes, *, blocks: bool = False) -> Split | None:
    """Cuts a file written in this layout into record lines; None when it is in any other shape (written by hand, by
    another tool or by an older salesplan), which is then read as JSON the ordinary way.

    The check is exact (every brace, comma and indent where `render` puts it, ids as plain numbers, none twice), so a
    file accepted here is valid JSON that means exactly its tables of lines, provided each line's record is one JSON
    object: that, and what it holds, is checked later, record by record, by the models.

    `blocks` is for a file this salesplan sealed (its own last write): each table but "_meta" is kept as the block of
    its lines, which `records_of` cuts (and checks) when a record of it is first needed.
    """
    if not raw.startswith(b"{\n") or not raw.endswith(b"\n}\n"):
        return None
    tables: dict[str, dict[int, bytes]] = {}
    kept: dict[str, bytes] = {}
    end = len(raw) - 2  # where the closing brace of the file starts
    pos = 2
    while pos < end:
        head_end = raw.find(b"\n", pos)
        head = raw[pos:head_end]
        name_end = head.find(b'": {', 3)
        name = head[3:name_end]
        if not head.startswith(TABLE_INDENT) or name_end < 0 or not name or name.translate(None, _NAME_CHARS):
            return None
        table = name.decode()
        if table in tables or table in kept:
            return None
        rest = head[name_end + 4:]
        if rest in (b"}", b"},"):  # an empty table, on one line
            records: dict[int, bytes] | None = {}
            closing, pos = rest, head_end + 1
        elif rest == b"":
            close = raw.find(b"\n  }", head_end)
            if close < 0:
                return None
            if blocks and table != "_meta":
                records, kept[table] = None, raw[head_end + 1:close]
            else:
                records = _records(raw, head_end + 1, close)
                if records is None:
                    return None
            close_end = raw.find(b"\n", close + 1)
            closing, pos = raw[close + 3:close_end], close_end + 1
        else:
            return None
        if closing not in (b"}", b"},") or (closing == b"},") != (pos < end):
            return None
        if records is not None:
            tables[table] = records
    return Split(tables, kept) if pos == end else None


def records_of(block: bytes) -> dict[int, bytes] | None:
    """A table's record lines by id from its block (see `split`); None when the block is not in this layout."""
    return _records(block, 0, len(block))


def last_id(block: bytes) -> int | None:
    """The id of a block's last record, the highest (`render` writes ids in order), without cutting the block up."""
    comma = block.rfind(b",\n")
    line = block[comma + 2:] if comma >= 0 else block
    key = line[5:line.find(b'": ', 5)]
    return int(key) if line.startswith(RECORD_INDENT) and key.isdigit() else None


_NAME_CHARS = b"abcdefghijklmnopqrstuvwxyz_"


def _records(raw: bytes, start: int, end: int) -> dict[int, bytes] | None:
    """A table's record lines by id, from the text between its braces (cut straight out of the file: no copy of the
    table is made first); None unless each line is `    "ID": {...}` and every line but the last ends with a comma."""
    records: dict[int, bytes] = {}
    count, pos = 0, start
    while True:
        comma = raw.find(b",\n", pos, end)
        line = raw[pos:end if comma < 0 else comma]
        key_end = line.find(b'": ', 5)
        key = line[5:key_end]
        if not (line.startswith(RECORD_INDENT) and key.isdigit() and line.endswith(b"}")) or (key[0] == 48 and len(key) > 1):
            return None  # ids are written "7", never "07", "+7" or " 7"
        records[int(key)] = line
        count += 1
        if comma < 0:
            break
        pos = comma + 2
    # Every line break is one of the commas' (a line without its comma would hide in the line before it); no id twice.
    return records if raw.count(b"\n", start, end) == count - 1 and len(records) == count else None
