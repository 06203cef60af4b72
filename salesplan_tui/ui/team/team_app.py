"""Provides TeamApp: the reps as rows of the roll-up's columns, sortable, the team's line and its forecast picture."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.widgets import DataTable, Header, Static

from salesplan_tui.core.base.visible import visible
from salesplan_tui.core.base.words import plural
from salesplan_tui.core.dates.day_words import day_label
from salesplan_tui.core.team.columns import BY_ID, COLUMNS, NAME_WIDTH, rep_label, sorted_reps
from salesplan_tui.core.team.figures import RepFigures
from salesplan_tui.core.team.rollup import Rollup
from salesplan_tui.ui import screens
from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.team.team_forecast import TeamForecast
from salesplan_tui.ui.text import join, plain
from salesplan_tui.ui.widgets.key_footer import KeyFooter

TEAM_ROW = "team"
# Below so many columns the names are cut shorter, so more figures fit beside them (a 40-column pane shows two).
NAME_WIDTHS = ((60, 12), (100, 20))
PROBLEMS_LISTED = 4  # files not read, one a line, in a box six lines high with its heading (team.tcss); past that, how many more


class TeamTable(DataTable[Text | str]):
    """The table of reps, its own enter ("Select", never shown) turned off: the Team view's "Open read-only" (enter)
    is then the key the footer shows, and the one enter runs. A click on a row still opens it (RowSelected)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "select_cursor"


@dataclass
class TeamState:
    """What the view keeps while a rep's workspace is open: the sort and the rep under the cursor."""

    sort: str = "rep"
    reverse: bool = False
    rep: str | None = None  # the path of the rep the cursor was on
    notice: str = ""  # what went wrong opening a rep, said when the view is back


