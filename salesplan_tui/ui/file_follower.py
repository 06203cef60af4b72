"""Provides FollowsFile: the app keeping up with its file: writes from elsewhere, a writer closing, the inbox."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from salesplan_tui.ui.app import SalesplanApp

    _Base = SalesplanApp
else:
    _Base = object


class FollowsFile(_Base):
    """Mixed into the app: once a second it looks at its file (one stat) and acts on what changed there."""

    def follow_file(self) -> bool:
        """Reloads a workspace that another program changed on disk; one that was deleted or damaged makes this
        window read-only instead (nothing is written over what is there). Says which, in one line."""
        from salesplan_tui.core.base.errors import SalesplanError
        from salesplan_tui.ui.widgets.status_line import StatusLine

        try:
            changed = self.repo.reload()
        except SalesplanError as e:
            self._lost_file_existed = self.repo.path.exists()
            self.repo.stop_writing("its file was deleted or damaged outside salesplan")
            self.notify(f"{e}. This window is now read-only; nothing was written.", severity="error",
                        markup=False, timeout=10)
            self.query_one(StatusLine).show(self.repo, self.live)
            return False
        self._lost_file_existed = None
        self.notify("The workspace file was changed outside this window; it was reloaded.", markup=False, timeout=5)
        self.announce(changed)
        return True

    def _watch_file(self) -> None:
        """Once a second: a write from elsewhere is shown here; a read-only window takes over when the writer closes."""
        from salesplan_tui.core.model.change import Changed

        if not self.loaded:
            return
        if self.repo.take_over():
            self.notify("The other salesplan window closed: this one saves changes now.", timeout=6)
            self.announce(Changed.all())
        elif self.repo.changed_on_disk() and (self._lost_file_existed != self.repo.path.exists()):
            self.follow_file()
        if not self.repo.read_only:
            self._take_in_inbox()

    def _take_in_inbox(self) -> None:
        """Actions captured with `salesplan add` while this window held the file: each saved here, as one change."""
        from salesplan_tui.core.capture import inbox

        for file in inbox.waiting(self.repo.path):
            refused: list[str] = []
            try:
                entry = inbox.read(file)
            except ValueError as e:
                refused.append(str(e))
            else:
                # Both are called inside apply, before the loop moves on to the next entry.
                saved = self.apply(lambda: inbox.change_for(entry, self.repo, self.clock, self.lexicon),  # noqa: B023
                                   on_refused=lambda e: refused.append(str(e)))  # noqa: B023
                if saved is not None:
                    inbox.taken(file)
                    continue
                if not refused:
                    return  # the write failed (said already): the entry waits for the next second
            aside = inbox.set_aside(file)
            self.notify(f"A captured action could not be taken in ({refused[0]}); it is kept as {aside}.",
                        severity="warning", markup=False, timeout=10)

    _lost_file_existed: bool | None = None  # set when a reload failed: said once, tried again when that changes
