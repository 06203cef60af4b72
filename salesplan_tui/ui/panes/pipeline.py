"""Provides the Pipeline pane: one column per sales-process stage, cards with the next two steps in view."""

from __future__ import annotations

from collections import defaultdict

from textual import on
from textual.app import ComposeResult
from textual.containers import HorizontalScroll, Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...core.models import Account, Action, Deal, StageKind
from ...core.pipeline import neighbour_stage, open_deals, stage_change, totals
from ...core.plan_filter import matches, parse_query
from ...core.rules import deal_flags
from ..actions import bindings
from ..deal_card import card
from ..screens.action_form import ActionForm
from ..screens.deal_form import DealForm
from ..screens.deal_screen import DealScreen
from ..screens.dialogs import ConfirmScreen, PickScreen, ReasonScreen
from ..screens.process_editor import ProcessEditor
from ..text import money
from .base import Pane

PAGE = 60  # cards drawn per column at first; more are drawn as the cursor nears the end


class DealList(OptionList):
    """The cards of one stage; draws more as the cursor reaches the last ones."""

    def __init__(self, stage: str, index: int) -> None:
        super().__init__(id=f"stage-{index}", classes="deal-list")
        self.stage = stage
        self.index = index
        self.deal_ids: list[int] = []
        self.pending: list[Option] = []

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and self.pending and highlighted >= self.option_count - 5:
            batch, self.pending = self.pending[:PAGE], self.pending[PAGE:]
            self.add_options(batch)


