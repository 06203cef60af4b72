"""Tests `salesplan serve` over its own protocol, with an aiohttp client as the browser: no browser is started."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import aiohttp
import pytest

from salesplan_tui.core.storage.lock import WriterLock, holder
from tests.web.conftest import Served, alive, open_browser, start_server, stop_server, until

# Each test starts a server and an app process per browser: kept on one worker, so they never crowd the CPUs.
pytestmark = pytest.mark.xdist_group("serve")


def lock_is_free(db: Path) -> bool:
    lock = WriterLock(db)
    try:
        return lock.acquire()
    finally:
        lock.release()


async def test_the_app_starts_and_a_key_switches_the_pane(served: Served) -> None:
    browser = await open_browser(served)
    try:
        await browser.shows("Plan health")
        assert "READ-ONLY" not in browser.screen.text
        await browser.press("2")
        await browser.shows("weighted forecast")
        await until(lambda: "Plan health" not in browser.screen.text, "the Plan pane to be gone")
    finally:
        await browser.close()


async def test_the_first_browser_writes_and_a_second_is_a_live_read_only_window(served: Served) -> None:
    first = await open_browser(served)
    try:
        await first.shows("Plan health")
        second = await open_browser(served)
        try:
            await second.shows("READ-ONLY")
            assert "READ-ONLY" not in first.screen.text
            said = holder(served.db)
            assert said is not None and said[0] == "app"
            assert said[1] in served.app_pids()
            await second.shows("27 open actions")
            await first.press("4")  # the Agenda: the first action due, under the cursor
            await first.shows("open actions due within 7 days")
            await first.press(" ")  # done
            await first.shows("26 open actions")
            await second.shows("26 open actions")  # the read-only window follows the writer
        finally:
            await second.close()
    finally:
        await first.close()


async def test_closing_the_tab_ends_its_app_and_releases_the_lock(served: Served) -> None:
    browser = await open_browser(served)
    await browser.shows("Plan health")
    (pid,) = served.app_pids()
    assert not lock_is_free(served.db)
    await browser.close()
    await until(lambda: not alive(pid), "the app to end after its tab closed")
    await until(lambda: lock_is_free(served.db), "the lock to be released")


async def test_requests_without_the_token_or_from_another_origin_are_refused(served: Served) -> None:
    async with aiohttp.ClientSession() as session:
        for url in (served.origin + "/", served.origin + "/not-the-token/", served.origin + "/static/js/textual.js",
                    served.url.replace(served.url.split("/")[3], served.url.split("/")[3][:-1])):
            async with session.get(url) as response:
                assert response.status == 403, url
        async with session.get(served.url) as response:
            assert response.status == 200
            assert "fonts.googleapis" not in await response.text()
        port = served.host.rsplit(":", 1)[1]
        async with session.get(served.url, headers={"Host": f"localhost:{port}"}) as response:
            assert response.status == 200  # a browser at the end of `ssh -L PORT:127.0.0.1:PORT` names localhost
        async with session.get(served.url, headers={"Host": f"rebound.example:{port}"}) as response:
            assert response.status == 421
        for origin in ("http://evil.example", "http://localhost:1", "null"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(served.url + "ws", origin=origin)
            assert refused.value.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(served.url + "ws")  # no Origin at all: not a page of this server
        assert refused.value.status == 403
    assert served.app_pids() == set()  # nothing refused ever started an app


async def test_a_browser_that_falls_silent_has_its_app_ended(workspace: Path) -> None:
    served = await start_server(workspace, "--heartbeat", "5")
    try:
        browser = await open_browser(served)  # its page says it is alive every second
        await browser.shows("Plan health")
        (pid,) = served.app_pids()
        browser.beat.cancel()  # type: ignore[attr-defined]  # the tab freezes: protocol pings are still answered
        await until(lambda: browser.closed, "the server to close a silent browser")
        await until(lambda: not alive(pid), "the silent browser's app to end")
        await until(lambda: lock_is_free(workspace), "the lock to be released")
        await browser.session.close()
        assert any("silent for 5 s" in line for line in served.lines)
    finally:
        await stop_server(served)


async def test_a_browser_that_answers_no_ping_has_its_app_ended(workspace: Path) -> None:
    served = await start_server(workspace, "--heartbeat", "20")  # a ping after 5 s of quiet; 20 s of silence
    try:
        browser = await open_browser(served, beat=False, pongs=False)  # a laptop gone to sleep, a tunnel dropped
        (pid,) = await _one_app(served)
        await until(lambda: browser.closed, "the server to close a browser that answers no ping")
        await until(lambda: not alive(pid), "its app to end")
        await browser.session.close()
        await until(lambda: any("answered no ping" in line for line in served.lines), "the server to say why")
    finally:
        await stop_server(served)


async def _one_app(served: Served) -> set[int]:
    await until(lambda: len(served.app_pids()) == 1, "the browser's app to start")
    return served.app_pids()


async def test_browsers_past_the_cap_are_refused(workspace: Path) -> None:
    served = await start_server(workspace, "--max-sessions", "1")
    try:
        browser = await open_browser(served)
        try:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await open_browser(served)
            assert refused.value.status == 503
            async with aiohttp.ClientSession() as session, session.get(served.url) as page:
                assert page.status == 503 and "(--max-sessions 1); close one" in await page.text()
        finally:
            await browser.close()
    finally:
        await stop_server(served)


async def test_read_only_serves_no_writer(workspace: Path) -> None:
    served = await start_server(workspace, "--read-only")
    try:
        browser = await open_browser(served)
        try:
            await browser.shows("READ-ONLY")
            assert lock_is_free(workspace)
        finally:
            await browser.close()
    finally:
        await stop_server(served)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the server's children in /proc")
async def test_sigkill_of_the_server_ends_its_apps(workspace: Path) -> None:
    served = await start_server(workspace)
    browsers = [await open_browser(served), await open_browser(served)]
    pids: set[int] = set()
    try:
        for browser in browsers:
            await browser.shows("Plan health")
        pids = served.app_pids()
        assert len(pids) == 2 and not lock_is_free(workspace)
        os.kill(served.process.pid, signal.SIGKILL)
        await served.process.wait()
        await until(lambda: not any(alive(pid) for pid in pids), "every app to end with its server")
        await until(lambda: lock_is_free(workspace), "the lock to be released")
    finally:
        for browser in browsers:
            await browser.session.close()
        for pid in pids:  # a failed test leaves no app behind (its server is gone: they are no longer its children)
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


async def test_stopping_the_server_ends_its_apps(workspace: Path) -> None:
    served = await start_server(workspace)
    browser = await open_browser(served)
    await browser.shows("Plan health")
    (pid,) = served.app_pids()
    await stop_server(served)
    assert not alive(pid)
    assert lock_is_free(workspace)
    await until(lambda: browser.closed, "the browser to see its session end")
    await browser.session.close()
    assert any("browser 1 closed" in line for line in served.lines)


def _serve(*args: str, env: dict[str, str] | None = None, prelude: str = "") -> tuple[int, str]:
    import subprocess

    code = f"{prelude}import sys; sys.argv = ['salesplan', 'serve', *{list(args)!r}]; " \
           "from salesplan_tui.cli.main import main; main()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})
    return done.returncode, done.stdout + done.stderr


def test_an_address_other_machines_reach_is_refused_without_public(workspace: Path) -> None:
    code, said = _serve("--db", str(workspace), "--host", "0.0.0.0")
    assert code == 2
    assert said.startswith("salesplan: --host 0.0.0.0 lets other machines reach your workspace; add --public")
    code, said = _serve("--db", str(workspace), "--host", "example.com")
    assert code == 2 and "--host takes an IP address" in said


async def test_public_warns_and_still_checks_the_host(workspace: Path) -> None:
    served = await start_server(workspace, "--host", "0.0.0.0", "--public")
    try:
        assert any(line.startswith("salesplan: warning: --public") for line in served.lines)
        async with aiohttp.ClientSession() as session:
            port = served.host.rsplit(":", 1)[1]
            async with session.get(f"http://127.0.0.1:{port}/{served.url.split('/')[3]}/") as response:
                assert response.status == 200
            async with session.get(f"http://127.0.0.1:{port}/{served.url.split('/')[3]}/",
                                   headers={"Host": f"attacker.example:{port}"}) as response:
                assert response.status == 421
    finally:
        await stop_server(served)


def test_without_the_web_extra_one_line_says_how_to_install_it(workspace: Path) -> None:
    code, said = _serve("--db", str(workspace), prelude="import sys; sys.modules['textual_serve'] = None; ")
    assert code == 2
    assert said.strip() == ("salesplan: salesplan serve needs the web extra (textual_serve is not installed): "
                            "pip install -e '.[web]'")


def test_a_port_in_use_is_one_line(workspace: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code, said = _serve("--db", str(workspace), "--port", str(port))
    assert code == 2
    assert said.strip() == f"salesplan: cannot listen on 127.0.0.1:{port} (Address already in use); pick another port with --port"


def test_each_app_is_told_to_end_with_its_server() -> None:
    """The environment each app is started with: the driver that ends it with its server, and the server's pid."""
    from salesplan_tui.serve.session import DRIVER, AppSession

    async def nothing(*_args: object) -> None:
        return None

    session = AppSession(Path("w.json"), read_only=True, send=nothing, close=nothing)
    env = session.environment(100, 30)
    assert env["TEXTUAL_DRIVER"] == DRIVER and env["SALESPLAN_SERVE_PARENT"] == str(os.getpid())
    assert session.command()[-1] == "--read-only"
    assert asyncio.iscoroutinefunction(session.stop)


