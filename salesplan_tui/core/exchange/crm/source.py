"""Provides reading a CRM export as a stream of CSV rows: its encoding (BOM, UTF-8, Windows-1252) within stated limits."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from typing import BinaryIO

from salesplan_tui.core.exchange.crm.values import BadValue

LIMIT = 50_000_000  # bytes: about 200,000 deals; a CRM export of deals is rarely a tenth of it
LINE_LIMIT = 1_000_000  # characters in one line of the file
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
        (codecs.BOM_UTF8, "utf-8", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"))
NEITHER = ("is not UTF-8, UTF-16, UTF-32 or Windows-1252 text (a Japanese or other legacy encoding?); "
           "save it as CSV UTF-8 and import that")


def read_table(source: bytes | BinaryIO, limit: int = LIMIT) -> tuple[Iterator[list[str]], str]:
    """The file's rows (read as they are asked for) and the name of its encoding.

    The encoding is its byte-order mark's (UTF-8, UTF-16 or UTF-32, either order); without one, UTF-16 when every
    other byte of the start is 0 (Excel's "Unicode text" saved without its mark), else UTF-8, else Windows-1252 when
    the bytes read so and are not Shift-JIS. Raises BadValue (one line, "the file …") for a file past `limit` bytes,
    a line past LINE_LIMIT characters, a cell past csv's 131,072, text of no such encoding, or broken CSV.
    """
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    start = stream.tell()
    head = stream.read(4096)
    if not head.strip():
        return iter(()), "UTF-8"
    for bom, codec, label in BOMS:
        if head.startswith(bom):
            return _rows(stream, start + len(bom), codec, limit), label
    if b"\x00" in head:
        pairs = head[: len(head) // 2 * 2]
        if pairs[1::2].count(0) > len(pairs) // 3 and not pairs[0::2].count(0):
            return _rows(stream, start, "utf-16-le", limit), "UTF-16 LE (no byte-order mark)"
        if pairs[0::2].count(0) > len(pairs) // 3 and not pairs[1::2].count(0):
            return _rows(stream, start, "utf-16-be", limit), "UTF-16 BE (no byte-order mark)"
        raise BadValue("holds NUL bytes: it is not a text file")
    if _valid(stream, start, "utf-8", limit):
        return _rows(stream, start, "utf-8", limit), "UTF-8"
    if _valid(stream, start, "cp1252", limit) and not _shift_jis(stream, start, limit):
        return _rows(stream, start, "cp1252", limit), "Windows-1252"
    raise BadValue(NEITHER)


def _valid(stream: BinaryIO, start: int, codec: str, limit: int) -> bool:
    """Whether the whole file decodes in the codec (read in chunks: never all of it at once)."""
    stream.seek(start)
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        while chunk := stream.read(1 << 16):
            if stream.tell() - start > limit:
                raise BadValue(_too_large(limit))
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _shift_jis(stream: BinaryIO, start: int, limit: int) -> bool:
    """Whether bytes that are not UTF-8 read as Shift-JIS with Japanese in them (which Windows-1252 would garble)."""
    if not _valid(stream, start, "cp932", limit):
        return False
    stream.seek(start)
    sample = stream.read(1 << 16).decode("cp932", errors="ignore")
    return len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff\uff01-\uff5e]", sample)) >= 2


def _rows(stream: BinaryIO, start: int, codec: str, limit: int) -> Iterator[list[str]]:
    stream.seek(start)
    text = io.TextIOWrapper(stream, encoding=codec, errors="strict", newline="")
    lines = _lines(stream, text, limit)
    try:  # the header is read here too: a file damaged in its first line is one line, not a codec's words
        first = next(lines, "")
        outside = re.sub(r'"[^"]*"', "", first)  # delimiters inside quoted headers do not count
        delimiter = max(",;\t", key=outside.count)
        reader = csv.reader(_chain(first, lines), delimiter=delimiter, strict=True)
        yield from reader
    except csv.Error as e:
        raise BadValue(f"is not readable as CSV at line {reader.line_num} ({e})") from None
    except UnicodeDecodeError:
        raise BadValue(f"does not read as {codec.upper()} text all through, as its start says it is (cut short or "
                       "damaged?); save it again as CSV UTF-8 and import that") from None
    finally:
        text.detach()


def _lines(stream: BinaryIO, text: io.TextIOWrapper, limit: int) -> Iterator[str]:
    number = 0
    while line := text.readline(LINE_LIMIT):
        number += 1
        if len(line) >= LINE_LIMIT and not line.endswith(("\n", "\r")):
            raise BadValue(f"has a line longer than {LINE_LIMIT:,} characters (line {number}): it is not a CRM export")
        if stream.tell() > limit:
            raise BadValue(_too_large(limit))
        yield line


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    if first:
        yield first
    yield from rest


def _too_large(limit: int) -> str:
    return f"is larger than {limit // 1_000_000} MB: export only the deals' columns, or split it"
