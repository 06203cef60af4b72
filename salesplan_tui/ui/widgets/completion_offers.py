"""Provides CompletionOffers: the coach's offers under a refusal, numbered, each completing the answer with one key."""

from __future__ import annotations

from time import monotonic

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from salesplan_tui.core.coach.completions import Completion
from salesplan_tui.ui.actions import BY_ID, bindings, for_scope, key_label
from salesplan_tui.ui.text import assemble, shown
from salesplan_tui.ui.widgets.text_box import TextBox

PART = {"commitment": "promise", "owner": "who", "target": "whom", "outcome": "result", "due": "by"}
# A pick key pressed again this soon after a pick (seconds, each one pressed starting it again) is that pick pressed
# twice or held, not text: "1 1 1" to take the first offer each round must not type "11" over the plan it made.
ECHO = 0.6
# Keys that edit the answer where they are pressed: on the list they go back to the box and edit there.
EDITING = {"backspace": "delete_left", "delete": "delete_right", "left": "cursor_left", "right": "cursor_right"}


class OfferList(OptionList):
    """The offers, one line each. A digit picks one, enter the highlighted one; any other key goes back to typing."""

    BINDINGS = bindings("offers")

    def __init__(self, answer: str, **kwargs: object) -> None:
        super().__init__(markup=False, compact=True, **kwargs)  # type: ignore[arg-type]
        self.answer = answer
        self.offers: list[Completion] = []
        self.picked = ""  # the text of the last offer used, so a screen can tell it from the seller's own words
        self.picked_at = -ECHO  # when (monotonic seconds)

    def _box(self) -> Input:
        return self.screen.query_one(self.answer, Input)

    async def action_pick(self, index: int) -> None:
        if index >= len(self.offers):
            self.app.bell()
            return
        await self.use(self.offers[index])

    @on(OptionList.OptionSelected)
    async def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.use(self.offers[event.option_index])

    async def use(self, offer: Completion) -> None:
        """The answer completed, back in its box, and judged again at once, as if typed and entered."""
        box = self._box()
        self.picked = offer.text
        self.picked_at = monotonic()
        box.value = offer.text
        box.cursor_position = len(offer.text)
        box.focus()
        await box.action_submit()

    def on_key(self, event: events.Key) -> None:
        # A key that does something here (a digit, ↑ ↓, enter, the screen's and app's keys) keeps doing it;
        # a letter, space or backspace is the seller editing the answer, so it lands in the box.
        if event.key in self.screen.active_bindings:
            return
        box = self._box()
        if event.is_printable and event.character:
            box.insert_text_at_cursor(event.character)
        elif event.key in EDITING:
            getattr(box, f"action_{EDITING[event.key]}")()
        else:
            return
        event.stop()
        event.prevent_default()
        box.focus()


class AnswerBox(TextBox):
    """A box the offers complete, or a field a picked plan fills: a pick key pressed again just after a pick, with no
    offers left to take it, rings the bell instead of landing in the text (see ECHO)."""

    async def _on_key(self, event: events.Key) -> None:
        if repeated_pick(self, event):
            event.stop()
            event.prevent_default()
            self.app.bell()
            return
        await super()._on_key(event)


def repeated_pick(widget: Widget, event: events.Key) -> bool:
    """Whether a key is a pick key pressed again just after a pick on this screen; each one keeps the window open."""
    offers = widget.screen.query(OfferList)
    if not offers or widget.screen.query_one(CompletionOffers).display:
        return False
    listed = offers.first()
    keymap = getattr(widget.app, "_keymap", {})
    keys = {key.strip() for c in for_scope("offers") for key in (keymap.get(c.id) or c.key).split(",")}
    if event.key not in keys or monotonic() - listed.picked_at > ECHO:
        return False
    listed.picked_at = monotonic()
    return True


class CompletionOffers(Vertical):
    """What completes a refused answer, under the coach's question; gone once the answer changes or is a plan."""

    def __init__(self, answer: str, *, top: str = "", back: str = "", **kwargs: str) -> None:
        """Args:
            answer: the selector of the box the offers complete.
            top: what to scroll to the top of the view when offers appear, so it, the answer and the offers are
                seen together (the offers themselves when empty).
            back: the id of the screen's key that closes the offers and goes back to typing, named in the hint.
        """
        super().__init__(**kwargs)
        self.answer = answer
        self.top = top
        self.back = back
        self.made_for: str | None = None  # the answer the offers complete; typing over it makes them stale

    def compose(self) -> ComposeResult:
        yield Static(id="offers-hint")
        yield OfferList(self.answer, id="offers-list")

    def on_mount(self) -> None:
        self.display = False
        box = self.screen.query_one(self.answer, Input)
        box.select_on_focus = False  # back from the offers, a key edits the answer where it was, never replaces it
        self.watch(box, "value", self._answer_changed, init=False)

    def offer(self, found: list[Completion], made_for: str) -> bool:
        """Shows the offers and moves the keyboard to them; says whether there were any."""
        listed = self.query_one(OfferList)
        listed.offers = found
        listed.set_options(self._option(n, o) for n, o in enumerate(found, 1))
        self.display = bool(found)
        self.made_for = made_for if found else None
        if found:
            keymap = getattr(self.app, "_keymap", {})
            first, last = (key_label(BY_ID[f"offers.pick_{n}"], keymap) for n in (1, len(found)))
            keys = first if len(found) == 1 else f"{first}–{last}"
            rest = (f"keep typing · {key_label(BY_ID[self.back], keymap)} closes them" if self.back in BY_ID
                    else "or keep typing")
            self.query_one("#offers-hint", Static).update(assemble(
                ("Complete it: ", "bold"), (keys, "bold $accent"), f" picks · ↑↓ enter · {rest}"))
            listed.highlighted = 0
            listed.focus(scroll_visible=False)  # what stays in view is decided once they are laid out
            self.call_after_refresh(self.place)
        return bool(found)

    def on_resize(self) -> None:
        if self.display:  # a terminal made smaller while they are shown: keep them and the answer in view
            self.call_after_refresh(self.place)

    def place(self) -> None:
        """Scrolls the view so the answer and every offer are seen: `top` at the top when all fits, else the offers'
        last line at the bottom (the offers are what the keys pick)."""
        if not self.display or not self.is_attached:
            return
        if self.top:
            self.screen.query_one(self.top).scroll_visible(top=True, animate=False, immediate=True)
        self.scroll_visible(animate=False, immediate=True)

    def picked(self, text: str) -> bool:
        """Whether the answer is an offer just picked, as it was offered (not edited since)."""
        return bool(text) and self.query_one(OfferList).picked.strip() == text.strip()

    def withdraw(self) -> None:
        if self.display:
            self.offer([], "")

    def _answer_changed(self, value: str) -> None:
        if self.made_for is not None and value != self.made_for:
            self.withdraw()  # they complete the answer as it was, not as it is now

    def _option(self, n: int, offer: Completion) -> Option:
        key = key_label(BY_ID[f"offers.pick_{n}"], getattr(self.app, "_keymap", {}))
        prompt: Content = assemble((f"{key} ", "bold $accent"), (f"{PART.get(offer.element, ''):<9}", "dim"),
                                   shown(offer.label))
        return Option(prompt)
