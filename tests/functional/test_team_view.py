"""Tests the Team view as a manager uses it: sort by a column's key, enter opens a rep read-only, escape comes back."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, TabbedContent

from salesplan_tui.core.model.records import Action
from salesplan_tui.core.storage import Repository
from salesplan_tui.core.team.rollup import roll_up
from salesplan_tui.ui.screens.help import HelpScreen
from salesplan_tui.ui.team.rep_app import RepApp
from salesplan_tui.ui.team.run import opened_read_only
from salesplan_tui.ui.team.team_app import TeamApp, TeamState
from tests.conftest import TODAY
from tests.unit.team_workspaces import make_team

from .conftest import SIZE


@pytest.fixture
def team(tmp_path: Path) -> Path:
    make_team(tmp_path / "team", 4, exports=1)
    (tmp_path / "team" / "broken.json").write_text("{", encoding="utf-8")
    return tmp_path / "team"


def sellers(app: TeamApp) -> list[str]:
    return [r.seller for r in app.shown]


def first_column(app: TeamApp) -> list[str]:
    table = app.query_one(DataTable)
    return [str(table.get_row_at(n)[0]) for n in range(table.row_count)]


async def test_a_key_per_column_sorts_and_the_same_key_again_turns_it_round(team: Path) -> None:
    app = TeamApp(lambda: roll_up([team], TODAY))
    async with app.run_test(size=SIZE) as pilot:
        assert sellers(app) == ["Rep 00", "Rep 01", "Rep 02", "Rep 03"]
        assert first_column(app)[-1] == "Team (4 reps)"  # the team's line stays last, whatever the order
        await pilot.press("o")
        opened = [r.open_deals for r in app.shown]
        assert opened == sorted(opened, reverse=True) and opened != sorted(opened)  # largest first, and it moved
        assert [str(c.label) for c in app.query_one(DataTable).columns.values()][1] == "Open ▼"  # the header says so
        await pilot.press("o")
        assert [r.open_deals for r in app.shown] == sorted(opened)
        await pilot.press("w")
        weighted = [r.pipeline.weighted for r in app.shown]
        assert weighted == sorted(weighted, reverse=True)
        assert first_column(app)[:4] == sellers(app) and first_column(app)[-1] == "Team (4 reps)"
        await pilot.press("n")
        assert sellers(app) == ["Rep 00", "Rep 01", "Rep 02", "Rep 03"]
        assert "broken.json" in str(app.query_one("#team-problems").render())  # the file not read is said


async def test_enter_opens_the_rep_under_the_cursor_and_the_sort_is_kept(team: Path) -> None:
    app = TeamApp(lambda: roll_up([team], TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "down", "enter")
    chosen = app.shown[1]
    assert app.return_value == str(chosen.path)
    again = TeamApp(lambda: roll_up([team], TODAY), app.state)  # the view as it was, when the rep's window closes
    async with again.run_test(size=SIZE):
        assert again.state.sort == "findings"
        assert again.query_one(DataTable).cursor_row == 1 and again.shown[1].path == chosen.path


async def test_enter_on_the_team_line_opens_nothing(team: Path) -> None:
    app = TeamApp(lambda: roll_up([team], TODAY), TeamState())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "down", "down", "down")
        assert app.query_one(DataTable).cursor_row == 4  # the team's line, under the four reps
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and app.return_value is None


@pytest.mark.parametrize("which", ["rep00-export.json", "rep01.json"])
async def test_a_rep_opens_read_only_and_escape_returns_to_the_team(team: Path, which: str) -> None:
    path = team / which
    before = path.read_bytes(), path.stat().st_mtime_ns
    with opened_read_only(path) as repo:
        assert repo.read_only
        app = RepApp(repo, today=TODAY)
        async with app.run_test(size=SIZE) as pilot:
            assert "Rep 0" in str(app.title) and "back to the team" in str(app.sub_title)
            await pilot.press("3")  # the past one-on-ones and "since last time"
            assert app.query_one(TabbedContent).active == "review"
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")  # a screen of its own is closed first
            assert not isinstance(app.screen, HelpScreen) and app.is_running
            await pilot.press("escape")
        assert app.back_to_team
        copy = repo.path
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    if which.endswith("export.json"):
        assert not copy.exists()  # the export's temporary workspace is gone with the window


async def test_a_rep_window_cannot_change_the_reps_file(team: Path) -> None:
    path = team / "rep01.json"
    with Repository(path, role="app") as writer, opened_read_only(path) as repo:  # the rep's own app is open too
        app = RepApp(repo, today=TODAY)
        count = len(repo.all(Action))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("a")
            await pilot.pause()
            assert len(repo.all(Action)) == count and not writer.changed_on_disk()


async def test_r_reads_the_folder_again_and_keeps_the_sort(team: Path) -> None:
    app = TeamApp(lambda: roll_up([team], TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        assert len(app.shown) == 4
        make_team(team / "new", 1, exports=1, seed=7)  # a rep shares an export while the view is open
        await pilot.press("r")
        assert len(app.shown) == 5 and app.state.sort == "findings"
        assert "Team (5 reps)" in [str(app.query_one(DataTable).get_row_at(n)[0]) for n in range(6)]


def test_the_command_goes_from_the_team_to_a_rep_and_back_until_the_manager_leaves(team: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from salesplan_tui.ui.team import run

    seen: list[tuple[str, object]] = []

    def team_run(self: TeamApp) -> str | None:
        self.rollup = self._load()
        seen.append(("team", self.state.sort))
        if len(seen) == 1:
            self.state.sort = "findings"
            return str(team / "rep01.json")
        return None

    def rep_run(self: RepApp) -> None:
        seen.append(("rep", (self.repo.workspace.seller, self.repo.read_only)))
        self.back_to_team = True

    monkeypatch.setattr(TeamApp, "run", team_run)
    monkeypatch.setattr(RepApp, "run", rep_run)
    assert run.run_team([team], TODAY) == 2  # broken.json was not read
    assert seen == [("team", "rep"), ("rep", ("Rep 01", True)), ("team", "findings")]


async def test_t_shows_since_last_time_and_the_agenda_without_starting_a_review(team: Path) -> None:
    from textual.widgets import Static

    from salesplan_tui.core.model.records import Review
    from salesplan_tui.ui.team.since_screen import SinceLastTime

    with opened_read_only(team / "rep01.json") as repo:
        reviews = len(repo.all(Review))
        app = RepApp(repo, today=TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("t")
            await pilot.pause()
            assert isinstance(app.screen, SinceLastTime)
            heading = str(app.screen.query_one("#since-heading", Static).render())
            assert "Jill Carter" in heading  # the manager of the rep's last one-on-one
            agenda = str(app.screen.query_one("#since-agenda", Static).render())
            assert "would walk today" in agenda and "↺" in agenda  # the last one's commitments come first
            await pilot.press("escape")
            assert not isinstance(app.screen, SinceLastTime) and app.is_running
        assert len(repo.all(Review)) == reviews  # nothing started, nothing written


async def test_the_footer_shows_enter_opens_a_rep_not_the_tables_hidden_select(team: Path) -> None:
    app = TeamApp(lambda: roll_up([team], TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        enter = app.screen.active_bindings["enter"]
        assert enter.binding.action == "open_rep" and enter.binding.show  # was DataTable's unshown "select_cursor"
        await pilot.press("enter")
    assert app.return_value == str(app.shown[0].path)


async def test_on_a_narrow_terminal_names_are_cut_shorter_and_the_title_says_more_columns_are_to_the_right(
        tmp_path: Path) -> None:
    from salesplan_tui.core.exchange.workspace_json import export_json, from_document
    from tests.unit.team_workspaces import rep_document

    doc = rep_document(0)
    doc["workspace"]["seller"] = "Alexandra Montgomery-Featherstonehaugh the Third"
    (tmp_path / "alex.json").write_bytes(export_json(from_document(doc)))
    app = TeamApp(lambda: roll_up([tmp_path], TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert first_column(app)[0] == "Alexandra Montgomer…"  # 20 characters, the last the ellipsis
        assert app.sub_title.endswith("· → more columns") and "1 rep read" in app.sub_title
        assert app.query_one(DataTable).fixed_columns == 1  # the names stay while the figures scroll
        await pilot.resize_terminal(200, 40)
        await pilot.pause()
        await pilot.pause()
        assert first_column(app)[0] == "Alexandra Montgomery-Feathersto…"  # 32 where there is room
        assert not app.sub_title.endswith("more columns")


def test_a_rep_whose_file_went_away_after_the_roll_up_is_one_notice_and_the_team_is_back(team: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from salesplan_tui.ui.team import run

    notices: list[str] = []

    def team_run(self: TeamApp) -> str | None:
        self.rollup = self._load()
        notices.append(self.state.notice)
        if len(notices) == 1:
            (team / "rep02.json").unlink()  # the rep's folder was tidied while the manager looked at the list
            return str(team / "rep02.json")
        return None

    monkeypatch.setattr(TeamApp, "run", team_run)
    assert run.run_team([team], TODAY) == 2
    assert notices == ["", f"{team / 'rep02.json'}: there is no such file"]


async def test_a_notice_naming_a_file_with_an_escape_sequence_in_its_name_shows_it_as_symbols(team: Path) -> None:
    notice = f"{team}/[red]\x1b[2J\x1b]52;c;eA==\x07rep.json: there is no such file"
    app = TeamApp(lambda: roll_up([team], TODAY), TeamState(notice=notice))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = [n.message for n in app._notifications]
    assert len(said) == 1 and "\x1b" not in said[0] and "\x07" not in said[0]
    assert "[red]␛[2J␛]52;c;eA==␇rep.json: there is no such file" in said[0]


async def test_in_a_forty_column_pane_a_twins_file_is_cut_too_and_the_figures_still_start_on_screen(team: Path) -> None:
    from salesplan_tui.core.exchange.workspace_json import export_json, from_document
    from tests.unit.team_workspaces import rep_document

    (team / "rep01-exported-last-monday-by-hand.json").write_bytes(export_json(from_document(rep_document(1))))
    app = TeamApp(lambda: roll_up([team], TODAY))
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        names = first_column(app)
        assert "Rep 01 (…y-hand.json)" in names and "Rep 01 (rep01.json)" in names
        assert max(len(n) for n in names[:-1]) <= 12 * 2 + 3  # a name and a file, 12 characters each at most


async def test_many_files_not_read_are_counted_and_the_box_says_how_many_more_rather_than_cutting_them_off(
        team: Path) -> None:
    for n in range(7):
        (team / f"torn-{n}.json").write_text("{", encoding="utf-8")
    app = TeamApp(lambda: roll_up([team], TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = app.query_one("#team-problems")
        lines = str(box.render()).splitlines()
        assert lines[0] == "Not read (8; the others are shown):"
        assert len(lines) == 5 and lines[-1] == "… and 5 more: `salesplan team --plain` names each"
        assert box.size.height == 5  # every line shown, none folded under another


async def test_r_says_which_reps_are_no_longer_there_and_which_are_new(team: Path) -> None:
    from salesplan_tui.core.exchange.workspace_json import export_json, from_document
    from tests.unit.team_workspaces import rep_document

    app = TeamApp(lambda: roll_up([team], TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        (team / "rep02.json").unlink()  # a rep's file went away while the view was open
        doc = rep_document(9)
        doc["workspace"]["seller"] = "Zoë\x1b]0;x\x07"
        (team / "zoe.json").write_bytes(export_json(from_document(doc)))
        await pilot.press("r")
        await pilot.pause()
        said = [n.message for n in app._notifications][-1]
    assert "Rep 02" not in sellers(app) and "not there now: Rep 02" in said and "new: Zoë␛]0;x␇" in said
    assert "\x1b" not in said