class TeamApp(App[str | None]):
    """The manager's roll-up. Returns the path of the rep to open read-only (enter), or None to leave (q)."""

    CSS_PATH = "team.tcss"
    TITLE = "salesplan team"
    BINDINGS = bindings("team")
    scope = "team"

    def __init__(self, load: Callable[[], Rollup], state: TeamState | None = None) -> None:
        super().__init__()
        self._load = load
        self.state = state or TeamState()
        self.rollup: Rollup | None = None
        self.shown: list[RepFigures] = []
        self._name_width = NAME_WIDTH
        self._read_said = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="team-problems")
        yield TeamTable(id="team-table", cursor_type="row", zebra_stripes=True, fixed_columns=1)  # names stay on →
        with VerticalScroll(id="team-forecast-box"):
            yield TeamForecast(id="team-forecast")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.animation_level = "none"
        self._read()
        self.query_one(DataTable).focus()
        if self.state.notice:
            # The notice names the rep's file, whose name may hold an escape sequence ("[red]\x1b[2J.json"): made visible.
            self.notify(visible(self.state.notice), title="Could not open", severity="error", markup=False, timeout=8)
            self.state.notice = ""

    def action_reload(self) -> None:
        """Reads every file again (a rep shared a new export), keeping the sort and the rep under the cursor."""
        self.state.rep = self._current()
        before = self._read_reps()
        self._read()
        after = self._read_reps()
        changed = [f"{what}: {', '.join(sorted(names))}" for what, names in (
            ("not there now", [before[p] for p in before.keys() - after.keys()]),
            ("new", [after[p] for p in after.keys() - before.keys()])) if names]
        # Said, not only redrawn: a rep who dropped out of the list is otherwise missed until the one-on-one.
        self.notify(visible(f"Read again: {' · '.join([self._read_said, *changed])}."), timeout=6 if changed else 3,
                    markup=False)

    def _read_reps(self) -> dict[str, str]:
        """Each rep read, by file, with the name a row shows."""
        reps = self.rollup.reps if self.rollup is not None else ()
        return {str(r.path): rep_label(r) for r in reps if r.error is None}

    def _read(self) -> None:
        self.rollup = self._load()
        self._read_said = f"{plural(self.rollup.totals.reps, 'rep')} read · as of {day_label(self.rollup.today)}"
        self.sub_title = self._read_said
        failed = [r for r in self.rollup.reps if r.error is not None]
        problems = self.query_one("#team-problems", Static)
        parts: list[Text | str | tuple[str, str]] = [(f"Not read ({len(failed)}; the others are shown):", "bold")]
        listed = failed if len(failed) <= PROBLEMS_LISTED else failed[:PROBLEMS_LISTED - 1]
        for rep in listed:
            parts += [Text("\n"), plain(f"{rep.path}: {rep.error}")]
        if len(listed) < len(failed):  # the box is a few lines high: the rest would be cut off without a word
            parts += [Text("\n"), (f"… and {len(failed) - len(listed)} more: `salesplan team --plain` names each", "dim")]
        problems.update(join(*parts))
        problems.display = bool(failed)
        self.query_one(TeamForecast).draw(self.rollup.totals)
        self._fill()

    def _fill(self, width: int | None = None) -> None:
        """The rows in the chosen order, the team's line last, the cursor kept on the rep it was on."""
        assert self.rollup is not None
        table = self.query_one(DataTable)
        table.clear(columns=True)  # the headers too: the sorted column's carries its arrow
        for column in COLUMNS:
            largest_first = column.numeric != self.state.reverse
            mark = (" ▼" if largest_first else " ▲") if column.id == self.state.sort else ""
            table.add_column(plain(column.header + mark), key=column.id)
        self.shown = [r for r in sorted_reps(self.rollup.reps, self.state.sort, self.state.reverse) if r.error is None]
        self._name_width = self._fitting_name_width(width)
        for rep in self.shown:
            cells = [plain(rep_label(rep, self._name_width)) if c.id == "rep" else plain(c.rep(rep)) if not c.numeric
                     else Text(c.rep(rep), justify="right") for c in COLUMNS]
            table.add_row(*cells, key=str(rep.path))
        totals = self.rollup.totals
        table.add_row(*[Text(c.team(totals), style="bold", justify="left" if not c.numeric else "right")
                        for c in COLUMNS], key=TEAM_ROW)
        rows = [str(r.path) for r in self.shown]
        table.move_cursor(row=rows.index(self.state.rep) if self.state.rep in rows else 0)
        self.call_after_refresh(self._say_if_cut, None if width is None else self._room(width))

    def _room(self, width: int) -> int:
        """How wide the table's content may be on a terminal `width` wide (the table's own region, as it is laid out
        now, plus what the terminal gains): a resize lays the table out only after its handlers ran."""
        return self.query_one(DataTable).scrollable_content_region.width + width - self.size.width

    def _say_if_cut(self, room: int | None = None) -> None:
        """On a narrow terminal the last columns (overdue, the one-on-one's commitments, findings) are past the edge:
        the title says how to reach them, as nothing else on the screen would."""
        table = self.query_one(DataTable)
        cut = table.virtual_size.width > (table.scrollable_content_region.width if room is None else room)
        self.sub_title = self._read_said + (" · → more columns" if cut else "")

    def _fitting_name_width(self, width: int | None = None) -> int:
        return next((names for below, names in NAME_WIDTHS if (width or self.size.width) < below), NAME_WIDTH)

    def on_resize(self, event: Resize) -> None:
        if self.rollup is None:
            return
        if self._fitting_name_width(event.size.width) != self._name_width:  # self.size is the old one still
            self.state.rep = self._current()
            self._fill(event.size.width)
        else:
            self._say_if_cut(self._room(event.size.width))

    def action_sort(self, column: str) -> None:
        """Sorts by a column; the same key again turns the order round."""
        if column not in BY_ID:
            return
        self.state.reverse = not self.state.reverse if column == self.state.sort else False
        self.state.sort = column
        self.state.rep = self._current()
        self._fill()

    def _current(self) -> str | None:
        row = self.query_one(DataTable).cursor_row
        return str(self.shown[row].path) if 0 <= row < len(self.shown) else None

    def action_open_rep(self) -> None:
        rep = self._current()
        if rep is None:
            self.notify("That is the team's line: pick a rep to open their workspace.", timeout=3)
            return
        self.state.rep = rep
        self.exit(rep)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_rep()

    def action_help(self) -> None:
        if isinstance(self.screen, screens.HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(screens.HelpScreen("team", self.screen.active_bindings))
