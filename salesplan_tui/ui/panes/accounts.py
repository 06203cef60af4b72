"""Provides the Accounts pane: each account's strategic objective and the objectives and deals tied to it."""

from __future__ import annotations

from collections import defaultdict

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import DataTable, Static

from salesplan_tui.core.dates.day_words import describe
from salesplan_tui.core.model.records import Account, Contact, Deal, Kind, Objective
from salesplan_tui.core.pipeline.moves import open_deals_by_account, totals
from salesplan_tui.ui import screens
from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.panes.base import Pane
from salesplan_tui.ui.text import assemble, money, money_of, plain, shown


class AccountsPane(Pane):
    """Accounts with their next milestone; the side panel shows what is tied to the highlighted one."""

    scope = "accounts"
    watches = (Kind.ACCOUNT, Kind.OBJECTIVE, Kind.DEAL, Kind.PROCESS, Kind.CONTACT)
    BINDINGS = bindings("accounts")

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield DataTable(id="accounts-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="account-detail")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Account", "Strategic objective", "Worth", "By", "Objectives", "Open deals", "Pipeline")

    def focus_main(self) -> None:
        self.focus_now(self.query_one(DataTable))

    def reload(self) -> None:
        super().reload()
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        objectives: dict[int, list[Objective]] = defaultdict(list)
        for o in self.repo.all(Objective):
            if o.account_id:
                objectives[o.account_id].append(o)
        deals = defaultdict(list, open_deals_by_account(self.repo.all(Deal), self.repo.process))
        self._objectives, self._deals = objectives, deals
        for a in self.repo.all(Account):
            s = a.strategic
            table.add_row(
                plain(a.name, "bold"), plain(s.milestone or "— set the next milestone (e)"),
                Text(money(s.financial_target) if s.financial_target is not None else "—", justify="right"),
                Text(describe(s.by_date, self.today) if s.by_date else "—"),
                Text(str(len(objectives[a.id])), justify="right"), Text(str(len(deals[a.id])), justify="right"),
                Text(money_of(totals(deals[a.id], self.repo.process)), justify="right"), key=str(a.id),
            )
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self._show_detail()

    def _account(self) -> Account | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.repo.get(Account, int(key)) if key else None

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        account = self._account()
        detail = self.query_one("#account-detail", Static)
        if account is None:
            detail.update(Content("No accounts yet." + ("" if self.repo.read_only else " Press a to add one.")))
            return
        s = account.strategic
        parts: list = [shown(account.name, "bold $accent"), "\n\n", ("Strategic objective\n", "bold"),
                       shown(s.milestone or "(not set)"), "\n"]
        if s.financial_target is not None:
            parts += [("worth ", "dim"), money(s.financial_target)]
        if s.by_date:
            parts += [("  by ", "dim"), describe(s.by_date, self.today)]
        parts += ["\n\n", ("Objectives\n", "bold")]
        parts += [item for o in self._objectives[account.id] for item in
                  ("• ", shown(o.title), (f"  {o.progress:.0%}\n", "dim"))] or [("none tied\n", "dim")]
        parts += ["\n", ("Open deals\n", "bold")]
        parts += [item for d in self._deals[account.id] for item in
                  ("• ", shown(d.title), shown(f"  {d.stage} · {money(d.value, d.currency)}\n", "dim", multiline=True))] or [("none\n", "dim")]
        people = [c for c in self.repo.all(Contact) if c.account_id == account.id]
        parts += ["\n", ("Contacts", "bold"), ("  c adds or edits\n", "dim")]
        parts += [item for c in people for item in
                  ("• ", shown(c.name), shown(f"  {c.role}" if c.role else "", "dim"),
                   shown(f"  {c.email}" if c.email else "", "dim"), shown(f"  {c.phone}" if c.phone else "", "dim"),
                   "\n")] or [("none yet\n", "dim")]
        if account.notes:
            parts += ["\n", ("Notes\n", "bold"), shown(account.notes, multiline=True)]
        detail.update(assemble(*parts))

    def action_add_account(self) -> None:
        if self.writable():
            self.app.push_screen(screens.AccountForm())

    def action_edit_account(self) -> None:
        account = self._account()
        if account and self.writable():
            self.app.push_screen(screens.AccountForm(account))

    def action_contacts(self) -> None:
        """The highlighted account's people: pick one to edit, or add a new one."""
        account = self._account()
        if account is None or not self.writable():
            return
        people = [(f"{c.name}, {c.role}" if c.role else c.name, c) for c in self.repo.all(Contact)
                  if c.account_id == account.id]
        choices = [("+ New contact", None), *people]
        def edit(picked: tuple[Contact | None] | None) -> None:
            if picked:
                self.app.push_screen(screens.ContactForm(picked[0], account_id=account.id))

        self.app.push_screen(screens.PickScreen(f"Contacts at {account.name}", [(label, (c,)) for label, c in choices]),
                             edit)

    @on(DataTable.RowSelected)
    def _edit_selected(self) -> None:
        self.action_edit_account()
