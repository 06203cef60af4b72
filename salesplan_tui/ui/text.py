"""Provides the one way user text reaches the screen: as plain text, never as markup or terminal control."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content

from salesplan_tui.core.base.money_text import short_money
from salesplan_tui.core.base.visible import visible
from salesplan_tui.core.base.words import plural as agreeing

if TYPE_CHECKING:
    from salesplan_tui.core.pipeline.moves import Totals


def shown(text: object, style: str = "", *, multiline: bool = False) -> Content:
    """User text for a label, option, title or message: '[/b] plan' shows as typed, an ESC as ␛."""
    content = Content(visible(str(text), multiline=multiline))
    return content.stylize(style) if style else content


def assemble(*parts: Content | str | tuple[str, str]) -> Content:
    """A line or block built from pieces, none read as markup and none able to send a control character to the
    terminal, wherever the piece came from: Content kept as is, strings and (text, style) pairs made visible."""
    safe: list[Content | str | tuple[str, str]] = []
    for part in parts:
        if isinstance(part, tuple):
            safe.append((visible(part[0], multiline=True), part[1]))
        elif isinstance(part, str):
            safe.append(visible(part, multiline=True))
        else:
            safe.append(part)
    return Content.assemble(*safe)


def plain(text: str, style: str = "") -> Text:
    """User text as a rich Text (tree labels, table cells): '[TODO] Q3 plan' shows exactly as typed, an ESC as ␛."""
    return Text(visible(str(text)), style=style, no_wrap=False, end="")


def join(*parts: Text | str | tuple[str, str]) -> Text:
    """Builds a line from pieces: Text kept as is, (text, style) pairs and plain strings, none read as markup."""
    out = Text(end="")
    for part in parts:
        if isinstance(part, Text):
            out.append_text(part)
        elif isinstance(part, tuple):
            out.append(visible(part[0]), style=part[1])
        else:
            out.append(visible(part))
    return out


def bar(progress: float, width: int = 10) -> str:
    filled = round(max(0.0, min(1.0, progress)) * width)
    return "█" * filled + "░" * (width - filled)


def plural(count: int, word: str) -> str:
    return agreeing(count, word)  # the one helper, shared with the core and the CLI


def money_of(totals: Totals, *, weighted: bool = False) -> str:
    """A total per currency, never one added into another: '$1.2M', '$1.2M + €58k', or '€58k' alone."""
    parts = [t for t in (totals, *totals.others) if t is not totals or t.value or not totals.others]
    return " + ".join(money(t.weighted if weighted else t.value, t.currency) for t in parts)


def money(value: float, currency: str = "USD") -> str:
    """An amount as a card or a total says it: '$1.2M', '€58k', '$1.0T', 'CHF 950' (the one formatter, in core)."""
    return short_money(value, currency)
