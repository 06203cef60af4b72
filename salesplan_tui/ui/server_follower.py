"""Provides ServerFollower: the app keeping up with a workspace on a server: other writers heard, the server lost and back."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from salesplan_tui.ui.file_follower import FileFollower

if TYPE_CHECKING:
    from salesplan_tui.core.storage.server_repository import ServerRepository


class ServerFollower(FileFollower):
    """Held by the app in place of the FileFollower when the workspace is on a server.

    Once a second it takes what LISTEN heard: another writer's change is read again and shown (as a file changed
    outside is). A server gone makes the window read-only, with everything still shown; it is asked again each second
    and, once back, the workspace is read again and the window saves again. There is no inbox: on a server
    `salesplan add` writes straight in, beside the app.
    """

    def _server_repo(self) -> ServerRepository:
        return cast("ServerRepository", self.host.repo)

    def watch(self) -> None:
        from salesplan_tui.core.base.errors import SalesplanError
        from salesplan_tui.core.model.change import Changed
        from salesplan_tui.core.storage.server_repository import LOST_REASON

        host = self.host
        if not host.loaded:
            return
        repo = self._server_repo()
        if repo.read_only_reason == LOST_REASON:
            if repo.reconnect():
                host.notify("The server is back: this window saves changes again (the workspace was read again).",
                            markup=False, timeout=6)
                self.show_status()
                host.announce(Changed.all())
            return
        try:
            changed = repo.changed_on_disk()
        except SalesplanError as e:
            self._lost(str(e))
            return
        if changed:
            self.follow()

    def follow(self) -> bool:
        """Reads the workspace again from the server after another writer's change; says so in one line."""
        from salesplan_tui.core.base.errors import SalesplanError
        from salesplan_tui.core.storage.server_store import ServerUnreachable

        host, repo = self.host, self._server_repo()
        try:
            changed = repo.reload()
        except ServerUnreachable as e:
            self._lost(str(e))
            return False
        except SalesplanError as e:
            repo.stop_writing("the workspace was deleted or damaged on the server")
            host.notify(f"{e}. This window is now read-only; nothing was written.", severity="error", markup=False,
                        timeout=10)
            self.show_status()
            return False
        host.notify("Another writer changed this workspace on the server; it was read again.", markup=False,
                    timeout=5)
        host.announce(changed)
        return True

    def _lost(self, reason: str) -> None:
        repo = self._server_repo()
        repo.server_lost()
        self.host.notify(f"{reason}. This window is read-only until the server is back; everything saved is kept.",
                         severity="error", markup=False, timeout=10)
        self.show_status()
