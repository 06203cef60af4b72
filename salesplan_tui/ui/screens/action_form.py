"""Provides the action form: the four elements of a plan, filled from one sentence the coach accepts."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Input, Select, Static

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.coach import Judgement, judge_parts
from salesplan_tui.core.dates.day_words import describe
from salesplan_tui.core.model.change import Change
from salesplan_tui.core.model.records import Action, Deal, Objective, StageKind
from salesplan_tui.core.plan import action_ops
from salesplan_tui.core.plan.completion_context import as_stored, offers_for
from salesplan_tui.ui.screens.form import FormScreen
from salesplan_tui.ui.text import assemble, shown
from salesplan_tui.ui.widgets.completion_offers import AnswerBox, CompletionOffers, OfferList
from salesplan_tui.ui.widgets.date_input import DateInput, example
from salesplan_tui.ui.widgets.text_box import TextBox

SENTENCE_HINT = "e.g. By Friday I'll get Dana at Northwind to confirm the budget line"


def verdict_content(sentence: str, verdict: Judgement, today: dt.date,
                    then: str = "Check the fields below, then ctrl+s.", *, reasons: bool = True) -> Content:
    """The coach's answer: the question with the vague words highlighted, or what it understood.

    Args:
        reasons: say why each word is vague; left out when offers below answer it (at 80×24 there is no room for both).
    """
    if verdict.specific:
        return assemble(
            ("✓ That is a plan. ", "bold $success"), then, "\n",
            ("  who: ", "dim"), shown(verdict.owner or ""), ("   aimed at: ", "dim"), shown(verdict.target or ""),
            ("   by: ", "dim"), describe(verdict.due, today) if verdict.due else "",
        )
    marked = shown(sentence)
    for flag in verdict.flags:
        marked = marked.stylize("bold reverse $warning", flag.start, flag.end)
    why = [shown(f"\n  • {flag.reason}", multiline=True) for flag in verdict.flags] if reasons else []
    return assemble(("✗ " + verdict.question, "bold $warning"), "\n  ", marked, *why)


def _options(choices: list[tuple[str, int]]) -> list[tuple[Content, int]]:
    """A choice's title as the user typed it, never markup."""
    return [(shown(title), record_id) for title, record_id in choices]


KEPT = "kept-action-form"  # the name the app's one kept action form is installed under (see action_form)


def action_form(app: App[object], action: Action | None = None, *, objective_id: int | None = None,
                deal_id: int | None = None, sentence: str = "", heading: str | None = None) -> ActionForm:
    """The action form to push: made once, then reset each time as a new one would be made.

    Making the form anew was most of opening it (sixty widgets composed, styled and laid out: 200 ms at 10,000
    actions). A form already open (one opened from another screen over it) is not taken over: a new one is made.
    """
    if app.is_screen_installed(KEPT):
        kept = app.get_screen(KEPT)
        if isinstance(kept, ActionForm) and kept.is_mounted and kept not in app.screen_stack:
            kept.reset(action, objective_id=objective_id, deal_id=deal_id, sentence=sentence, heading=heading)
            return kept
        return ActionForm(action, objective_id=objective_id, deal_id=deal_id, sentence=sentence, heading=heading)
    form = ActionForm(action, objective_id=objective_id, deal_id=deal_id, sentence=sentence, heading=heading)
    app.install_screen(form, KEPT)
    return form


