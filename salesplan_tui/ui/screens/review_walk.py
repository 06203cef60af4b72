"""Provides the review walk: one item at a time, "What's next?", and no vague answer taken."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Footer, Input, ProgressBar, Select, Static

from salesplan_tui.core.coach import Judgement, judge_parts
from salesplan_tui.core.coach.completions import Completion
from salesplan_tui.core.dates.day_words import describe
from salesplan_tui.core.model.change import Changed
from salesplan_tui.core.model.records import Action, Kind, Review, ReviewKind
from salesplan_tui.core.plan.completion_context import as_stored, offers_for
from salesplan_tui.core.review.agenda import item_context, links_for, on_track
from salesplan_tui.core.review.session import DONE, DROPPED, NEW, RESCHEDULE, ReviewSession
from salesplan_tui.ui.actions import bindings, for_scope
from salesplan_tui.ui.screens.action_form import verdict_content
from salesplan_tui.ui.screens.dialogs import ReasonScreen
from salesplan_tui.ui.screens.review_summary import ReviewSummary
from salesplan_tui.ui.screens.review_walk_steps import WalkSteps
from salesplan_tui.ui.text import assemble, shown
from salesplan_tui.ui.widgets.completion_offers import AnswerBox, CompletionOffers
from salesplan_tui.ui.widgets.date_input import DateInput
from salesplan_tui.ui.widgets.text_box import TextBox

FATES = [("the same action, rescheduled (the slip is kept)", RESCHEDULE), ("done: this answer is the next step", DONE),
         ("dropped: this answer replaces it", DROPPED)]
DRAFT_EVERY = 0.25  # at most one draft write this often while typing: a crash loses a quarter second, not a word


class ReviewWalk(WalkSteps):
    """Walks the agenda. enter answers; a plan is shown to confirm, hand-waving is asked again."""

    scope = "walk"
    BINDINGS = bindings("walk")

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.pending: Judgement | None = None
        self.pending_text = ""
        self.typed = ""  # what is in the answer box, kept here too: on unmount the box is already gone
        self.shown_position = -1
        self._draft_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="walk"):
            with Horizontal(id="walk-top"):
                yield Static(id="walk-title")
                yield ProgressBar(id="walk-progress", show_eta=False)
            yield Static(id="walk-item")  # outside the scroll: the item stays in view while the answer is typed
            with VerticalScroll(id="walk-body"):
                yield Static(id="walk-context")
                yield Static(id="walk-notes")
                yield Static(assemble(("What's next?", "bold $accent")), id="walk-ask")
                yield AnswerBox(placeholder="By when, who does what, with whom, to get what result?", id="answer", compact=True,
                                on_submit=self._answered)  # at once: the keys typed on after enter apply after it
                yield Static(id="walk-feedback")
                # At the top of the view with them: the question and the answer (at 80×24 the context scrolls away).
                yield CompletionOffers("#answer", top="#walk-ask", id="walk-offers")
                with Vertical(id="confirm", classes="hidden"):
                    for name, label in (("owner", "Who is responsible"), ("target", "Aimed at"),
                                        ("outcome", "Result it must get")):
                        with Horizontal(classes="field-row"):
                            yield Static(shown(label), classes="field-label")
                            # A key pressed on after the plan is shown edits the words, never replaces them all.
                            yield TextBox(id=f"c-{name}", compact=True, select_on_focus=False, on_submit=self._confirmed)
                    with Horizontal(classes="field-row"):
                        yield Static(Content("By when"), classes="field-label")
                        yield DateInput(None, self.sp.today, id="c-due")
                    with Horizontal(classes="field-row hidden", id="fate-row"):
                        yield Static(Content("The action it answers"), classes="field-label")  # 22 wide: one line
                        yield Select(FATES, id="c-fate", prompt="is it rescheduled, done or dropped?", compact=True)
                    yield Static(id="confirm-error", classes="error")
            yield Static(id="walk-keys", classes="dialog-hint")
            # Under 100 columns the footer shows the walk's own keys, not the item's: those are said here, short.
            yield Static(id="walk-item-keys", classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        for field in self.query("#c-due Input"):
            field.compact = True  # type: ignore[attr-defined]
        self.render_item(draft=self.session.review.draft)
        self.sp.workspace_changed.subscribe(self, self._changed, immediate=True)

    def _changed(self, changed: Changed) -> None:
        """Follows the review as saved: a step moves to the next item, an undo brings the last one back."""
        if self.session.review_id not in changed.of_kind(Kind.REVIEW) and not changed.everything:
            return
        review = self.sp.repo.get(Review, self.session.review_id)
        if review is None:
            self.notify("The review was undone.", markup=False, timeout=4)
            self.dismiss(None)
        elif review.finished or review.archived:
            return  # ended, skipped to the end or thrown away: the step that did it leaves the walk itself
        elif review.position != self.shown_position:
            self.render_item(draft=review.draft)
        else:  # the same item: its notes may have been added or undone
            self._show_notes()

    # ----- drawing -----------------------------------------------------------------------------

    def render_item(self, *, draft: str = "", feedback: Content | str = "") -> None:
        session = self.session
        review = session.review
        if session.done:
            self._finish()
            return
        item = session.item
        assert item is not None
        self.shown_position = review.position
        total = len(review.items)
        kind = f"One-on-one with {review.manager}" if review.kind == ReviewKind.ONE_ON_ONE else "Weekly review"
        self.query_one("#walk-title", Static).update(assemble(
            shown(kind, "bold"), f"   {review.position + 1} of {total}"))
        self.query_one("#walk-progress", ProgressBar).update(total=total, progress=review.position)
        promise = on_track(self.sp.repo, item, self.sp.today)
        reason = (shown(f"On track, due {describe(promise.due, self.sp.today)}: {self._key('walk.on_track')} confirms it "
                        "(nothing to type), or answer if it has changed", "$success") if promise else shown(item.reason, "$warning"))
        self.query_one("#walk-item", Static).update(assemble(
            (item.kind.capitalize() + ": ", "bold $primary"), shown(item.title), "\n", reason))
        context = item_context(self.sp.repo, item, self.sp.today)
        parts: list = []
        for label, text in context.lines:
            parts += [(f"{label}: ", "bold"), shown(text), "\n"]
        self.query_one("#walk-context", Static).update(assemble(*parts))
        self._show_notes()
        answer = self.query_one("#answer", Input)
        answer.value = draft
        self.set_focus(answer, scroll_visible=False)  # now: keys typed on after the last item's enter land here
        self.query_one("#walk-feedback", Static).update(feedback)
        self.query_one(CompletionOffers).withdraw()
        self.query_one("#confirm").add_class("hidden")
        self.pending = None
        self.query_one("#walk-keys", Static).update(shown(self._keys_hint(item.kind, promise is not None)))
        short = self._item_keys(item.kind, promise is not None)
        item_keys = self.query_one("#walk-item-keys", Static)
        item_keys.update(shown(short))
        item_keys.set_class(not short, "empty")

    def _key(self, command: str) -> str:
        """A walk key as the user's keymap has it; a key lost to a clash says so."""
        return self._keys().get(command, "(no key)")

    def _keys(self) -> dict[str | None, str]:
        """Each walk key by command id, read once: working out the active keys walks every binding of the screen,
        and a step asked for a dozen of them."""
        return {active.binding.id: key for key, active in reversed(list(self.active_bindings.items()))}

    def _item_keys(self, kind: Kind, on_track_now: bool) -> str:
        """The keys only this item takes (an action's done, reschedule and drop; a promise's on track), and F1."""
        active = self._keys()
        keys = {c.id: active.get(c.id, "(no key)") for c in for_scope("walk")}
        said = []
        if on_track_now:
            said.append(f"{keys['walk.on_track']} on track")
        if kind in (Kind.ACTION, Kind.COMMITMENT):
            said += [f"{keys['walk.done']} done", f"{keys['walk.reschedule']} reschedule", f"{keys['walk.drop']} drop"]
        return " · ".join([*said, "F1 every key"]) if said else ""

    def _keys_hint(self, kind: Kind, on_track_now: bool) -> str:
        """The walk's keys as the user's keymap has them."""
        active = self._keys()
        keys = {c.id: active.get(c.id, "(no key)") for c in for_scope("walk")}
        hint = (f"enter answers · {keys['walk.skip']} skip with a reason · {keys['walk.note']} note · "
                f"{keys['walk.pause']} pauses · {keys['walk.end']} ends here · {keys['walk.skip_rest']} skips the rest · "
                f"{keys['walk.discard']} throws it away")
        if kind in (Kind.ACTION, Kind.COMMITMENT):
            hint = f"{keys['walk.done']} done · {keys['walk.reschedule']} reschedule · {keys['walk.drop']} drop · " + hint
        if on_track_now:
            hint = f"{keys['walk.on_track']} on track · " + hint
        return hint

    # ----- answering ---------------------------------------------------------------------------

    @on(Input.Changed, "#answer")
    def _typing(self, event: Input.Changed) -> None:
        # The box as it is now, not as the event says: a Changed queued before enter arrives after the answer is
        # judged, and its older words must not withdraw the plan read from the words now in the box.
        self.typed = event.input.value
        if self.pending is not None and self.typed.strip() != self.pending_text:
            # The plan shown was read from other words: enter must not save it for these, nor "✓" stand beside them.
            self._withdraw_plan()
            self.query_one("#walk-feedback", Static).update("")
        # Saved on every change, coalesced: the first keystroke starts the clock, later ones ride along.
        if self._draft_timer is None:
            self._draft_timer = self.set_timer(DRAFT_EVERY, self._save_draft)

    def _save_draft(self) -> None:
        self._draft_timer = None
        if self.sp.repo.read_only or self.sp.repo.get(Review, self.session.review_id) is None:
            return  # nothing to save into: read-only, or the review itself was undone
        change = self.session.save_draft(self.typed)
        if change is not None:
            self.sp.apply(change)

    def _answered(self, value: str) -> None:
        """Enter on the answer: judged at once, before any key typed on after it is applied."""
        text = value.strip()
        if not text:
            still = " Or, as it is on track, " + self._key("walk.on_track") + " confirms it." if on_track(
                self.sp.repo, self.session.item, self.sp.today) else ""
            self.query_one("#walk-feedback", Static).update(
                Content("What's next? Say who will do what, with whom, by when." + still))
            return
        # An offer picked and refused again is the coach's wording, not one more vague answer of the seller's.
        offered = self.query_one(CompletionOffers).picked(text)
        # A plan is kept as the coach will read it again anywhere: the names it is aimed at spelled as the workspace has
        # them ("globex" → "Globex Retail"), shown in the box as they will be saved.
        item = self.session.item
        text = as_stored(self.sp.repo, text, today=self.sp.today, lexicon=self.sp.lexicon,
                         deal_id=links_for(self.sp.repo, item).get("deal_id") if item else None)
        if text != value.strip():
            box = self.query_one("#answer", Input)
            box.value, box.cursor_position = text, len(text)
        verdict, change = self.session.judge(text, offered=offered)
        if self.sp.apply(change) is None:
            return
        found = [] if verdict.specific else self._offers(text, verdict)
        self.query_one("#walk-feedback", Static).update(verdict_content(
            text, verdict, self.sp.today, "Check it below; enter saves it.", reasons=not found))
        self.query_one(CompletionOffers).offer(found, text)
        if not verdict.specific:
            self._withdraw_plan()
            return
        self.pending, self.pending_text = verdict, text
        self.query_one("#c-owner", Input).value = verdict.owner or ""
        self.query_one("#c-target", Input).value = verdict.target or ""
        self.query_one("#c-outcome", Input).value = verdict.outcome or ""
        self.query_one("#c-due", DateInput).set_value(verdict.due)
        # An answer on an open action says what becomes of that action: guessed when clear, asked when not.
        guess = self.session.guess_fate(verdict.outcome or "")
        asks = self._answered_action() is not None
        self.query_one("#fate-row").set_class(not asks, "hidden")
        self.query_one("#c-fate", Select).value = guess if asks and guess else Select.NULL
        self.query_one("#confirm").remove_class("hidden")
        # Now, not after this frame: the keys typed on after enter edit the result shown ("enter saves it").
        self.set_focus(self.query_one("#c-outcome", Input), scroll_visible=False)
        self.query_one("#confirm").scroll_visible()  # at 80×24 it would sit below the screen

    def _withdraw_plan(self) -> None:
        """Hides the plan read from an earlier answer, so what enter saves is always what the answer box says."""
        self.pending, self.pending_text = None, ""
        self.query_one("#confirm").add_class("hidden")
        self.query_one("#confirm-error", Static).update("")

    def _offers(self, text: str, verdict: Judgement) -> list[Completion]:
        """What completes a refused answer, from what the workspace knows about this item."""
        item = self.session.item
        links = links_for(self.sp.repo, item) if item else {}
        action = self.sp.repo.get(Action, item.ref_id) if item and item.kind in (Kind.ACTION, Kind.COMMITMENT) else None
        # An action tied to nothing is still aimed at someone: its account's people are the ones to offer.
        about = f"{item.title}\n{action.target}\n{action.captured_from}" if item and action else (item.title if item else "")
        return offers_for(self.sp.repo, text, verdict, self.sp.today, lexicon=self.sp.lexicon, about=about, **links)

    def _confirmed(self, _value: str = "") -> None:
        """Enter in a field of the plan shown: saved when it is whole, asked again when not."""
        if self.pending is None:
            return
        owner, target, outcome = (self.query_one(f"#c-{n}", Input).value.strip() for n in ("owner", "target", "outcome"))
        due = self.query_one("#c-due", DateInput).value
        missing = self._still_needed()
        if missing:
            self.query_one("#confirm-error", Static).update(Content("Still needed: " + ", ".join(missing)))
            return
        vague = self._vague_field(owner, target, outcome, due)
        if vague is not None:
            field, reason = vague
            self.query_one("#confirm-error", Static).update(shown(reason))
            self.set_focus(self.query_one(f"#{field}", Input), scroll_visible=False)
            return
        chosen = self.query_one("#c-fate", Select).value if self._answered_action() else NEW
        if not isinstance(chosen, str):  # nothing chosen yet
            answered = self._answered_action()
            self.query_one("#confirm-error", Static).update(shown(
                f"What becomes of '{answered.outcome if answered else ''}'? Choose below: rescheduled, done or dropped."))
            self.set_focus(self.query_one("#c-fate"), scroll_visible=False)
            return
        fate = chosen
        if fate == DROPPED:
            self.app.push_screen(ReasonScreen("Drop the action answered for", "Why is it dropped?"),
                                 lambda reason: self._commit(owner, target, outcome, due, fate, reason) if reason else None)
            return
        self._commit(owner, target, outcome, due, fate)

    def _still_needed(self) -> list[str]:
        """The parts of the plan shown that are empty (or a date that is not one)."""
        owner, target, outcome = (self.query_one(f"#c-{n}", Input).value.strip() for n in ("owner", "target", "outcome"))
        due = self.query_one("#c-due", DateInput).value
        return [n for n, v in (("who", owner), ("aimed at", target), ("result", outcome), ("date", due)) if not v]

    @on(Input.Changed, "#confirm Input")
    def _plan_edited(self) -> None:
        # "Still needed" says what is missing now: a part filled in since goes from it, and the line once all are.
        error = self.query_one("#confirm-error", Static)
        if self.pending is not None and str(error.render()).startswith("Still needed"):
            missing = self._still_needed()
            error.update(Content("Still needed: " + ", ".join(missing)) if missing else "")

    def _vague_field(self, owner: str, target: str, outcome: str, due) -> tuple[str, str] | None:
        """A field of the plan shown that was edited into hand-waving, judged as the action form judges its fields:
        its id and one line naming it and saying why; None when the words are the plan's or still a plan."""
        assert self.pending is not None
        if (target, outcome) == (self.pending.target or "", self.pending.outcome or ""):
            return None  # the words the coach accepted
        verdict = judge_parts(outcome, target, due, today=self.sp.today, lexicon=self.sp.lexicon)
        if verdict.specific:
            return None
        for element, field, label in (("outcome", "c-outcome", "Result it must get"),
                                      ("commitment", "c-outcome", "Result it must get"),
                                      ("target", "c-target", "Aimed at")):
            if element in verdict.missing:
                reasons = [f.reason for f in verdict.flags if f.element == element]
                return field, f"{label}: {reasons[0] if reasons else verdict.question}"
        return None

    @on(Select.Changed, "#c-fate")
    def _fate_chosen(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL:  # chosen: the question is answered, and enter now saves
            self.query_one("#confirm-error", Static).update("")
            self.set_focus(self.query_one("#c-outcome", Input), scroll_visible=False)

    def _answered_action(self) -> Action | None:
        """The open action this item is about, which an answer must say the fate of."""
        item = self.session.item
        if item is None or item.kind not in (Kind.ACTION, Kind.COMMITMENT):
            return None
        action = self.sp.repo.get(Action, item.ref_id)
        return action if action is not None and action.is_open else None

    def _commit(self, owner: str, target: str, outcome: str, due, fate: str, reason: str = "") -> None:
        error = self.query_one("#confirm-error", Static)
        saved = self.sp.apply(
            lambda: self.session.commit(owner=owner, target=target, outcome=outcome, due=due, sentence=self.pending_text,
                                        fate=fate, drop_reason=reason),
            on_refused=lambda e: error.update(shown(str(e))))
        if saved is None:
            return
        error.update("")
        if saved.warning:
            action = saved.first(Action)
            self.render_item(feedback=assemble(
                ("✓ Saved: ", "bold $success"), shown(action.sentence), "\n",
                ("A deal is not done until it has two next steps. ", "bold"), shown(saved.warning)))
        # Otherwise the change event has already shown the next item.

    # ----- the item's notes (the other ways through an item are in WalkSteps) ------------------

    def _show_notes(self) -> None:
        item = self.session.item
        self.query_one("#walk-notes", Static).update(
            assemble(("Notes: ", "bold"), shown(item.notes, multiline=True)) if item and item.notes else "")

    # ----- leaving -----------------------------------------------------------------------------

    def action_pause(self) -> None:
        self._save_draft()
        self.notify("Review paused. Press r on the Review pane to resume.", timeout=4)
        self.dismiss(None)

    def on_unmount(self) -> None:
        # Closing the app mid-review must not lose what was typed.
        if self.sp.repo.get(Review, self.session.review_id) is not None and not self.session.done:
            self._save_draft()

    def _finish(self) -> None:
        if self.sp.apply(self.session.finish) is not None:
            self.dismiss(None)
            self.app.push_screen(ReviewSummary(self.session.review_id))