class PipelinePane(Pane):
    """Deals by stage. shift+→ moves a deal on (showing the exit criteria), n adds a next step through the coach."""

    scope = "board"
    BINDINGS = bindings("board")

    def compose(self) -> ComposeResult:
        yield Static(id="pipeline-summary")
        yield Input(placeholder="filter: words, owner:me, account:fabrikam · escape clears", id="board-filter",
                    classes="hidden")
        yield HorizontalScroll(id="board")

    def focus_main(self) -> None:
        lists = list(self.query(DealList))
        if lists:
            focused = self.app.focused
            (focused if isinstance(focused, DealList) else lists[0]).focus()

    # ----- drawing -----------------------------------------------------------------------------

    def reload(self) -> None:
        super().reload()
        self.call_later(self._draw)

    async def _draw(self) -> None:
        repo, process = self.repo, self.repo.process
        focused = self.app.focused
        keep_column = focused.index if isinstance(focused, DealList) else 0
        keep_deal = self.current_deal()
        query = parse_query(self.query_one("#board-filter", Input).value)
        accounts = {a.id: a.name for a in repo.all(Account)}
        steps = repo.actions_by("deal_id")
        by_stage: dict[str, list[Deal]] = defaultdict(list)
        for deal in repo.all(Deal):
            if query.empty or matches(query, text=deal.title, account=accounts.get(deal.account_id, ""),
                                      owner=" ".join(a.owner for a in steps.get(deal.id, [])), stage=deal.stage):
                by_stage[deal.stage].append(deal)
        board = self.query_one("#board", HorizontalScroll)
        await board.remove_children()
        columns = []
        for index, stage in enumerate(process.stages):
            deals = sorted(by_stage.get(stage.name, []), key=lambda d: (d.rank, d.id))
            t = totals(deals, process)
            header = Content.assemble((stage.name, "bold"), f"  {t.count}\n", (money(t.value), ""),
                                      (f"  weighted {money(t.weighted)}", "dim"), (f"  {stage.probability:.0%}", "dim"))
            deal_list = DealList(stage.name, index)
            options = [Option(card(d, accounts.get(d.account_id, "?"), steps.get(d.id, []), stage, self.today),
                              id=str(d.id)) for d in deals]
            deal_list.deal_ids = [d.id for d in deals]
            columns.append((Vertical(Static(header, classes="column-header"), deal_list,
                                     classes="stage-column" + (" closed" if stage.kind != StageKind.OPEN else "")),
                            deal_list, options))
        await board.mount_all([c for c, _, _ in columns])
        for _, deal_list, options in columns:
            deal_list.add_options(options[:PAGE])
            deal_list.pending = options[PAGE:]
        self._summary()
        lists = [dl for _, dl, _ in columns]
        if lists:
            target = lists[min(keep_column, len(lists) - 1)]
            if keep_deal is not None:
                target = next((dl for dl in lists if keep_deal.id in dl.deal_ids), target)
                if keep_deal.id in target.deal_ids:
                    target.highlighted = target.deal_ids.index(keep_deal.id)
            if target.option_count and target.highlighted is None:
                target.highlighted = 0
            if self.sp.query_one("TabbedContent").active == "pipeline" and not isinstance(self.app.screen, DealScreen):
                target.focus()
                target.scroll_visible()

    def _summary(self) -> None:
        repo, process = self.repo, self.repo.process
        deals = open_deals(repo.all(Deal), process)
        steps = repo.actions_by("deal_id")
        flagged = sum(1 for d in deals if deal_flags(d, steps.get(d.id, []), process.stage(d.stage), self.today))
        t = totals(deals, process)
        won = totals([d for d in repo.all(Deal) if (s := process.stage(d.stage)) and s.kind == StageKind.WON], process)
        self.query_one("#pipeline-summary", Static).update(Content.assemble(
            ("Pipeline ", "bold"), f"{t.count} open deals · {money(t.value)}", ("  ·  ", "dim"),
            ("weighted forecast ", "dim"), (money(t.weighted), "bold $accent"), ("  ·  ", "dim"),
            (f"{flagged} flagged", "bold $warning" if flagged else "$success"), ("  ·  ", "dim"),
            ("won ", "dim"), money(won.value),
        ))

    # ----- where the cursor is -----------------------------------------------------------------

    def _list(self) -> DealList | None:
        focused = self.app.focused
        if isinstance(focused, DealList):
            return focused
        lists = list(self.query(DealList))
        return lists[0] if lists else None

    def current_deal(self) -> Deal | None:
        deal_list = self._list()
        if deal_list is None or deal_list.highlighted is None or not deal_list.deal_ids:
            return None
        return self.repo.get(Deal, deal_list.deal_ids[deal_list.highlighted])

    def _writable(self) -> bool:
        if self.repo.read_only:
            self.notify(f"Read-only: {self.repo.read_only_reason}.", severity="warning", markup=False)
        return not self.repo.read_only

    # ----- keys --------------------------------------------------------------------------------

    def action_column(self, step: int) -> None:
        lists = list(self.query(DealList))
        current = self._list()
        if not lists or current is None:
            return
        row = current.highlighted or 0
        target = lists[max(0, min(len(lists) - 1, current.index + step))]
        if target.option_count:
            target.highlighted = min(row, target.option_count - 1)
        target.focus()
        target.parent.scroll_visible()  # type: ignore[union-attr]

    def action_stage(self, step: int) -> None:
        deal = self.current_deal()
        if deal is None or not self._writable():
            return
        process = self.repo.process
        target = neighbour_stage(process, deal, step)
        if target is None:
            self.notify("That is the end of the sales process.", timeout=2)
            return
        current = process.stage(deal.stage)
        if target.kind == StageKind.LOST:
            self.app.push_screen(
                ReasonScreen(f"Close {deal.title} as lost", "Why was it lost? (price, timing, competitor, no decision…)",
                             placeholder="e.g. chose the incumbent's bundled offer"),
                lambda reason: self._move(deal, target.name, reason) if reason else None)
            return
        lines = [f"{deal.title}: {deal.stage} → {target.name}"]
        if step > 0 and current and current.exit_criteria:
            lines += ["", f"To leave {current.name}, these must be true:"] + [f"  ✓ {c}" for c in current.exit_criteria]
        if step > 0 and target.playbook:
            lines += ["", f"Typical next steps in {target.name}:"] + [f"  • {p}" for p in target.playbook[:3]]
        self.app.push_screen(ConfirmScreen("Move deal", lines, "Are they met? Move it?" if step > 0 else "Move it back?"),
                             lambda yes: self._move(deal, target.name) if yes else None)

    def _move(self, deal: Deal, stage_name: str, reason: str = "") -> None:
        stage = self.repo.process.stage(stage_name)
        if stage is None:
            return
        try:
            changes = stage_change(deal, stage, reason=reason)
        except ValueError as e:
            self.notify(str(e).split(": ", 1)[-1], severity="error", markup=False)
            return
        moved = self.sp.apply(lambda: self.repo.update(deal, **changes), f"Moved to {stage.name}.")
        if moved and stage.kind == StageKind.OPEN:
            steps = self.repo.actions_by("deal_id").get(moved.id, [])
            if sum(1 for a in steps if a.is_open) < 2:
                self.notify("Fewer than two next steps: press n to add what's next.", severity="warning", timeout=5)

    def action_next_step(self) -> None:
        deal = self.current_deal()
        if deal is None or not self._writable():
            return
        stage = self.repo.process.stage(deal.stage)
        starts = [(f"From the {deal.stage} playbook: {p}", p) for p in (stage.playbook if stage else [])]
        starts.insert(0, ("Write my own", ""))
        self.app.push_screen(PickScreen(f"Next step for {deal.title}: start from", starts),
                             lambda start: self._step_form(deal, start))

    def _step_form(self, deal: Deal, start: str | None) -> None:
        if start is None:
            return
        sentence = f"By  I will {start[0].lower()}{start[1:]} with " if start else ""
        self.app.push_screen(ActionForm(deal_id=deal.id, sentence=sentence, heading=f"Next step · {deal.title}"))

    def action_open_deal(self) -> None:
        deal = self.current_deal()
        if deal is not None:
            self.app.push_screen(DealScreen(deal.id))

    @on(OptionList.OptionSelected, ".deal-list")
    def _selected(self) -> None:
        self.action_open_deal()

    def action_add_deal(self) -> None:
        if not self._writable():
            return
        if not self.repo.all(Account):
            self.notify("Add an account first (5 Accounts, then a).", severity="warning")
            return
        deal_list = self._list()
        stage = deal_list.stage if deal_list else self.repo.process.stages[0].name
        self.app.push_screen(DealForm(stage=stage))

    def action_filter(self) -> None:
        box = self.query_one("#board-filter", Input)
        box.remove_class("hidden")
        box.focus()

    @on(Input.Submitted, "#board-filter")
    def _apply_filter(self, event: Input.Submitted) -> None:
        event.input.set_class(not event.value.strip(), "hidden")
        self.reload()

    def on_key(self, event) -> None:  # noqa: ANN001
        box = self.query_one("#board-filter", Input)
        if event.key == "escape" and box.has_focus:
            box.value = ""
            box.add_class("hidden")
            self.reload()
            event.stop()

    def action_reorder(self, step: int) -> None:
        """Moves the card up or down its column; the order is stored as each card's rank."""
        deal_list = self._list()
        if deal_list is None or deal_list.highlighted is None or not self._writable():
            return
        order = list(deal_list.deal_ids)
        index, other = deal_list.highlighted, deal_list.highlighted + step
        if not 0 <= other < len(order):
            return
        order[index], order[other] = order[other], order[index]
        changed = []
        for rank, deal_id in enumerate(order, 1):
            deal = self.repo.get(Deal, deal_id)
            if deal is not None and deal.rank != rank:
                changed.append(deal.model_copy(update={"rank": float(rank)}))
        self.sp.apply(lambda: self.repo.save_many("reorder cards", changed))

    def action_edit_process(self) -> None:
        self.app.push_screen(ProcessEditor())


__all__ = ["Action", "PipelinePane"]