class ActionForm(FormScreen[Action]):
    """Adds or edits an action. The sentence box runs the coach; the fields hold who, whom, what and when."""

    _choices: dict[str, list[tuple[str, int]]]  # each Select's choices as last given it (title, id)

    def __init__(
        self,
        action: Action | None = None,
        *,
        objective_id: int | None = None,
        deal_id: int | None = None,
        sentence: str = "",
        heading: str | None = None,
    ) -> None:
        super().__init__()
        self._take(action, objective_id, deal_id, sentence, heading)

    def _take(self, action: Action | None, objective_id: int | None, deal_id: int | None, sentence: str,
              heading: str | None) -> None:
        """What the form is for: the action edited (or none, to add one), where a new one goes, its first words."""
        self.action = action
        self.objective_id = action.objective_id if action else objective_id
        self.deal_id = action.deal_id if action else deal_id
        self.sentence = sentence
        self.heading = heading or ("Edit action" if action else "New action: what's next?")
        self.accepted: str = action.captured_from if action else ""
        self._accepted_here = False  # a sentence was accepted in this form (the fields then hold its plan)

    def _starting_values(self) -> dict[str, str]:
        a = self.action
        return {"owner": a.owner if a else "me", "target": a.target if a else "", "outcome": a.outcome if a else ""}

    def _objective_choices(self) -> list[tuple[str, int]]:
        return [(o.title, o.id) for o in self.repo.all(Objective)]

    def _deal_choices(self) -> list[tuple[str, int]]:
        # Open deals only (a won or lost deal is moved by nothing now), and the step's own deal whatever its stage.
        kinds = {s.name: s.kind for s in self.repo.process.stages}
        return [(d.title, d.id) for d in self.repo.all(Deal)
                if kinds.get(d.stage, StageKind.OPEN) == StageKind.OPEN or d.id == self.deal_id]

    def fields(self) -> ComposeResult:
        a = self.action
        start = self._starting_values()
        yield self.field("sentence", "Say it in one sentence (enter to check)",
                         AnswerBox(self.sentence, placeholder=SENTENCE_HINT, id="sentence",
                                   on_submit=self._judge_sentence))  # at once, before the keys typed on after enter
        yield Static(id="verdict", classes="verdict")
        yield CompletionOffers("#sentence", back="form.cancel", id="form-offers")
        yield Static(id="fields-note", classes="warning")  # says when the fields are not what the sentence says
        yield self.field("owner", "Who is responsible", TextBox(start["owner"], id="owner",
                                                              placeholder="me, or a named person"))
        yield self.field("target", "Aimed at", TextBox(start["target"], id="target",
                                                     placeholder="a person, a role at a named company, a bounded group"))
        yield self.field("outcome", "Result it must get", TextBox(start["outcome"], id="outcome",
                                                                placeholder="a decision, a date agreed, a signature, a number"))
        yield self.field("due", "By when", DateInput(a.due if a else None, self.today, id="due"))
        self._choices = {"objective_id": self._objective_choices(), "deal_id": self._deal_choices()}
        yield self.field("objective_id", "Objective it serves",
                         Select(_options(self._choices["objective_id"]), id="objective_id", prompt="No objective",
                                value=self.objective_id if self.objective_id else Select.NULL))
        yield self.field("deal_id", "Deal it moves", Select(_options(self._choices["deal_id"]), id="deal_id",
                                                           prompt="No deal",
                                                           value=self.deal_id if self.deal_id else Select.NULL))

    def on_mount(self) -> None:
        self.query_one("#sentence", Input).focus()
        if self.sentence:
            self.query_one("#sentence", Input).cursor_position = len(self.sentence)

    def reset(self, action: Action | None = None, *, objective_id: int | None = None, deal_id: int | None = None,
              sentence: str = "", heading: str | None = None) -> None:
        """The form, already made, as a new one for these would be: every field, choice, message and the focus."""
        self._take(action, objective_id, deal_id, sentence, heading)
        self.query_one(".dialog-title", Static).update(shown(self.heading))
        for name, value in {"sentence": sentence, **self._starting_values()}.items():
            box = self.query_one(f"#{name}", Input)
            box.value, box.cursor_position = value, len(value)
        due = self.query_one("#due", DateInput)
        if due.today != self.today:  # a form kept past midnight reads "Friday" from the new day
            due.today = self.today
            due.query_one(Input).placeholder = example(self.today)
        due.set_value(action.due if action else None)
        due.query_one(Input).cursor_position = len(due.text)
        for field, choices, chosen in (("objective_id", self._objective_choices(), self.objective_id),
                                       ("deal_id", self._deal_choices(), self.deal_id)):
            select = self.query_one(f"#{field}", Select)
            select.expanded = False
            if choices != self._choices[field]:  # an objective or a deal added, renamed or closed since
                self._choices[field] = choices
                select.set_options(_options(choices))
            select.value = chosen if chosen else Select.NULL
        self.query_one("#verdict", Static).update("")
        self.query_one("#fields-note", Static).update("")
        offers = self.query_one(CompletionOffers)
        offers.withdraw()
        offers.query_one(OfferList).picked = ""
        self.show_errors({})
        self.query_one(".dialog", VerticalScroll).scroll_home(animate=False, immediate=True)
        self.set_focus(self.query_one("#sentence", Input), scroll_visible=False)

    def action_cancel(self) -> None:
        """Escape on the coach's offers closes them and goes back to the sentence as typed; again, it closes the form."""
        offers = self.query_one(CompletionOffers)
        if offers.display:
            offers.withdraw()
            self.set_focus(self.query_one("#sentence", Input), scroll_visible=False)
            return
        super().action_cancel()

    def _judge_sentence(self, _value: str = "") -> None:
        self.check_sentence()

    def check_sentence(self) -> Judgement | None:
        """Runs the coach on the sentence; a plan fills the fields, hand-waving gets the question back."""
        sentence = self.text("sentence")
        if not sentence:
            return None
        # A plan is kept as the coach will read it again anywhere: its names spelled as the workspace has them.
        stored = as_stored(self.repo, sentence, today=self.today, lexicon=self.sp.lexicon, deal_id=self.choice("deal_id"))
        if stored != sentence:
            box = self.query_one("#sentence", Input)
            box.value, box.cursor_position, sentence = stored, len(stored), stored
        verdict = action_ops.judge_answer(self.repo, sentence, today=self.today, lexicon=self.sp.lexicon,
                                          deal_id=self.choice("deal_id"))  # as the review judges a step of the deal
        found = [] if verdict.specific else offers_for(
            self.repo, sentence, verdict, self.today, lexicon=self.sp.lexicon,
            deal_id=self.choice("deal_id"), objective_id=self.choice("objective_id"))  # from the deal chosen below
        self.query_one("#verdict", Static).update(verdict_content(sentence, verdict, self.today, reasons=not found))
        self.query_one(CompletionOffers).offer(found, sentence)
        self._say_whose_fields(refused=not verdict.specific)
        if verdict.specific:
            self.clear_error("sentence")  # the refusal it answered is no longer true
            self.accepted, self._accepted_here = sentence, True
            self.query_one("#owner", Input).value = verdict.owner or ""
            self.query_one("#target", Input).value = verdict.target or ""
            self.query_one("#outcome", Input).value = verdict.outcome or ""
            self.query_one("#due", DateInput).set_value(verdict.due)
        return verdict

    def _fields_filled(self) -> bool:
        return any(self.text(name) for name in ("target", "outcome")) or bool(self.query_one("#due", DateInput).text)

    def _say_whose_fields(self, *, refused: bool) -> None:
        """After a refusal the fields still hold the last plan accepted (or the action as saved): said above them, so
        they are never taken for what the refused sentence says."""
        whose = "the action as saved" if self.action is not None and not self._accepted_here else "the last plan accepted"
        note = f"The fields below are {whose}, not this sentence." if refused and self._fields_filled() else ""
        self.query_one("#fields-note", Static).update(assemble(("⚠ " + note, "$warning")) if note else "")

    def on_input_changed(self, event: Input.Changed) -> None:
        super().on_input_changed(event)
        if event.input.id == "sentence" and event.value.strip() in ("", self.accepted):
            self._say_whose_fields(refused=False)  # no refused sentence stands above the fields now

    def _coach_fields(self, data: dict[str, Any], errors: dict[str, str]) -> str:
        """The fields must make a plan too: the same coach reads them as one sentence.

        Words the user changed (or a new action's) are refused when vague; an edit that leaves the old wording
        alone (a new date, another objective) is saved, and the old wording is only flagged: the returned line.
        """
        if errors or not all(data[k] for k in ("owner", "target", "outcome", "due")):
            return ""
        verdict = judge_parts(data["outcome"], data["target"], data["due"], today=self.today, lexicon=self.sp.lexicon)
        if verdict.specific:
            return ""
        untouched = self.action is not None and (data["outcome"], data["target"]) == (self.action.outcome,
                                                                                       self.action.target)
        if untouched:
            return f"Saved, but its wording is still vague: {verdict.question}"
        for element, field in (("outcome", "outcome"), ("commitment", "outcome"), ("target", "target")):
            if element in verdict.missing and field not in errors:
                reasons = [f.reason for f in verdict.flags if f.element == element]
                errors[field] = (reasons[0] if reasons else verdict.question).capitalize()
        return ""

    def submit(self) -> Change:
        sentence = self.text("sentence")
        if sentence and sentence != self.accepted:
            verdict = self.check_sentence()
            if verdict is not None and not verdict.specific:
                # The fields are not saved over a refused sentence: say what to do, true to what the fields hold.
                raise ValidationFailed({"sentence": (
                    "Not yet a plan: answer the question above, or empty the sentence (ctrl+u) to save the fields "
                    "below as they are." if self._fields_filled() else
                    "Not yet a plan: answer the question above, or empty the sentence (ctrl+u) and fill in the fields.")})
        errors: dict[str, str] = {}
        data = {
            "owner": self.text("owner"),
            "target": self.text("target"),
            "outcome": self.text("outcome"),
            "due": self.day("due", errors),
            "objective_id": self.choice("objective_id"),
            "deal_id": self.choice("deal_id"),
        }
        for name, question in (("owner", "Who is responsible? 'me' or a named person."),
                               ("target", "Who is it aimed at?"), ("outcome", "What result must it get?")):
            if not data[name]:
                errors[name] = question
        flagged = self._coach_fields(data, errors)
        if errors:
            raise ValidationFailed(errors)
        if self.action:
            change = action_ops.edit_action(self.repo, self.sp.clock, self.action, said=self.accepted, **data)
            return replace(change, warning=flagged) if flagged else change
        return action_ops.add_action(self.repo, self.sp.clock, **data, said=self.accepted)
