"""Tests `salesplan team`: the roll-up's figures against each rep's own `deals --json`, read-only, and its errors."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from salesplan_tui.cli.main import cli
from salesplan_tui.core.exchange.demo import open_demo
from salesplan_tui.core.model.process import default_process
from salesplan_tui.core.storage import Repository
from salesplan_tui.core.team.rollup import roll_up
from tests.conftest import TODAY
from tests.unit.team_workspaces import make_team

DAY = ["--today", TODAY.isoformat()]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "salesplan_tui", *args], capture_output=True, text=True, timeout=60)


def deals_json(path: Path) -> list[dict[str, object]]:
    """What the rep would see with `salesplan deals --json` (the command itself, run in this process)."""
    result = CliRunner().invoke(cli, ["deals", "--json", "--db", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def expected_totals(paths: list[Path]) -> dict[str, dict[str, float] | int]:
    """The team's open deals, pipeline and weighted forecast summed from each rep's own list of deals."""
    probability = {s.name: s.probability for s in default_process().stages if s.kind == "open"}
    count, value, weighted = 0, {}, {}
    for path in paths:
        for deal in deals_json(path):
            if deal["stage"] in probability:
                count += 1
                value[deal["currency"]] = value.get(deal["currency"], 0.0) + deal["value"]
                weighted[deal["currency"]] = weighted.get(deal["currency"], 0.0) + deal["value"] * probability[deal["stage"]]
    return {"open_deals": count, "pipeline_value": value, "weighted": weighted}


def tree(folder: Path) -> dict[str, tuple[int, int, int, str]]:
    """Every file and folder under folder: size, mtime, mode and a digest of its bytes."""
    seen = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root, name)
            info = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
            seen[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns, info.st_mode, digest)
    return seen


@pytest.mark.parametrize("count", [5, 50])
def test_team_totals_equal_the_sum_of_each_reps_deals(tmp_path: Path, count: int) -> None:
    paths = make_team(tmp_path / "team", count)
    result = CliRunner().invoke(cli, ["team", "--json", *DAY, str(tmp_path / "team")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    totals = json.loads(result.output)["totals"]
    expected = expected_totals(paths)
    assert totals["reps"] == count and totals["unread"] == 0
    assert totals["bookings_target"] == pytest.approx(1_200_000 * count)  # each rep's demo bookings objective
    assert totals["open_deals"] == expected["open_deals"]
    for key in ("pipeline_value", "weighted"):
        assert set(totals[key]) == set(expected[key]) == {"USD", "EUR"}  # never one currency added into another
        for currency, amount in expected[key].items():
            assert totals[key][currency] == pytest.approx(amount)


def test_each_rep_has_its_line_with_the_keys_a_script_reads(tmp_path: Path) -> None:
    paths = make_team(tmp_path, 3, exports=1)
    result = run("team", "--json", *DAY, *map(str, paths))
    assert result.returncode == 0, result.stderr
    reps = json.loads(result.stdout)["reps"]
    assert [r["seller"] for r in reps] == ["Rep 00", "Rep 01", "Rep 02"]
    assert [r["kind"] for r in reps] == ["export", "workspace", "workspace"]
    for rep, path in zip(reps, paths, strict=True):
        assert {"workspace", "seller", "open_deals", "pipeline_value", "weighted", "won", "overdue_actions", "findings",
                "error"} <= set(rep)
        assert rep["error"] is None and rep["workspace"] == str(path)
        own = expected_totals([path]) if rep["kind"] == "workspace" else None
        if own is not None:
            assert rep["open_deals"] == own["open_deals"]


def test_an_export_reads_as_the_workspace_it_came_from(tmp_path: Path) -> None:
    repo = open_demo(TODAY, folder=tmp_path / "ws")
    repo.close()
    exported = tmp_path / "alex.json"
    assert run("export", "--format", "json", "-o", str(exported), "--db", str(repo.path)).returncode == 0
    rollup = roll_up([repo.path, exported], TODAY)
    workspace, export = rollup.reps
    assert (workspace.kind, export.kind) == ("workspace", "export")
    assert workspace.error is export.error is None
    assert (workspace.open_deals, workspace.pipeline, workspace.won, workspace.findings, workspace.overdue_actions,
            workspace.commitments_open) == (export.open_deals, export.pipeline, export.won, export.findings,
                                            export.overdue_actions, export.commitments_open)
    assert workspace.overdue_actions > 0 and workspace.commitments_open > 0  # the demo has both: they were counted


def test_the_roll_up_changes_no_file_and_makes_no_folder(tmp_path: Path) -> None:
    team = tmp_path / "team"
    make_team(team, 4, exports=2)
    (team / "broken.json").write_text('{"_meta": ', encoding="utf-8")
    os.chmod(team / "rep02.json", 0o600)
    before = tree(tmp_path)
    result = run("team", "--json", *DAY, str(team), str(tmp_path / "nowhere" / "rep.json"))
    assert result.returncode == 2
    assert tree(tmp_path) == before  # bytes, mtimes, modes and the list of files: nothing written, nothing made
    assert not (tmp_path / "nowhere").exists()


def test_a_reps_open_app_is_no_obstacle(tmp_path: Path) -> None:
    paths = make_team(tmp_path, 2)
    with Repository(paths[1], role="app") as repo:  # the rep's app holds the writer lock
        assert not repo.read_only
        result = run("team", "--json", *DAY, *map(str, paths))
        assert result.returncode == 0, result.stderr
        assert [r["error"] for r in json.loads(result.stdout)["reps"]] == [None, None]
        assert not repo.read_only and repo.changed_on_disk() is False  # still the writer, its file untouched


def test_bad_missing_and_unreadable_files_are_one_line_each_and_the_others_still_show(tmp_path: Path) -> None:
    make_team(tmp_path / "team", 2)
    (tmp_path / "team" / "corrupt.json").write_bytes(b'{"_meta": {"1": {"name": ')
    (tmp_path / "team" / "notes.json").write_text('["not a plan"]', encoding="utf-8")
    (tmp_path / "empty").mkdir()
    result = run("team", "--plain", *DAY, str(tmp_path / "team"), str(tmp_path / "gone.json"), str(tmp_path / "empty"))
    assert result.returncode == 2
    errors = result.stderr.splitlines()
    assert len(errors) == 4, result.stderr
    assert any("corrupt.json:" in e for e in errors)
    assert any("notes.json: it is neither a salesplan workspace nor" in e for e in errors)
    assert any("gone.json: there is no such file or folder" in e for e in errors)
    assert any("empty: holds no .json file" in e for e in errors)
    assert "Traceback" not in result.stderr
    assert "Rep 00" in result.stdout and "Rep 01" in result.stdout and "Team (2 reps)" in result.stdout
    listed = json.loads(run("team", "--json", *DAY, str(tmp_path / "team")).stdout)["reps"]
    failed = [r for r in listed if r["error"]]
    assert len(failed) == 2 and all(r["open_deals"] is None and r["pipeline_value"] is None for r in failed)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_an_unreadable_workspace_says_to_ask_for_an_export(tmp_path: Path) -> None:
    paths = make_team(tmp_path, 2)
    os.chmod(paths[0], 0)
    result = run("team", "--plain", *DAY, *map(str, paths))
    assert result.returncode == 2
    assert "permission denied (a workspace is private to its rep: ask for an export)" in result.stderr


def test_a_team_of_every_rep_read_exits_zero_and_prints_the_forecast_by_month(tmp_path: Path) -> None:
    make_team(tmp_path, 2)
    result = run("team", *DAY, str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Weighted forecast by expected close month" in result.stdout
    assert "Nov 2026" in result.stdout and "Apr 2027" in result.stdout


def test_the_app_opened_read_only_on_a_mistyped_path_is_one_line_and_makes_no_folder(tmp_path: Path) -> None:
    typo = tmp_path / "typo" / "workspace.json"
    result = subprocess.run([sys.executable, "-m", "salesplan_tui", "--read-only", "--db", str(typo)],
                            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "there is no workspace at" in result.stderr
    assert not (tmp_path / "typo").exists()


def export_of(path: Path, doc: dict[str, object]) -> Path:
    from salesplan_tui.core.exchange.workspace_json import export_json, from_document

    path.write_bytes(export_json(from_document(doc)))
    return path


def test_an_amount_no_plan_could_hold_refuses_that_file_naming_the_record(tmp_path: Path) -> None:
    from tests.unit.team_workspaces import rep_document

    make_team(tmp_path, 1)
    doc = rep_document(5)
    edited = export_of(tmp_path / "edited.json", doc)
    written = json.loads(edited.read_text())
    written["deals"][0]["value"] = 1e300  # an export edited by hand: it would fill the totals with 300 digits
    edited.write_text(json.dumps(written))
    result = run("team", "--plain", *DAY, str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"salesplan: {tmp_path / 'edited.json'}: deals record 1 is invalid (value: past the largest amount "
        "salesplan keeps ($1,000,000,000,000); check for a digit too many)"]  # the import's own words: one reader
    assert "e+" not in result.stdout and max(map(len, result.stdout.splitlines())) < 200


def test_binary_junk_a_fifo_and_a_link_loop_are_each_one_line_naming_the_file_once(tmp_path: Path) -> None:
    make_team(tmp_path, 1)
    (tmp_path / "junk.json").write_bytes(bytes(range(256)) * 64)
    os.mkfifo(tmp_path / "pipe.json")
    os.symlink("loop.json", tmp_path / "loop.json")
    result = run("team", "--plain", *DAY, str(tmp_path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    said = dict(line.removeprefix(f"salesplan: {tmp_path}/").split(": ", 1) for line in result.stderr.splitlines())
    assert said == {"junk.json": "it is neither a salesplan workspace nor a `salesplan export --format json` file",
                    "pipe.json": "it is not a regular file",
                    "loop.json": "it is a symbolic link that leads round in a loop"}


def test_two_reps_of_the_same_name_are_told_apart_by_their_file(tmp_path: Path) -> None:
    from tests.unit.team_workspaces import rep_document

    make_team(tmp_path, 2)
    export_of(tmp_path / "rep01-last-week.json", rep_document(1, seed=3))
    rollup = roll_up([tmp_path], TODAY)
    from salesplan_tui.core.team.columns import rep_label

    assert sorted(rep_label(r) for r in rollup.reps) == ["Rep 00", "Rep 01 (rep01-last-week.json)", "Rep 01 (rep01.json)"]
    assert [r["seller"] for r in json.loads(run("team", "--json", *DAY, str(tmp_path)).stdout)["reps"]].count("Rep 01") == 2


def test_a_pasted_paragraph_as_a_name_keeps_the_table_narrow_and_the_team_line_agrees_in_number(tmp_path: Path) -> None:
    from tests.unit.team_workspaces import rep_document

    doc = rep_document(0)
    doc["workspace"]["seller"] = "Dana " * 300
    export_of(tmp_path / "dana.json", doc)
    result = run("team", "--plain", *DAY, str(tmp_path))
    lines = result.stdout.splitlines()
    assert lines[1].startswith("Dana Dana") and "…" in lines[1] and len(lines[1]) < 160
    assert lines[2].startswith("Team (1 rep) ")
    assert json.loads(run("team", "--json", *DAY, str(tmp_path)).stdout)["reps"][0]["seller"] == ("Dana " * 300).strip()


def test_nothing_won_against_a_bookings_objective_says_zero_of_its_target(tmp_path: Path) -> None:
    from tests.unit.team_workspaces import rep_document

    doc = rep_document(0)
    for deal in doc["deals"]:
        deal["stage"] = "Proposal"
    export_of(tmp_path / "none-won.json", doc)
    from salesplan_tui.core.team.columns import BY_ID

    rep = roll_up([tmp_path], TODAY).reps[0]
    assert rep.bookings is not None and BY_ID["won"].rep(rep).startswith("$0 of $")


def test_a_rep_whose_bookings_objective_is_in_euros_is_counted_in_euros_never_added_into_dollars(tmp_path: Path) -> None:
    from tests.unit.team_workspaces import rep_document

    make_team(tmp_path, 1)  # a rep in dollars: the demo's $1.2M bookings objective
    doc = rep_document(4)
    bookings = next(o for o in doc["objectives"] if o["metric"] == "bookings")
    bookings["unit"], bookings["target"] = "€", 900_000.0
    export_of(tmp_path / "paris.json", doc)
    rollup = roll_up([tmp_path], TODAY)
    from salesplan_tui.core.team.columns import BY_ID

    paris = next(r for r in rollup.reps if r.path.name == "paris.json")
    assert paris.bookings is not None and paris.bookings.currency == "EUR"
    assert BY_ID["won"].rep(paris).endswith(" of €900k")
    assert BY_ID["won"].team(rollup.totals).endswith(" of $1.2M + €900k")
    totals = json.loads(run("team", "--json", *DAY, str(tmp_path)).stdout)["totals"]
    assert totals["bookings_target"] == 1_200_000 and totals["bookings_targets"] == {"USD": 1_200_000, "EUR": 900_000}


def test_a_rep_with_no_deals_and_one_with_no_plan_roll_up_and_a_month_of_one_deal_says_deal(tmp_path: Path) -> None:
    from tests.unit.team_workspaces import rep_document

    empty = rep_document(1)
    empty["deals"], empty["actions"] = [], [a for a in empty["actions"] if not a.get("deal_id")]
    export_of(tmp_path / "no-deals.json", empty)
    bare = rep_document(2)
    bare["goals"], bare["objectives"], bare["reviews"] = [], [], []
    bare["actions"] = [a for a in bare["actions"] if not a.get("objective_id")]
    bare["deals"] = [dict(bare["deals"][0], stage="Proposal", expected_close="2027-01-15")]
    bare["actions"] = [a for a in bare["actions"] if a.get("deal_id") in (None, bare["deals"][0]["id"])]
    export_of(tmp_path / "no-plan.json", bare)
    result = run("team", "--plain", *DAY, str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Team (2 reps)" in result.stdout
    assert any(line.split()[:4] == ["Jan", "2027", "1", "deal"] for line in result.stdout.splitlines()), result.stdout


def test_a_folder_linked_into_the_team_folder_counts_its_reps_once(tmp_path: Path) -> None:
    from salesplan_tui.core.team.columns import rep_label

    make_team(tmp_path / "team" / "alex", 1, exports=1)
    make_team(tmp_path / "team" / "dana", 1, exports=1)  # the same file name in another rep's folder
    (tmp_path / "team" / "self").symlink_to(".")
    (tmp_path / "team" / "alex-link").symlink_to("alex")
    rollup = roll_up([tmp_path / "team", tmp_path / "team" / "alex"], TODAY)
    assert rollup.totals.reps == 2 and rollup.complete  # was 4: each rep again through each link
    assert sorted(rep_label(r) for r in rollup.reps) == ["Rep 00 (alex/rep00-export.json)", "Rep 00 (dana/rep00-export.json)"]


def test_a_reps_folder_that_cannot_be_listed_is_one_line_and_the_other_reps_are_still_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_team(tmp_path / "team", 2, exports=2)
    make_team(tmp_path / "team" / "private", 1, exports=1)
    listing = Path.iterdir

    def refuse_private(self: Path) -> Iterator[Path]:  # another user's 0700 folder (as root, nothing is refused: so it is made so)
        if self.name == "private":
            raise PermissionError(13, "Permission denied")
        return listing(self)

    monkeypatch.setattr(Path, "iterdir", refuse_private)
    rollup = roll_up([tmp_path / "team"], TODAY)
    assert rollup.totals.reps == 2  # was 0: the whole team folder said "cannot be listed"
    assert [(r.path.name, r.error) for r in rollup.reps if r.error] == [("private", "cannot be listed (Permission denied)")]


def test_an_export_saved_with_a_bom_is_said_to_be_so_not_called_neither(tmp_path: Path) -> None:
    make_team(tmp_path, 1, exports=1)
    bom = tmp_path / "from-notepad.json"
    bom.write_bytes(b"\xef\xbb\xbf" + (tmp_path / "rep00-export.json").read_bytes())
    result = run("team", "--plain", *DAY, str(bom))
    assert result.returncode == 2 and "Unexpected UTF-8 BOM" in result.stderr and result.stderr.count("\n") == 1
