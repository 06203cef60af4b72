"""Provides WorkspaceAccess: typed access to the running app's workspace and day, for panes and screens."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from salesplan_tui.core.storage import Repository
    from salesplan_tui.ui.host import Host


class WorkspaceAccess:
    """Mixed into a widget or screen of the app (which provides `app`): `sp` is the app as a Host."""

    @property
    def sp(self) -> Host:
        return cast("Host", cast("MessagePump", self).app)

    @property
    def repo(self) -> Repository:
        return self.sp.repo

    @property
    def today(self) -> dt.date:
        return self.sp.today

    def writable(self) -> bool:
        """True when changes can be saved; otherwise says why not, once."""
        if self.repo.read_only:
            self.sp.notify(f"Read-only: {self.repo.read_only_reason}.", severity="warning", markup=False)
        return not self.repo.read_only
