"""Provides the Pipeline pane: one column per sales-process stage, cards with the next two steps in view."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import HorizontalScroll, Vertical
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.change import require
from salesplan_tui.core.model.records import Account, Deal, Kind, Stage, StageKind
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.core.pipeline.moves import Totals, deals_of_kind, open_deals, ranked, totals
from salesplan_tui.core.plan.filter import matches, parse_query
from salesplan_tui.ui import screens
from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.deal_card import card_prompt
from salesplan_tui.ui.deal_closing import ask_to_close
from salesplan_tui.ui.deal_tidy import ask_to_delete, ask_to_merge, rates_of
from salesplan_tui.ui.panes.base import Pane
from salesplan_tui.ui.screens.stage_move import stage_move_screen
from salesplan_tui.ui.text import assemble, money_of, plural, shown
from salesplan_tui.ui.widgets.filter_box import FilterBox
from salesplan_tui.ui.widgets.forecast_view import ForecastView
from salesplan_tui.ui.widgets.paged_list import PagedList

PAGE = 16  # cards drawn per column at first; more are drawn as the cursor nears the end


class DealList(PagedList):
    """The cards of one stage; a column of hundreds draws only what is looked at."""

    BINDINGS = bindings("board", widget="list")  # j and k, as in the Plan pane

    def __init__(self, stage: str, index: int) -> None:
        super().__init__(id=f"stage-{index}", classes="deal-list")
        self.stage = stage
        self.index = index
        self.deal_ids: list[int] = []


class PipelinePane(Pane):
    """Deals by stage. shift+→ moves a deal on (showing the exit criteria), n adds a next step through the coach."""

    scope = "board"
    watches = (Kind.DEAL, Kind.ACTION, Kind.ACCOUNT, Kind.PROCESS)
    BINDINGS = bindings("board")

    def __init__(self, *children: Widget, **kwargs: Any) -> None:
        super().__init__(*children, **kwargs)
        self._shown, self._headers, self._cards = {}, {}, {}

    def compose(self) -> ComposeResult:
        yield Static(id="pipeline-summary")
        yield FilterBox("filter: words, owner:me, account:fabrikam · escape clears", id="board-filter")
        yield HorizontalScroll(id="board")
        yield ForecastView(id="forecast", classes="hidden")

    def focus_main(self) -> None:
        lists = list(self.query(DealList))
        if lists:
            focused = self.app.focused
            self.focus_now(focused if isinstance(focused, DealList) else lists[0])

    # ----- drawing -----------------------------------------------------------------------------

    _layout: tuple[str, ...] = ()
    _draw_pending = False
    _shown: dict[str, tuple]  # what each column last drew (its deals and their steps), by stage
    _headers: dict[str, tuple]  # each column header's figures as last drawn, by stage
    _cards: dict[int, tuple]  # each deal's card as last made, with the records it was made from (see _card_maker)

    def reload(self) -> None:
        super().reload()
        if not self._draw_pending:  # several changes in one turn redraw once
            self._draw_pending = True
            self.call_later(self._draw)

    async def _draw(self) -> None:
        self._draw_pending = False
        forecast_view = self.query_one(ForecastView)
        if not forecast_view.has_class("hidden"):
            forecast_view.draw(self.repo, self.today)
        repo, process = self.repo, self.repo.process
        focused = self.app.focused
        keep_column = focused.index if isinstance(focused, DealList) else 0
        keep_deal = self.repo.get(Deal, self._follow) if self._follow else self.current_deal()
        self._follow = None
        layout = tuple(s.name for s in process.stages)
        if layout != self._layout:
            await self._mount_columns()
            self._layout = layout
            self._shown, self._headers = {}, {}
        query = parse_query(self.query_one(FilterBox).value)
        accounts = {a.id: a.name for a in repo.all(Account)}
        steps = repo.actions_by("deal_id")
        by_stage: dict[str, list[Deal]] = defaultdict(list)
        deals = repo.all(Deal)
        if len(self._cards) > len(deals):  # cards of deals deleted or merged away are not kept
            present = {d.id for d in deals}
            self._cards = {i: card for i, card in self._cards.items() if i in present}
        for deal in deals:
            if query.empty or matches(query, text=deal.title, account=accounts.get(deal.account_id, ""),
                                      owner=" ".join(a.owner for a in steps.get(deal.id, [])), stage=deal.stage):
                by_stage[deal.stage].append(deal)
        lists = list(self.query(DealList))
        for stage, deal_list, header in zip(process.stages, lists, self.query(".column-header"), strict=False):
            deals = ranked(by_stage.get(stage.name, []))
            ids = [d.id for d in deals]
            # Records are immutable, so the very same deals and steps (and the same day, stage and account names)
            # mean the column would look the same: skip it, its figures too (summing every column's deals again
            # was most of a deal move's drawing).
            column_steps = [steps.get(d.id, ()) for d in deals]
            drawn = ((self.today, stage, [accounts.get(d.account_id) for d in deals], [len(s) for s in column_steps]),
                     (*deals, *(a for s in column_steps for a in s)))
            deal_list.deal_ids = ids
            if _same(self._shown.get(stage.name), drawn):
                continue
            self._shown[stage.name] = drawn
            t = totals(deals, process)
            if self._headers.get(stage.name) != (stage, t):  # a column's figures, redrawn only when they change
                self._headers[stage.name] = (stage, t)
                cast(Static, header).update(assemble(
                    shown(stage.name, "bold"), f"  {t.count}\n", (money_of(t), ""),
                    (f"  weighted {money_of(t, weighted=True)}", "dim"), (f"  {stage.probability:.0%}", "dim")),
                    layout=False)  # two lines, always: the board is not laid out again
            highlighted = deal_list.highlighted
            deal_list.show(deals, self._card_maker(stage, accounts, steps), PAGE)  # the rest as the cursor nears them
            if deal_list.option_count:
                deal_list.highlighted = min(highlighted or 0, deal_list.option_count - 1)
        self._summary()
        if not lists:
            return
        target = lists[min(keep_column, len(lists) - 1)]
        if keep_deal is not None:
            target = next((dl for dl in lists if keep_deal.id in dl.deal_ids), target)
            if keep_deal.id in target.deal_ids:
                target.show_index(target.deal_ids.index(keep_deal.id))
        if self.shown and self.app.screen is self.screen:
            self.focus_now(target)
            target.scroll_visible()

    def _card_maker(self, stage: Stage, accounts: dict[int, str], steps: dict) -> Callable[[Deal], Option]:
        today = self.today
        cards = self._cards

        def make(deal: Deal) -> Option:
            # A card drawn before from the very same records (they are immutable) is used again, with the lines it
            # was measured at: a move redrew two whole columns of cards for the one that moved.
            account, its_steps = accounts.get(deal.account_id, "?"), tuple(steps.get(deal.id, ()))
            kept = cards.get(deal.id)
            if kept is not None and kept[0] is deal and kept[1] is stage and kept[2] == (account, today) and \
                    len(kept[3]) == len(its_steps) and all(a is b for a, b in zip(kept[3], its_steps, strict=True)):
                return kept[4]
            option = Option(card_prompt(deal, account, its_steps, stage, today), id=str(deal.id))
            cards[deal.id] = (deal, stage, (account, today), its_steps, option)
            return option

        return make

    async def _mount_columns(self) -> None:
        board = self.query_one("#board", HorizontalScroll)
        await board.remove_children()
        columns = []
        for index, stage in enumerate(self.repo.process.stages):
            deal_list = DealList(stage.name, index)
            columns.append(Vertical(Static(classes="column-header"), deal_list,
                                    classes="stage-column" + (" closed" if stage.kind != StageKind.OPEN else "")))
        await board.mount_all(columns)

    def findings_changed(self) -> None:
        self._summary()

    _said: tuple[object, ...] | None = None
    _summed: tuple[object, list[Deal], tuple[Totals, Totals]] | None = None  # the process, deals and totals last summed

    def _summary(self) -> None:
        """The line above the board; redrawn only when one of its figures changed."""
        repo, process = self.repo, self.repo.process
        deals = repo.all(Deal)
        kept = self._summed
        if kept is not None and kept[0] is process and len(kept[1]) == len(deals) and \
                all(a is b for a, b in zip(kept[1], deals, strict=True)):
            t, won = kept[2]  # the very same deals (records are immutable): the same sums, without adding them up
        else:
            t = totals(open_deals(deals, process), process)
            won = totals(deals_of_kind(deals, process, StageKind.WON), process)
            self._summed = (process, deals, (t, won))
        flagged = len(self.sp.live.flagged_deals) if self.sp.live is not None else 0
        said = (t, won, flagged)
        if said == self._said:
            return
        self._said = said
        self.query_one("#pipeline-summary", Static).update(assemble(
            ("Pipeline ", "bold"), f"{plural(t.count, 'open deal')} · {money_of(t)}", ("  ·  ", "dim"),
            ("weighted forecast ", "dim"), (money_of(t, weighted=True), "bold $accent"), ("  ·  ", "dim"),
            (f"{flagged:,} flagged", "bold $warning" if flagged else "$success"), ("  ·  ", "dim"),
            ("won ", "dim"), money_of(won),
        ), layout=False)  # one line: nothing around it moves

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
        self.focus_now(target)
        if isinstance(target.parent, Widget):
            target.parent.scroll_visible()

    def action_stage(self, step: int) -> None:
        deal = self.current_deal()
        if deal is None or not self.writable():
            return
        try:
            target = deal_ops.step_stage(self.repo, deal, step)
        except ValidationFailed as e:
            self.notify(str(e.errors.get("stage", e)).capitalize() + ".", timeout=2, markup=False)
            return
        current = self.repo.process.stage(deal.stage)
        if target.kind == StageKind.LOST:
            self.app.push_screen(
                screens.ReasonScreen(f"Close {deal.title} as lost", "Why was it lost? (price, timing, competitor, no decision…)",
                                     placeholder="e.g. chose the incumbent's bundled offer"),
                lambda reason: self._move(deal, target, reason) if reason else None)
            return
        forward = step > 0 and current is not None
        self.app.push_screen(stage_move_screen(self.app, f"{deal.title}: {deal.stage} → {target.name}",
                                               current.exit_criteria if forward and current else [], deal.stage,
                                               target.playbook[:3] if step > 0 else [], target.name),
                             lambda yes: self._move(deal, target) if yes else None)

    def _move(self, deal: Deal, stage: Stage, reason: str = "") -> None:
        # After the frame that closes the dialog (its whole screen is drawn again), so that frame comes at once
        # and the board's change follows it; the move is made on the deal as it is then.
        def move() -> None:
            self.sp.apply(lambda: deal_ops.move_stage(self.repo, self.sp.clock,
                                                      require(self.repo.get(Deal, deal.id), "deal"), stage,
                                                      reason=reason, rates=rates_of(self.sp)))

        self.call_after_refresh(move)

    def action_close(self, won: bool) -> None:
        deal = self.current_deal()
        if deal is not None and self.writable():
            ask_to_close(self.sp, deal, won=won)

    def action_delete_deal(self) -> None:
        deal = self.current_deal()
        if deal is not None and self.writable():
            ask_to_delete(self.sp, deal)

    def action_merge_deal(self) -> None:
        """Merges a duplicate into the deal under the cursor, picked from the account's other deals."""
        deal = self.current_deal()
        if deal is not None and self.writable():
            ask_to_merge(self.sp, deal)

    def action_next_step(self) -> None:
        deal = self.current_deal()
        if deal is None or not self.writable():
            return
        stage = self.repo.process.stage(deal.stage)
        starts = [(f"From the {deal.stage} playbook: {p}", p) for p in (stage.playbook if stage else [])]
        starts.insert(0, ("Write my own", ""))
        self.app.push_screen(screens.PickScreen(f"Next step for {deal.title}: start from", starts),
                             lambda start: self._step_form(deal, start))

    def _step_form(self, deal: Deal, start: str | None) -> None:
        if start is None:
            return
        sentence = f"By  I will {start[0].lower()}{start[1:]} with " if start else ""
        from salesplan_tui.ui.screens.action_form import action_form

        self.app.push_screen(action_form(self.app, deal_id=deal.id, sentence=sentence, heading=f"Next step · {deal.title}"))

    def action_open_deal(self) -> None:
        deal = self.current_deal()
        if deal is not None:
            self.app.push_screen(screens.DealScreen(deal.id))

    @on(OptionList.OptionSelected, ".deal-list")
    def _selected(self) -> None:
        self.action_open_deal()

    def action_add_deal(self) -> None:
        if not self.writable():
            return
        deal_list = self._list()
        stage = deal_list.stage if deal_list else self.repo.process.stages[0].name
        self.app.push_screen(screens.DealForm(stage=stage), self._follow_new)

    _follow: int | None = None  # a deal the cursor goes to on the next draw (one just added)

    def _follow_new(self, deal: Deal | None) -> None:
        if deal is not None:
            self._follow = deal.id
            self.reload()

    def action_filter(self) -> None:
        self.query_one(FilterBox).open()

    @on(FilterBox.Applied)
    def _apply_filter(self, event: FilterBox.Applied) -> None:
        event.box.set_text(event.text)
        self.reload()

    def action_reorder(self, step: int) -> None:
        """Moves the card up or down its column; the order is stored as each card's rank."""
        deal = self.current_deal()
        if deal is not None and self.writable():
            self.sp.apply(lambda: deal_ops.reorder(self.repo, deal, step))

    def action_forecast(self) -> None:
        """f swaps the board for the forecast picture and back."""
        view = self.query_one(ForecastView)
        showing = view.has_class("hidden")
        view.set_class(not showing, "hidden")
        self.query_one("#board").set_class(showing, "hidden")
        if showing:
            self._column = self._list()  # back on the same card after the forecast, not the first column
            view.draw(self.repo, self.today)
            self.focus_now(view)
        elif self._column is not None and self._column.is_attached:
            self.focus_now(self._column)
        else:
            self.focus_main()

    _column: DealList | None = None  # the column the cursor was in when the forecast was shown

    def action_edit_process(self) -> None:
        self.app.push_screen(screens.ProcessEditor())


def _same(before: tuple | None, now: tuple) -> bool:
    """Whether a column's drawing inputs are equal values and the very same records (compared by identity: a
    record compared field by field would cost more than drawing it)."""
    return before is not None and before[0] == now[0] and len(before[1]) == len(now[1]) and \
        all(a is b for a, b in zip(before[1], now[1], strict=True))
