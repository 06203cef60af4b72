"""Tests `salesplan serve` in a real browser: Debian's chromium, headless, driven by Playwright.

The text is read from xterm.js's own buffer (what the terminal holds, whatever renderer draws it). The client bundle
keeps its terminal private, so the test's copy of textual.js, fetched from the server like any other, gets one line
added that hands the terminal to the page; what the server sends is unchanged. Every request the browser makes is
recorded: none may leave the served address.
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.web.conftest import alive, start_server, stop_server, until

pytestmark = pytest.mark.xdist_group("serve")

CREATED = "const t=new w(e,{ping:r});"  # where textual-serve's client makes its terminal (textual-serve 1.1.3)


def chromium() -> str | None:
    """The system's Chromium (never Playwright's own download): $SALESPLAN_CHROMIUM, else chromium on the PATH."""
    chosen = os.environ.get("SALESPLAN_CHROMIUM")
    return chosen if chosen and Path(chosen).exists() else shutil.which("chromium") or shutil.which("chromium-browser")


SCREEN = """() => {
    const buffer = window.__terminal.buffer.active;
    const rows = [];
    for (let y = 0; y < window.__terminal.rows; y++) {
        const line = buffer.getLine(buffer.viewportY + y);
        rows.push(line ? line.translateToString(true) : "");
    }
    return rows.join("\\n");
}"""


async def test_a_browser_opens_the_plan_switches_pane_and_asks_nothing_of_other_hosts(workspace: Path) -> None:
    if chromium() is None:
        reason = "no Chromium found (apt-get install chromium, or set SALESPLAN_CHROMIUM): the browser test did not run"
        warnings.warn(reason, stacklevel=1)  # in the summary of every run, where a skip's reason is not shown
        pytest.skip(reason)
    from playwright.async_api import Route, async_playwright

    served = await start_server(workspace)
    requested: list[str] = []
    refused: list[str] = []
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium(), headless=True,
                args=["--no-sandbox"])  # the suite may run as root in a container, where the sandbox cannot start
            try:
                page = await browser.new_page(viewport={"width": 1280, "height": 760})
                page.on("request", lambda request: requested.append(request.url))
                page.on("websocket", lambda socket: requested.append(socket.url))
                page.on("console", lambda message: refused.append(message.text)
                        if "Content Security Policy" in message.text else None)

                async def hand_over_the_terminal(route: Route) -> None:
                    response = await route.fetch()
                    body = await response.text()
                    assert CREATED in body, "textual-serve's client changed: update CREATED"
                    await route.fulfill(response=response,
                                        body=body.replace(CREATED, CREATED + "window.__terminal=t.terminal;"))

                await page.route("**/static/js/textual.js", hand_over_the_terminal)
                await page.goto(served.url)
                await page.wait_for_function(f"() => window.__terminal && ({SCREEN})().includes('Plan health')",
                                             timeout=90_000)
                await page.click("#terminal")
                await page.keyboard.press("2")
                await page.wait_for_function(f"() => ({SCREEN})().includes('weighted forecast')", timeout=90_000)
                text = await page.evaluate(SCREEN)
                assert "1 Plan  2 Pipeline" in text and "Plan health" not in text
                if os.environ.get("SALESPLAN_SERVE_SHOT"):  # trying it by hand: a picture of what the browser shows
                    await page.screenshot(path=os.environ["SALESPLAN_SERVE_SHOT"])
                (pid,) = served.app_pids()
                await page.close()  # the tab closes: its app ends and lets go of the workspace
                await until(lambda: not alive(pid), "the app to end when its tab closed")
            finally:
                await browser.close()
    finally:
        await stop_server(served)
    assert requested, "the browser made no request at all"
    elsewhere = [url for url in requested if urlsplit(url).netloc != served.host]
    assert elsewhere == [], f"requests that left {served.host}: {elsewhere}"
    paths = [urlsplit(url).path for url in requested]
    assert any(path.endswith("/ws") for path in paths) and any("/fonts/" in path for path in paths), requested
    assert refused == [], f"the page's Content-Security-Policy blocked something it needs: {refused}"

