"""Tests that the workspace file is TinyDB's: TinyDB itself reads what salesplan writes, and salesplan opens a file
TinyDB wrote, to the same records (salesplan reads and writes it a record a line, without TinyDB's table layer)."""

from __future__ import annotations

import json
from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import JSONStorage

from salesplan_tui.core.model.records import Action
from salesplan_tui.core.plan import action_ops
from salesplan_tui.core.storage import Repository

from .workspace import CLOCK, applied, open_workspace


def test_tinydb_reads_the_file_salesplan_writes(tmp_path: Path) -> None:
    with open_workspace(tmp_path, accounts=[{"id": 2, "name": "Fabrikam [EMEA]"}]) as repo:
        applied(repo, action_ops.complete(repo.get(Action, 1), CLOCK))
        path = repo.path
        actions = {a.id: a for a in repo.all(Action)}
    db = TinyDB(path, access_mode="r")
    try:
        assert set(db.tables()) >= {"actions", "accounts", "_meta"}
        rows = {doc.doc_id: doc for doc in db.table("actions").all()}
        assert set(rows) == set(actions)
        assert rows[1]["status"] == actions[1].status.value and rows[1]["outcome"] == actions[1].outcome
        assert db.table("accounts").get(doc_id=2)["name"] == "Fabrikam [EMEA]"
    finally:
        db.close()


def test_salesplan_opens_a_file_tinydb_wrote(tmp_path: Path) -> None:
    with open_workspace(tmp_path) as repo:
        path = repo.path
        before = {a.id: a for a in repo.all(Action)}
    data = json.loads(path.read_bytes())
    rewritten = tmp_path / "by-tinydb.json"
    storage = JSONStorage(rewritten, indent=4)  # TinyDB's own writer, laid out its own way
    storage.write(data)
    storage.close()
    with Repository(rewritten) as again:
        assert {a.id: a for a in again.all(Action)} == before
