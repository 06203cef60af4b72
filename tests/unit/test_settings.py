"""Tests the user's settings: one model read from the config folder, a bad file one line and the defaults."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from salesplan_tui.core.settings.model import Settings
from salesplan_tui.core.settings.store import read_settings, save_theme


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_no_files_are_the_defaults_and_no_problem(tmp_path: Path) -> None:
    assert read_settings(tmp_path) == (Settings(), [])


def test_good_files_apply(tmp_path: Path) -> None:
    write(tmp_path, "settings.json", '{"theme": "salesplan-light"}')
    write(tmp_path, "keymap.toml", '"walk.skip" = " ctrl+k "\n"app.pipeline" = "f5,ctrl+2"\n')
    settings, problems = read_settings(tmp_path)
    assert problems == []
    assert settings == Settings(theme="salesplan-light", keymap={"walk.skip": "ctrl+k", "app.pipeline": "f5,ctrl+2"})


def test_the_config_folder_comes_from_salesplan_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESPLAN_CONFIG", str(tmp_path))
    write(tmp_path, "settings.json", '{"theme": "mine"}')
    assert read_settings()[0].theme == "mine"


@pytest.mark.parametrize(("text", "said"), [
    ('{"theme": "x",', "not valid JSON at line 1"),
    (b'{"theme": "\xff"}', "not valid JSON"),
    ('["salesplan"]', "should hold one JSON object"),
    ('{"theme": 3}', "theme: input should be a valid string"),
])
def test_a_bad_settings_json_is_one_line_and_the_default_theme(tmp_path: Path, text: str | bytes, said: str) -> None:
    path = write(tmp_path, "settings.json", text)
    write(tmp_path, "keymap.toml", '"walk.skip" = "ctrl+k"\n')
    settings, problems = read_settings(tmp_path)
    assert settings == Settings(keymap={"walk.skip": "ctrl+k"})  # the other file still applies
    assert len(problems) == 1 and problems[0].startswith(f"{path}: ") and said in problems[0]
    assert "\n" not in problems[0] and "the default theme is used" in problems[0]


def test_an_unknown_setting_is_one_line_and_the_rest_applies(tmp_path: Path) -> None:
    path = write(tmp_path, "settings.json", '{"theme": "mine", "colour": "red"}')
    settings, problems = read_settings(tmp_path)
    assert settings == Settings(theme="mine")
    assert problems == [f"{path}: no setting 'colour'; ignored"]


@pytest.mark.parametrize(("text", "said"), [
    ('"walk.skip" = ctrl+k\n', "Invalid value"),
    ('"walk.skip" = "ctrl+k"\n"walk.skip" = "ctrl+j"\n', "Cannot overwrite a value"),
    (b'"walk.skip" = "\xff"\n', "codec can't decode"),
])
def test_a_bad_keymap_toml_is_one_line_and_the_default_keys(tmp_path: Path, text: str | bytes, said: str) -> None:
    write(tmp_path, "settings.json", '{"theme": "mine"}')
    path = write(tmp_path, "keymap.toml", text)
    settings, problems = read_settings(tmp_path)
    assert settings == Settings(theme="mine")
    assert len(problems) == 1 and problems[0].startswith(f"{path}: ") and said in problems[0]
    assert "\n" not in problems[0] and problems[0].endswith("default keys kept")


def test_a_bad_entry_in_the_keymap_is_one_line_and_the_others_apply(tmp_path: Path) -> None:
    path = write(tmp_path, "keymap.toml", '"walk.skip" = 3\n"app.plan" = "  "\n"app.pipeline" = "f5"\n[table]\nx = 1\n')
    settings, problems = read_settings(tmp_path)
    assert settings.keymap == {"app.pipeline": "f5"}
    assert sorted(problems) == sorted(f'{path}: {name} needs keys as a string, e.g. "ctrl+n"'
                                      for name in ("walk.skip", "app.plan", "table"))


def test_saving_the_theme_keeps_the_other_settings_and_mends_a_damaged_file(tmp_path: Path) -> None:
    assert save_theme("salesplan-light", tmp_path) is None
    assert read_settings(tmp_path) == (Settings(theme="salesplan-light"), [])
    write(tmp_path, "settings.json", "{broken")
    assert save_theme("salesplan-contrast", tmp_path) is None
    assert json.loads((tmp_path / "settings.json").read_text()) == {"theme": "salesplan-contrast"}


def test_a_settings_file_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    problem = save_theme("mine", blocked / "config")
    assert problem is not None and "could not keep your settings in" in problem and "\n" not in problem


def test_no_settings_file_means_pydantic_is_not_imported(tmp_path: Path) -> None:
    """The window's first frame does not wait for pydantic when there is nothing to validate."""
    code = ("import sys; from pathlib import Path; from salesplan_tui.core.settings.store import read_settings; "
            f"read_settings(Path({str(tmp_path)!r})); print('pydantic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
