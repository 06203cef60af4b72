"""Provides a deal's card on the board: account, deal, value, close date, the next two steps and its flags."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from salesplan_tui.core.dates.day_words import describe
from salesplan_tui.core.model.records import Action, Deal, Stage, StageKind
from salesplan_tui.core.pipeline.step_flags import needs_step
from salesplan_tui.core.plan.rules import deal_flags, open_steps
from salesplan_tui.ui.text import assemble, money, shown

REASON_LENGTH = 80  # characters of a lost reason on a card: a few lines of a closed column; the deal shows it all

FLAG_TEXT = {
    "deal_next_steps": "⚑ <2 next steps",
    "overdue_action": "⚑ step overdue",
    "deal_stale": "⚑ stale",
    "deal_close_past": "⚑ close date passed",
}


def card(deal: Deal, account: str, steps: Sequence[Action], stage: Stage | None, today: dt.date) -> Content:
    """A few lines of plain text for one deal; user text is never read as markup."""
    flags = deal_flags(deal, steps, stage, today)
    is_open = stage is None or stage.kind == StageKind.OPEN  # a closed deal is never late
    upcoming = open_steps(steps)[:2]
    lines: list[str | tuple[str, str] | Content] = [
        shown(account, "bold $accent"), "\n", shown(deal.title), "\n",
        (money(deal.value, deal.currency), "bold"), ("  close " if is_open else "  closed ", "dim"),
        (describe(deal.expected_close, today, late=is_open),
         "$error" if "deal_close_past" in flags else ""),
    ]
    if deal.close_slips:
        lines.append((f"  slipped {len(deal.close_slips)}×", "$warning"))
    for n, step in enumerate(upcoming, 1):
        late = step.due < today
        who = step.owner
        lines += ["\n", (f" {n}. ", "dim"), shown(step.outcome), (" · ", "dim"), shown(who, "$secondary"),
                  (" · ", "dim"), (("⚠ " if late else "") + describe(step.due, today, late=False), "$error" if late else "dim")]
    if not upcoming and stage is not None and stage.kind == "open":
        lines += ["\n", (" no next step: press n", "$warning")]
    shown_flags = [FLAG_TEXT[f] for f in flags if f in FLAG_TEXT]
    if needs_step(deal, steps):  # a CRM's next step the coach refused, kept as a note: enter, then p plans it
        shown_flags.append("⚑ noted step not yet a plan")
    if shown_flags:
        lines += ["\n", (" ".join(shown_flags), "bold $warning")]
    if deal.lost_reason:
        lines += ["\n", ("lost: ", "dim"), shown(cut(deal.lost_reason))]
    return assemble(*lines)


def card_prompt(deal: Deal, account: str, steps: Sequence[Action], stage: Stage | None, today: dt.date) -> CardVisual:
    """A deal's card as the board lists it: the card, then a dashed line as wide as its column."""
    return CardVisual(card(deal, account, steps, stage, today))


class CardVisual(Visual):
    """A card followed by a dashed rule drawn to the width it is given: a fixed run of dashes wrapped onto a second
    line in the narrow columns of an 80-column terminal."""

    RULE = "╌"
    RULE_STYLE = "$panel-lighten-2"

    def __init__(self, content: Content) -> None:
        self.content = content

    def __str__(self) -> str:
        return str(self.content)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        strips = self.content.render_strips(width, None, style, options)
        rule = Content.styled(self.RULE * width, self.RULE_STYLE).render_strips(width, 1, style, options)
        drawn = [*strips, *rule]
        return drawn if height is None else drawn[:height]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.content.get_height(rules, width) + 1


def cut(text: str, length: int = REASON_LENGTH) -> str:
    """The text on one line, cut at a word with "…" when it is longer than length; the deal screen shows it whole."""
    said = " ".join(text.split())
    if len(said) <= length:
        return said
    head = said[:length - 1]
    return (head.rsplit(" ", 1)[0] if " " in head[length // 2:] else head) + "…"
