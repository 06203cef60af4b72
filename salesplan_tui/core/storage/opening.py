"""Provides opening a workspace wherever it lives: a file path, or a `postgresql://` address on a server."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from salesplan_tui.core.storage.errors import StorageError
from salesplan_tui.core.storage.server_address import ServerAddress, is_server_address

if TYPE_CHECKING:
    from salesplan_tui.core.storage.repository import Repository

Target = Path | ServerAddress


def target_of(given: str | Path) -> Target:
    """A `--db` value or $SALESPLAN_DB as what it names; raises StorageError for an unreadable server address."""
    if isinstance(given, str) and is_server_address(given):
        try:
            return ServerAddress.parse(given)
        except ValueError as e:
            raise StorageError(str(e)) from None
    return Path(given).expanduser()


def local_place(address: ServerAddress) -> Path:
    """Where the app keeps what belongs beside a server workspace (exports, review notes), on this machine."""
    from salesplan_tui.core.storage.server_repository import stand_in

    return stand_in(address)


def open_repository(target: Target, *, read_only: bool = False, wait: float = 0.0, lazy: bool = False,
                    role: str = "command") -> Repository:
    """The workspace at target, as a Repository: the file one, or the server one (which the app also has listen for
    other writers). Raises StorageError in one line when it cannot be opened."""
    if isinstance(target, ServerAddress):
        from salesplan_tui.core.storage.server_repository import ServerRepository

        return ServerRepository(target, read_only=read_only, listen=role == "app")
    from salesplan_tui.core.storage.repository import Repository

    return Repository(target, read_only=read_only, wait=wait, lazy=lazy, role=role)