async def test_an_export_from_the_browser_says_it_is_written_on_the_sellers_machine(served: Served) -> None:
    browser = await open_browser(served, width=120, height=36)
    try:
        await browser.shows("Plan health")
        await browser.press("\x10")  # ctrl+p: the command palette
        await browser.shows("Search for commands")
        await browser.press("export the plan")
        await browser.shows("Export the plan as Markdown")
        await browser.press("\r")
        await browser.shows("Write it to which file on the seller's machine?")
        await browser.press("\r")  # the file it suggests, beside the workspace
        await until(lambda: any((served.db.parent / "exports").glob("plan-*.md")), "the export to be written")
        await until(lambda: "Write it to which file" not in browser.screen.text, "the dialog to close")
        await browser.shows("Wrote")
        assert "on the seller's machine" in browser.screen.block("Wrote")
    finally:
        await browser.close()


async def test_an_app_that_cannot_open_the_workspace_says_why_in_the_browser(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.json"
    damaged.write_text("{ this is not a workspace")
    served = await start_server(damaged)
    try:
        browser = await open_browser(served)
        await until(lambda: browser.closed, "the browser to be closed when its app stopped")
        assert "salesplan: " in browser.screen.text and "damaged.json" in browser.screen.text
        await browser.session.close()
        assert served.process.returncode is None  # the server goes on: the next browser may try again
    finally:
        await stop_server(served)


async def test_a_served_demo_is_removed_when_its_server_stops_or_by_the_next_one_after_a_kill(tmp_path: Path) -> None:
    killed = tmp_path / "salesplan-serve-demo-killed"  # a server killed with SIGKILL left its copy, unlocked
    killed.mkdir()
    (killed / "demo.json").write_text("{}")
    first = await start_server(None, "--demo", env={"TMPDIR": str(tmp_path)})
    try:
        assert not killed.exists()
        assert first.db.parent.parent == tmp_path and first.db.exists()
        second = await start_server(None, "--demo", env={"TMPDIR": str(tmp_path)})
        assert first.db.exists()  # the first server is alive: its copy is kept
        await stop_server(second)
        assert not second.db.parent.exists()
    finally:
        await stop_server(first)
    assert not first.db.parent.exists()


async def test_browsers_arriving_together_get_one_writer_and_no_more_than_the_cap(workspace: Path) -> None:
    served = await start_server(workspace, "--max-sessions", "2")
    try:
        results = await asyncio.gather(*(open_browser(served) for _ in range(3)), return_exceptions=True)
        browsers = [result for result in results if not isinstance(result, BaseException)]
        refused = [result for result in results if isinstance(result, aiohttp.WSServerHandshakeError)]
        try:
            assert len(browsers) == 2 and len(refused) == 1 and refused[0].status == 503, results
            for browser in browsers:
                await browser.shows("27 open actions")
            await until(lambda: sum("READ-ONLY" in browser.screen.text for browser in browsers) == 1,
                        "one of the two to be read-only")
        finally:
            for browser in browsers:
                await browser.close()
    finally:
        await stop_server(served)


async def test_quitting_in_the_browser_ends_the_session_and_frees_the_lock(served: Served) -> None:
    browser = await open_browser(served)
    await browser.shows("Plan health")
    (pid,) = served.app_pids()
    await browser.press("\x11")  # ctrl+q
    await until(lambda: browser.closed, "the page to see its session end")
    await until(lambda: not alive(pid), "the app to end")
    await until(lambda: lock_is_free(served.db), "the lock to be released")
    await browser.session.close()
    await until(lambda: any("browser 1 closed" in line for line in served.lines), "the server to say so")
