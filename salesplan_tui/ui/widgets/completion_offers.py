"""Provides CompletionOffers: the coach's offers under a refusal, and AnswerBox, the box they complete.

The box keeps the keyboard: whatever is typed or pasted in it is text, digits too, at any speed. Its tab key moves
into the offers (a key no sentence is typed with), where a digit or enter picks one; any other key there goes back to
the box and lands in it.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from salesplan_tui.core.base.visible import pasted_line
from salesplan_tui.core.coach.completions import Completion
from salesplan_tui.ui.actions import BY_ID, bindings, key_label
from salesplan_tui.ui.text import assemble, shown
from salesplan_tui.ui.widgets.text_box import TextBox

PART = {"commitment": "promise", "owner": "who", "target": "whom", "outcome": "result", "due": "by"}
# Keys that edit the answer where they are pressed: on the list they go back to the box and edit there.
EDITING = {"backspace": "delete_left", "delete": "delete_right", "left": "cursor_left", "right": "cursor_right"}


def put(box: Input, text: str) -> None:
    """Puts text in a box where its cursor is, in place of what is selected, as typing it would."""
    if not text:
        return
    selection = box.selection
    if selection.is_empty:
        box.insert_text_at_cursor(text)
    else:
        box.replace(text, *selection)


class OfferList(OptionList):
    """The offers, one line each. A digit picks one, enter the highlighted one; any other key goes back to typing."""

    BINDINGS = bindings("offers")

    def __init__(self, answer: str, **kwargs: object) -> None:
        super().__init__(markup=False, compact=True, **kwargs)  # type: ignore[arg-type]
        self.answer = answer
        self.offers: list[Completion] = []
        self.picked = ""  # the text of the last offer used, so a screen can tell it from the seller's own words

    def _box(self) -> Input:
        return self.screen.query_one(self.answer, Input)

    def _back_to_box(self) -> Input:
        """The keyboard back in the answer box now, not after this frame: the next key typed lands there."""
        box = self._box()
        self.screen.set_focus(box, scroll_visible=False)
        return box

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
        """The answer completed, back in its box, and judged again at once, as if typed and entered; a pattern to fill
        is put in with its blank selected, so what is typed next takes its place."""
        box = self._back_to_box()
        self.picked = offer.text
        box.value = offer.text
        if offer.blank and offer.blank in offer.text:
            start = offer.text.index(offer.blank)
            box.selection = (start, start + len(offer.blank))  # type: ignore[assignment]  # a (start, end) pair
            return
        box.cursor_position = len(offer.text)
        await box.action_submit()

    def on_key(self, event: events.Key) -> None:
        # A key that does something here (a digit, ↑ ↓, enter, the screen's and app's keys) keeps doing it;
        # a letter, space or backspace is the seller editing the answer, so it lands in the box. So does every key
        # typed on after one went back there (sent before the keyboard moved, so still addressed here).
        if self.has_focus and event.key in self.screen.active_bindings:
            return
        if event.is_printable and event.character:
            put(self._back_to_box(), event.character)
        elif event.key in EDITING:
            getattr(self._back_to_box(), f"action_{EDITING[event.key]}")()
        else:
            return
        event.stop()
        event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        """A paste is text: it goes in the answer box, wherever the keyboard was."""
        event.stop()
        put(self._back_to_box(), pasted_line(event.text))


class AnswerBox(TextBox):
    """The box an answer is typed in: whatever is typed or pasted is text, and its tab moves into the offers while
    there are some (otherwise tab moves on, as in any box)."""

    BINDINGS = bindings("offers", "box")

    def _offers(self) -> CompletionOffers | None:
        return next((o for o in self.screen.query(CompletionOffers) if o.answer == f"#{self.id}"), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose_offer":
            offers = self._offers()
            return offers is not None and bool(offers.display)  # no offers: the key is tab, moving on
        return super().check_action(action, parameters)

    def action_choose_offer(self) -> None:
        offers = self._offers()
        if offers is not None:  # now, not after this frame: a digit typed right after tab must pick, not be text
            self.screen.set_focus(offers.query_one(OfferList), scroll_visible=False)

    def on_paste(self, event: events.Paste) -> None:
        """All of a paste is text, its lines joined, in place of what is selected."""
        event.prevent_default()  # Input's own paste keeps the first line only
        event.stop()
        put(self, pasted_line(event.text))


class CompletionOffers(Vertical):
    """What completes a refused answer, under the coach's question; gone once the answer changes or is a plan."""

    def __init__(self, answer: str, *, top: str = "", back: str = "", id: str | None = None) -> None:
        """Args:
            answer: the selector of the box the offers complete.
            top: what to scroll to the top of the view when offers appear, so it, the answer and the offers are
                seen together (the offers themselves when empty).
            back: the id of the screen's key that closes the offers, named in the hint.
        """
        super().__init__(id=id)
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
        """Shows the offers under the answer (the keyboard stays in the answer box); says whether there were any."""
        listed = self.query_one(OfferList)
        listed.offers = found
        listed.set_options(self._option(n, o) for n, o in enumerate(found, 1))
        shown_before = bool(self.display)
        self.display = bool(found)
        self.made_for = made_for if found else None
        if found:
            keymap = getattr(self.app, "keymap", {})
            first, last = (key_label(BY_ID[f"offers.pick_{n}"], keymap) for n in (1, len(found)))
            keys = first if len(found) == 1 else f"{first}–{last}"
            choose = key_label(BY_ID["offers.choose"], keymap)
            rest = f" · {key_label(BY_ID[self.back], keymap)} closes" if self.back in BY_ID else ""
            self.query_one("#offers-hint", Static).update(assemble(  # one line at 80 columns, in a form too
                ("Complete it: ", "bold"), (choose, "bold $accent"), " then ", (keys, "bold $accent"),
                f" picks · or type on{rest}"))
            listed.highlighted = 0
            self.call_after_refresh(self.place)
        if bool(found) != shown_before:
            self.screen.refresh_bindings()  # the box's tab into the offers comes and goes with them (footer, help)
        return bool(found)

    def on_resize(self) -> None:
        if self.display:  # a terminal made smaller while they are shown: keep them and the answer in view
            self.call_after_refresh(self.place)

    def place(self) -> None:
        """Scrolls the view so the answer and every offer are seen: `top` at the top when all fits, else the offers'
        last line at the bottom."""
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
            listed = self.query_one(OfferList)
            if listed.has_focus:
                self.screen.set_focus(self.screen.query_one(self.answer, Input), scroll_visible=False)
            self.offer([], "")

    def _answer_changed(self, value: str) -> None:
        if self.made_for is not None and value != self.made_for:
            self.withdraw()  # they complete the answer as it was, not as it is now

    def _option(self, n: int, offer: Completion) -> Option:
        key = key_label(BY_ID[f"offers.pick_{n}"], getattr(self.app, "keymap", {}))
        prompt: Content = assemble((f"{key} ", "bold $accent"), (f"{PART.get(offer.element, ''):<9}", "dim"),
                                   shown(offer.label))
        return Option(prompt)
