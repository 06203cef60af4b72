"""Tests the PostgreSQL backend against a real private server: units of work, other writers, migrations, failures."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.exchange.workspace_json import export_json
from salesplan_tui.core.model.records import Action, Goal
from salesplan_tui.core.plan import action_ops
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.core.storage import OutsideChange, StorageError
from salesplan_tui.core.storage.opening import open_repository, target_of
from salesplan_tui.core.storage.server_address import ServerAddress, redacted
from salesplan_tui.core.storage.server_repository import LOST_REASON, ServerRepository
from salesplan_tui.core.storage.server_schema import LATEST, STEPS, migrate, version_of
from salesplan_tui.core.storage.server_store import ServerUnreachable
from tests.postgres_server import PrivateServer

CLOCK = Clock.on(dt.date(2026, 11, 23))
YEAR = {"period_start": dt.date(2026, 1, 1), "period_end": dt.date(2026, 12, 31)}


def add_action(repo: ServerRepository, outcome: str = "get the PO signed") -> Action:
    change = action_ops.add_action(repo, CLOCK, owner="me", target="Bob", outcome=outcome, due=dt.date(2026, 12, 1))
    repo.apply(change)
    return change.first(Action)


def sql(address: ServerAddress, statement: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with psycopg.connect(address.conninfo, autocommit=True) as conn:
        cur = conn.execute(statement.encode(), params)
        return cur.fetchall() if cur.description else []


@pytest.fixture
def address(pg_url: Callable[[str], str]) -> ServerAddress:
    return ServerAddress.parse(pg_url("ann"))


@pytest.fixture
def server_repo(address: ServerAddress) -> Iterator[ServerRepository]:
    repo = ServerRepository(address)
    try:
        yield repo
    finally:
        repo.close()


# ----- the address ------------------------------------------------------------------------------------------------


def test_an_address_keeps_libpq_options_and_takes_the_workspace_out() -> None:
    parsed = ServerAddress.parse("postgresql://bob:s3cret@db.example/sales?sslmode=require&workspace=Ann%20B")
    assert parsed.workspace == "Ann B"
    assert parsed.conninfo == "postgresql://bob:s3cret@db.example/sales?sslmode=require"
    assert "s3cret" not in str(parsed) and "bob:***@" in str(parsed)
    assert "s3cret" not in redacted("postgresql://bob:s3cret@h/d")


def test_a_path_still_selects_a_file(tmp_path: Path) -> None:
    assert target_of(str(tmp_path / "w.json")) == tmp_path / "w.json"
    assert isinstance(target_of("postgresql://u@h/d?workspace=x"), ServerAddress)


def test_a_password_never_shows_in_a_message(own_server: PrivateServer) -> None:
    url = own_server.url("postgres").replace("salesplan@", "nobody_here:hunter2@")
    with pytest.raises(StorageError) as refused:
        open_repository(target_of(url))
    assert "hunter2" not in str(refused.value) and "***" in str(refused.value)


def test_a_workspace_name_is_a_value_never_sql(pg_url: Callable[[str], str]) -> None:
    name = "x'); DROP TABLE salesplan_records; --"
    address = ServerAddress.parse(pg_url("w").replace("workspace=w", "workspace=" + quote(name)))
    with ServerRepository(address) as repo:
        add_action(repo)
    with ServerRepository(address) as repo:
        assert repo.workspace.name == name and len(repo.all(Action)) == 1


# ----- units of work ----------------------------------------------------------------------------------------------


def test_one_change_is_one_transaction_and_records_carry_their_workspace(server_repo: ServerRepository,
                                                                        address: ServerAddress) -> None:
    goal_change = plan_ops.add(server_repo, Goal, title="Grow [Acme] revenue", category="revenue", **YEAR)
    server_repo.apply(goal_change)
    (version,) = sql(address, "SELECT version FROM salesplan_workspaces WHERE name = %s", ("ann",))[0]
    assert version == 1
    rows = sql(address, "SELECT w.name, r.kind, r.id, r.version FROM salesplan_records r "
                        "JOIN salesplan_workspaces w ON w.id = r.workspace_id WHERE r.kind = 'goals'")
    assert rows == [("ann", "goals", 1, 1)]


def test_a_refused_change_writes_nothing(server_repo: ServerRepository, address: ServerAddress) -> None:
    from salesplan_tui.core.model.records import Objective

    with pytest.raises(ValidationFailed, match="goal_id"):
        server_repo.apply(plan_ops.add(server_repo, Objective, goal_id=9, title="t", metric="m", target=1,
                                       due="2026-12-01"))
    assert sql(address, "SELECT version FROM salesplan_workspaces")[0][0] == 0


def test_two_workspaces_on_one_server_are_apart(pg_url: Callable[[str], str]) -> None:
    with open_repository(target_of(pg_url("ann"))) as ann, open_repository(target_of(pg_url("bo"))) as bo:
        add_action(ann, "get the PO signed")  # type: ignore[arg-type]
        add_action(bo, "book the demo")  # type: ignore[arg-type]
    with open_repository(target_of(pg_url("ann"))) as ann:
        assert [a.outcome for a in ann.all(Action)] == ["get the PO signed"]


# ----- migrations -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", range(LATEST))
def test_the_schema_migrates_in_order_from_every_earlier_version(pg_server: PrivateServer, start: int) -> None:
    database = pg_server.new_database()
    url = pg_server.url(database, "ann")
    address = ServerAddress.parse(url)
    with psycopg.connect(address.conninfo, autocommit=True) as conn:
        assert migrate(conn, upto=start) == start and version_of(conn) == start
        if start >= 1:  # a workspace and a record stored by a salesplan at that version
            with open_repository(target_of(pg_server.url(pg_server.new_database(), "model"))) as model:
                add_action(model)  # type: ignore[arg-type]
                facts = model.workspace.model_dump_json().encode()
                line = model._tables["actions"].line(1)
            body = line[line.index(b'": ') + 3:].decode()
            conn.execute("INSERT INTO salesplan_workspaces (name, facts) VALUES ('ann', %s)", (facts.decode(),))
            conn.execute("INSERT INTO salesplan_records (workspace_id, kind, id, body) "
                         "SELECT id, 'actions', 1, %s FROM salesplan_workspaces", (body,))
    with ServerRepository(address) as repo:
        if start >= 1:
            assert [a.outcome for a in repo.all(Action)] == ["get the PO signed"]
        add_action(repo, "book the demo")
    with psycopg.connect(address.conninfo) as conn:
        assert version_of(conn) == LATEST == len(STEPS)


def test_a_newer_server_schema_is_refused(address: ServerAddress) -> None:
    ServerRepository(address).close()
    sql(address, "UPDATE salesplan_schema SET version = %s", (LATEST + 1,))
    with pytest.raises(StorageError, match="newer than this salesplan"):
        ServerRepository(address)


# ----- other writers ----------------------------------------------------------------------------------------------


def test_another_writer_is_an_outside_change_and_nothing_is_written_over(address: ServerAddress) -> None:
    with ServerRepository(address) as first, ServerRepository(address) as second:
        add_action(first, "get the PO signed")
        with pytest.raises(OutsideChange):
            add_action(second, "book the demo")  # built on what it read: the same id as the first's
        assert second.all(Action) == []  # memory as it was: the app reloads and remakes the change
        second.reload()
        add_action(second, "book the demo")
    with ServerRepository(address) as again:
        assert [a.outcome for a in again.all(Action)] == ["get the PO signed", "book the demo"]


def test_the_live_window_hears_another_writer(address: ServerAddress) -> None:
    with ServerRepository(address, listen=True) as window, ServerRepository(address) as other:
        add_action(window)
        assert not window.changed_on_disk()  # its own change is not news
        other.reload()
        add_action(other, "book the demo")
        heard = False
        for _ in range(2000):  # a wait for the notice to arrive, bounded; no time is measured
            heard = window.changed_on_disk()
            if heard:
                break
            time.sleep(0.01)
        assert heard
        window.reload()
        assert len(window.all(Action)) == 2


def test_two_sellers_writing_at_once_never_wait_for_each_other(pg_url: Callable[[str], str]) -> None:
    """Ann's change holds her workspace's row; Bo's change on the same server goes through at once (a lock wait
    would fail at once: lock_timeout is set so no wait can pass unseen)."""
    ann = target_of(pg_url("ann"))
    bo_url = pg_url("bo").replace("?", "?options=-c%20lock_timeout%3D1&", 1)
    with open_repository(ann) as ann_repo, open_repository(target_of(bo_url)) as bo_repo:
        assert isinstance(ann, ServerAddress)
        with psycopg.connect(ann.conninfo) as holder:  # Ann's change, mid-transaction
            holder.execute("UPDATE salesplan_workspaces SET facts = facts WHERE name = 'ann'")
            add_action(bo_repo, "book the demo")  # type: ignore[arg-type]
            same_url = pg_url("ann").replace("?", "?options=-c%20lock_timeout%3D1&", 1)
            with open_repository(target_of(same_url)) as ann_again, pytest.raises(StorageError, match="lock"):
                add_action(ann_again, "waits for Ann")  # type: ignore[arg-type]  # the check can fail: a wait is seen
            holder.rollback()
        assert ann_repo.all(Action) == []


def _add_process(url: str, sentence: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "salesplan_tui", "add", "--db", url, "--today", "2026-11-23",
                             sentence], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_two_salesplan_adds_at_once_are_both_kept(pg_url: Callable[[str], str]) -> None:
    url = pg_url("ann")
    open_repository(target_of(url)).close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    sentences = [f"I call Acme on Friday to confirm pilot step {n}" for n in range(4)]
    runs = [_add_process(url, s, env) for s in sentences]
    for run in runs:
        _out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    with open_repository(target_of(url)) as repo:
        outcomes = sorted(a.outcome for a in repo.all(Action))
    assert outcomes == sorted(f"confirm pilot step {n}" for n in range(4))


# ----- failures ---------------------------------------------------------------------------------------------------


def test_an_unreachable_server_at_start_is_one_line(tmp_path: Path) -> None:
    url = f"postgresql://salesplan@/x?host={tmp_path}&workspace=ann"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for command in (["check"], ["add", "I call Acme on Friday to confirm the pilot scope"], []):
        done = subprocess.run([sys.executable, "-m", "salesplan_tui", "--db", url, *command], capture_output=True,
                              text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("salesplan: cannot reach the server"), done.stderr
        assert "Traceback" not in done.stderr


def _trigger(address: ServerAddress, body: str) -> None:
    sql(address, f"""CREATE OR REPLACE FUNCTION test_hook() RETURNS trigger LANGUAGE plpgsql AS $$
                     BEGIN {body} RETURN NEW; END $$""")
    sql(address, "DROP TRIGGER IF EXISTS test_hook ON salesplan_records")
    sql(address, "CREATE TRIGGER test_hook BEFORE INSERT OR UPDATE ON salesplan_records "
                 "FOR EACH ROW EXECUTE FUNCTION test_hook()")


def _untrigger(address: ServerAddress) -> None:
    sql(address, "DROP TRIGGER IF EXISTS test_hook ON salesplan_records")


def test_a_full_disk_on_the_server_is_one_line_and_nothing_is_half_written(server_repo: ServerRepository,
                                                                          address: ServerAddress) -> None:
    add_action(server_repo, "first")
    before = export_json(server_repo.snapshot())
    _trigger(address, "RAISE EXCEPTION 'could not extend file' USING ERRCODE = 'disk_full';")
    with pytest.raises(StorageError, match="out of disk space; the change was not kept") as refused:
        add_action(server_repo, "second")
    assert "\n" not in str(refused.value)
    assert export_json(server_repo.snapshot()) == before  # memory as it was
    _untrigger(address)
    with ServerRepository(address) as again:
        assert export_json(again.snapshot()) == before  # and the server too
    add_action(server_repo, "second")  # still writable: the next change goes through
    assert len(server_repo.all(Action)) == 2


def test_a_serialization_failure_is_tried_again_then_one_line(server_repo: ServerRepository,
                                                             address: ServerAddress) -> None:
    sql(address, "CREATE TABLE test_failures (left_over integer)")
    sql(address, "INSERT INTO test_failures VALUES (2)")
    _trigger(address, """IF (SELECT left_over FROM test_failures) > 0 THEN
                             UPDATE test_failures SET left_over = left_over - 1;
                             RAISE EXCEPTION 'could not serialize access' USING ERRCODE = 'serialization_failure';
                         END IF;""")
    # The raise rolls back the counter too: it never falls, so every try fails.
    with pytest.raises(StorageError, match="the change was not kept; try it again"):
        add_action(server_repo)
    assert server_repo.all(Action) == [] and sql(address, "SELECT count(*) FROM salesplan_records")[0][0] == 0
    _trigger(address, """IF nextval('test_tries') <= 2 THEN
                             RAISE EXCEPTION 'could not serialize access' USING ERRCODE = 'serialization_failure';
                         END IF;""")
    sql(address, "CREATE SEQUENCE test_tries")  # a sequence is not rolled back: the third try goes through
    add_action(server_repo)
    assert len(server_repo.all(Action)) == 1


def test_the_server_lost_mid_session_keeps_the_window_read_only_until_it_is_back(own_server: PrivateServer) -> None:
    address = ServerAddress.parse(own_server.url("postgres", "ann"))
    with ServerRepository(address, listen=True) as repo:
        add_action(repo, "first")
        before = export_json(repo.snapshot())
        own_server.kill()
        with pytest.raises(ServerUnreachable) as lost:
            add_action(repo, "second")
        assert "\n" not in str(lost.value) and "the change was not kept" in str(lost.value)
        assert repo.read_only and repo.read_only_reason == LOST_REASON
        assert export_json(repo.snapshot()) == before  # everything still shown
        assert not repo.reconnect()  # still gone: still read-only
        own_server.start()
        assert repo.reconnect() and not repo.read_only
        assert export_json(repo.snapshot()) == before
        add_action(repo, "second")
    with ServerRepository(address) as again:
        assert [a.outcome for a in again.all(Action)] == ["first", "second"]


def _wait_for_sleeping_write(address: ServerAddress) -> None:
    for _ in range(10_000):  # bounded; no time is measured
        found = sql(address, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'INSERT INTO salesplan_records%%' "
                             "AND wait_event = 'PgSleep'")
        if found[0][0]:
            return
    raise AssertionError("the write never started")


def test_a_client_killed_mid_transaction_leaves_nothing_half_written(address: ServerAddress) -> None:
    with ServerRepository(address) as repo:
        add_action(repo, "first")
        before = export_json(repo.snapshot())
    _trigger(address, "PERFORM pg_sleep(60);")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    run = _add_process(address.url.replace("***", ""), "I call Acme on Friday to confirm the pilot scope", env)
    try:
        _wait_for_sleeping_write(address)
        os.kill(run.pid, signal.SIGKILL)
    finally:
        run.communicate(timeout=60)
    _untrigger(address)
    for _ in range(10_000):  # the server notices the dead client and rolls its transaction back
        if not sql(address, "SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep'"):
            break
    with ServerRepository(address) as again:
        assert export_json(again.snapshot()) == before
        assert sql(address, "SELECT version FROM salesplan_workspaces")[0][0] == 1


def test_the_server_killed_mid_write_loses_nothing_acknowledged(own_server: PrivateServer) -> None:
    address = ServerAddress.parse(own_server.url("postgres", "ann"))
    with ServerRepository(address) as repo:
        add_action(repo, "first")  # acknowledged
        before = export_json(repo.snapshot())
        _trigger(address, "PERFORM pg_sleep(60);")
        failed: list[BaseException] = []

        def write() -> None:
            try:
                add_action(repo, "second")
            except BaseException as e:  # noqa: BLE001 - kept for the test to look at
                failed.append(e)

        writer = threading.Thread(target=write)
        writer.start()
        _wait_for_sleeping_write(address)
        own_server.kill()  # mid-write, no shutdown checkpoint
        writer.join()
        assert failed and isinstance(failed[0], StorageError) and "\n" not in str(failed[0])
        assert repo.read_only and export_json(repo.snapshot()) == before
    own_server.start()
    _untrigger(address)
    with ServerRepository(address) as again:
        assert export_json(again.snapshot()) == before
