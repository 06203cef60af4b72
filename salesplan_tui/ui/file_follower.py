"""Provides FileFollower: the app keeping up with its file: its own writes failing, others' writes, the inbox."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from salesplan_tui.ui.host import Host

SAY_SAVING_AFTER = 0.3  # seconds: quitting waits for the last write, and says so when it takes longer than this


class WritesFailed(Message):
    """Posted to the app from the writer thread: a write failed, and its changes are to be rolled back."""


class FileFollower:
    """Held by the app: once a second it looks at the workspace file (one stat) and acts on what changed there.

    Args:
        host: the app.
        show_status: redraws the status line (after the window turns read-only).
    """

    def __init__(self, host: Host, show_status: Callable[[], None]) -> None:
        self.host = host
        self.show_status = show_status
        self._lost_file_existed: bool | None = None  # set when a reload failed: said once, tried again when that changes
        self._inbox_refused = ""  # why the inbox folder is not used (not the user's own): said once

    def writes_failed(self) -> bool:
        """Rolls back in memory and on screen every change whose write failed (and those queued after it), and says
        so in one line naming them; a file changed elsewhere is then read again. False when nothing had failed."""
        host = self.host
        rolled = host.repo.roll_back_failed()
        if rolled is None:
            return False
        host.notify(f"{rolled.line}.", title="Not saved", severity="error", markup=False, timeout=10)
        host.announce(rolled.changed)
        if rolled.outside:
            self.follow()
        return True

    async def finish_writes(self) -> bool:
        """Waits for the last queued write, saying "Saving…" when that takes long; False when a write failed (it is
        rolled back and said, see writes_failed)."""
        host, repo = self.host, self.host.repo
        if repo.writing:
            saying = host.set_timer(SAY_SAVING_AFTER, lambda: host.notify("Saving…", timeout=30))
            await asyncio.to_thread(repo.wait_for_writes)
            saying.stop()
        return not self.writes_failed()

    def follow(self) -> bool:
        """Reloads a workspace that another program changed on disk; one that was deleted or damaged makes this
        window read-only instead (nothing is written over what is there). Says which, in one line."""
        from salesplan_tui.core.base.errors import SalesplanError

        host, repo = self.host, self.host.repo
        try:
            changed = repo.reload()
        except SalesplanError as e:
            self._lost_file_existed = repo.path.exists()
            repo.stop_writing("its file was deleted or damaged outside salesplan")
            host.notify(f"{e}. This window is now read-only; nothing was written.", severity="error",
                        markup=False, timeout=10)
            self.show_status()
            return False
        self._lost_file_existed = None
        host.notify("The workspace file was changed outside this window; it was reloaded.", markup=False, timeout=5)
        host.announce(changed)
        return True

    def watch(self) -> None:
        """Once a second: a write from elsewhere is shown here; a read-only window takes over when the writer closes."""
        from salesplan_tui.core.model.change import Changed

        host = self.host
        if not host.loaded:
            return
        repo = host.repo
        if repo.take_over():
            host.notify("The other salesplan window closed: this one saves changes now.", timeout=6)
            host.announce(Changed.all())
        elif repo.changed_on_disk() and (self._lost_file_existed != repo.path.exists()):
            self.follow()
        if not repo.read_only:
            self.take_in_inbox()
            from salesplan_tui.ui.import_intake import take_in_imports

            take_in_imports(host)  # CRM imports `salesplan import` left while this window held the file

    def take_in_inbox(self) -> None:
        """Actions captured with `salesplan add` while this window held the file: each saved here, as one change."""
        from salesplan_tui.core.base.errors import SalesplanError
        from salesplan_tui.core.capture import inbox

        host = self.host
        try:
            files = inbox.waiting(host.repo.path)
        except SalesplanError as e:  # a folder others can write, or a link: nothing in it is taken in
            if str(e) != self._inbox_refused:
                self._inbox_refused = str(e)
                host.notify(f"{e}; nothing in it was taken in.", severity="warning", markup=False, timeout=10)
            return
        done = inbox.taken_ids(host.repo) if files else set()  # saved before a kill, entry not yet removed
        for file in files:
            refused: list[str] = []
            try:
                entry = inbox.read(file)
            except ValueError as e:
                refused.append(str(e))
            else:
                if entry.id in done:
                    inbox.taken(file)
                    continue
                # Both are called inside apply, before the loop moves on to the next entry.
                saved = host.apply(lambda: inbox.change_for(entry, host.repo, host.clock, host.lexicon),  # noqa: B023
                                   on_refused=lambda e: refused.append(str(e)))  # noqa: B023
                # The entry goes only once its action is on disk (the write runs on its own thread): a rare wait,
                # for one write, so a failed write never loses what was captured.
                if saved is not None and host.repo.wait_for_writes() and not self.writes_failed():
                    inbox.taken(file)
                    continue
                if not refused:
                    return  # the write failed (said already): the entry waits for the next second
            aside = inbox.set_aside(file)
            host.notify(f"A captured action could not be taken in ({refused[0]}); it is kept as {aside}.",
                        severity="warning", markup=False, timeout=10)
