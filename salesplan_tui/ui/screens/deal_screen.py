"""Provides the deal detail: the account's strategic objective, stage history, every step, slips and the next call."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from salesplan_tui.core.dates.day_words import day_label, describe
from salesplan_tui.core.model.change import Changed
from salesplan_tui.core.model.records import Account, Action, ActionStatus, Contact, Deal, Kind, StageKind
from salesplan_tui.core.pipeline.step_flags import UNPLANNED, needs_step
from salesplan_tui.core.plan import action_ops
from salesplan_tui.ui.access import WorkspaceAccess
from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.deal_closing import ask_to_close
from salesplan_tui.ui.deal_tidy import ask_to_delete, ask_to_merge
from salesplan_tui.ui.screens.action_form import ActionForm
from salesplan_tui.ui.screens.deal_form import DealForm
from salesplan_tui.ui.screens.dialogs import ReasonScreen
from salesplan_tui.ui.text import assemble, money, shown

MARK = {ActionStatus.OPEN: "☐", ActionStatus.DONE: "☑", ActionStatus.DROPPED: "✗"}


class DealScreen(WorkspaceAccess, ModalScreen[None]):
    """Everything about one deal; e edits it, n adds a step, space marks a step done, d drops one."""

    scope = "deal"
    BINDINGS = bindings("deal")
    CSS_PATH = "deal_screen.tcss"

    def __init__(self, deal_id: int) -> None:
        super().__init__()
        self.deal_id = deal_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            with VerticalScroll(id="deal-info"):
                yield Static(id="deal-body")
            yield Static(assemble(("Steps", "bold")), classes="section")
            yield OptionList(id="deal-steps")
            hint = ("escape close (read-only)" if self.repo.read_only else  # read-only, no other key here works
                    "e edit · n next step · p plan the noted step · space done · d drop · D delete · M merge · escape close")
            yield Static(Content(hint), classes="dialog-hint")

    def on_mount(self) -> None:
        self.redraw()
        self.query_one("#deal-steps").focus()
        self.sp.workspace_changed.subscribe(self, self._changed, immediate=True)

    def _changed(self, changed: Changed) -> None:
        # Its steps are actions, its contacts and account records of their own: any of them may show here.
        if changed.touches(Kind.DEAL, Kind.ACTION, Kind.ACCOUNT, Kind.CONTACT, Kind.PROCESS):
            self.redraw()

    def redraw(self) -> None:
        repo = self.sp.repo
        today = self.sp.today
        deal = repo.get(Deal, self.deal_id)
        if deal is None or deal.archived:  # deleted, or merged into another
            self.dismiss(None)
            return
        stage = repo.process.stage(deal.stage)
        is_open = stage is None or stage.kind == StageKind.OPEN
        account = repo.get(Account, deal.account_id)
        s = account.strategic if account else None
        parts: list = [shown(account.name if account else "?", "bold $accent"), " · ", shown(deal.title), "\n",
                       (money(deal.value, deal.currency), "bold"), f"  at {deal.stage}",
                       ("  expected close " if is_open else "  closed ", "dim"), describe(deal.expected_close, today, late=is_open), "\n"]
        if needs_step(deal, repo.actions_by("deal_id").get(deal.id, [])):  # at the top: in view at 80×24 too
            parts += [("⚑ its next step is kept as a note, not yet a plan: p takes it to the coach", "bold $warning"),
                      "\n"]
        if s and s.milestone:
            parts += ["\n", ("Strategic objective  ", "bold"), shown(s.milestone)]
            if s.financial_target is not None:
                parts += [("  worth ", "dim"), money(s.financial_target)]
            if s.by_date:
                parts += [("  by ", "dim"), describe(s.by_date, today)]
            parts.append("\n")
        parts += ["\n", ("Next call outcome  ", "bold"),
                  shown(deal.next_call_outcome) if deal.next_call_outcome else ("not planned: every call needs one (e)", "$warning"),
                  "\n"]
        contacts = [repo.get(Contact, c) for c in deal.contact_ids]
        names = ", ".join(f"{c.name} ({c.role})" if c.role else c.name for c in contacts if c)
        parts += [("Contacts  ", "bold"), shown(names or "none"), "\n\n", ("Stage history\n", "bold")]
        for change in deal.stage_history:
            parts += [f"  {day_label(change.at.astimezone().date(), today)}  ", shown(change.stage), "\n"]
        if deal.close_slips:
            parts += ["\n", (f"Close date slipped {len(deal.close_slips)}×\n", "bold $warning")]
            for slip in deal.close_slips:
                parts += [f"  {day_label(slip.old, today)} → {day_label(slip.new, today)}  ", shown(slip.reason), "\n"]
        if deal.lost_reason:
            parts += ["\n", ("Lost: ", "bold"), shown(deal.lost_reason)]
        if deal.notes.strip():
            parts += ["\n", ("Notes\n", "bold"), shown(deal.notes.strip(), multiline=True), "\n"]
        self.query_one("#deal-body", Static).update(assemble(*parts))
        steps = list(repo.actions_by("deal_id").get(deal.id, []))
        steps.sort(key=lambda a: (a.status != ActionStatus.OPEN, a.due))
        self._steps = [a.id for a in steps]
        options = self.query_one("#deal-steps", OptionList)
        highlighted = options.highlighted
        options.set_options([
            Option(assemble(
                f"{MARK[a.status]} ", shown(a.outcome), "  ", shown(a.owner, "$secondary"),
                (" → ", "dim"), shown(a.target),
                (f"  {describe(a.due, today)}", "$error" if a.is_open and a.due < today else "dim"),
                shown(f"  dropped: {a.drop_reason}", "dim") if a.status == ActionStatus.DROPPED else "",
            ), id=str(a.id)) for a in steps
        ] or [Option(Content("No steps yet: press n. Know at least the next two."), disabled=True)])
        if steps:  # the cursor is always on a step, so space and d act at once
            options.highlighted = min(highlighted or 0, len(steps) - 1)

    def _step(self) -> Action | None:
        options = self.query_one("#deal-steps", OptionList)
        if options.highlighted is None or not self._steps:
            self.notify("No step yet: n adds the next one.", timeout=3)
            return None
        return self.sp.repo.get(Action, self._steps[options.highlighted])

    def action_close(self, won: bool) -> None:
        deal = self.sp.repo.get(Deal, self.deal_id)
        if deal is not None and self.writable():
            ask_to_close(self.sp, deal, won=won)

    def action_delete_deal(self) -> None:
        deal = self.sp.repo.get(Deal, self.deal_id)
        if deal and self.writable():
            ask_to_delete(self.sp, deal)

    def action_merge_deal(self) -> None:
        """Merges a duplicate into this deal, picked from the account's other deals."""
        deal = self.sp.repo.get(Deal, self.deal_id)
        if deal and self.writable():
            ask_to_merge(self.sp, deal)

    def action_plan_note(self) -> None:
        """The next step kept as a note (a CRM's, refused on import) put to the coach as the step's sentence."""
        deal = self.sp.repo.get(Deal, self.deal_id)
        if deal is None or not self.writable():
            return
        noted = noted_step(deal.notes)
        if not noted:
            self.notify("No next step is kept in this deal's notes: n adds one.", timeout=3)
            return
        self.app.push_screen(ActionForm(deal_id=self.deal_id, sentence=noted, heading=f"Next step · {deal.title}"))

    def action_edit(self) -> None:
        deal = self.sp.repo.get(Deal, self.deal_id)
        if deal and self.writable():
            self.app.push_screen(DealForm(deal))

    def action_add_step(self) -> None:
        deal = self.sp.repo.get(Deal, self.deal_id)
        if deal and self.writable():
            self.app.push_screen(ActionForm(deal_id=self.deal_id, heading=f"Next step · {deal.title}"))

    @on(OptionList.OptionSelected, "#deal-steps")
    def _edit_step(self) -> None:
        step = self._step()
        if step and self.writable():
            self.app.push_screen(ActionForm(step))

    def action_done(self) -> None:
        step = self._step() if self.writable() else None
        if step is not None:
            self.sp.apply(lambda: action_ops.complete(step, self.sp.clock))

    def action_drop(self) -> None:
        step = self._step() if self.writable() else None
        if step is not None and step.is_open:
            def drop(reason: str | None) -> None:
                if reason:
                    self.sp.apply(lambda: action_ops.drop(step, reason))

            self.app.push_screen(ReasonScreen("Drop this step", "Why is it dropped?"), drop)


def noted_step(notes: str) -> str:
    """The last next step the notes keep as not yet a plan ('Next step from HubSpot, not yet a plan: Follow up'
    gives 'Follow up'), or "" when none."""
    mark = f", {UNPLANNED}: "
    found = [line.split(mark, 1)[1].strip() for line in notes.splitlines() if mark in line]
    return found[-1] if found else ""
