"""Provides a private PostgreSQL server for the tests: initdb into a temp folder, pg_ctl on a Unix socket, no TCP.

PostgreSQL refuses to run as root; as root (a CI container), the server's files belong to `nobody` and its programs
run as that user (runuser), while the tests connect over the socket as the superuser `salesplan`.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

SUPERUSER = "salesplan"
_names = itertools.count(1)


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian's layout), or initdb on PATH; None when there is none."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


class PrivateServer:
    """One server in its own folder; `start()`, `stop()`, `kill()` (the server dies as on a power cut)."""

    def __init__(self, folder: Path | None = None) -> None:
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError("no PostgreSQL server programs (initdb) installed: apt-get install postgresql")
        self.bin = bin_dir
        self.folder = Path(folder or tempfile.mkdtemp(prefix="salesplan-pg-"))
        self.folder.mkdir(parents=True, exist_ok=True)
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self._as_other = os.geteuid() == 0
        if self._as_other:
            os.chown(self.folder, _nobody(), -1)
            self.folder.chmod(0o755)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self._as_other:
            command = ["runuser", "-u", "nobody", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", SUPERUSER, "--no-sync", "-E", "UTF8",
                  "--locale=C.UTF-8")

    def start(self, *, durable: bool = False) -> None:
        """Starts the server; without `durable` it skips fsync (tests: a crash of the server process itself still
        loses nothing, only a power cut would)."""
        if not self.data.exists():
            self.init()
        fast = "" if durable else " -c fsync=off -c full_page_writes=off"
        options = f"-k {self.folder} -c listen_addresses=''{fast}"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def kill(self) -> None:
        """Kills the server as a power cut would: SIGKILL to the postmaster and every one of its processes, by id (no
        shutdown, no checkpoint); it recovers from its write-ahead log when started again."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        doomed = [postmaster, *_children(postmaster)]
        for pid in doomed:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for pid in doomed:  # dead before the server is started again
            while Path(f"/proc/{pid}").exists() and _state(pid) != "Z":
                time.sleep(0.01)
        # A container's first process may never reap the dead postmaster: its pid stays taken (a zombie), which the
        # next start would read as a server still running. After a real power cut the pid is free.
        for stale in (self.data / "postmaster.pid", *self.folder.glob(".s.PGSQL.*")):
            stale.unlink(missing_ok=True)

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def conninfo(self, dbname: str = "postgres") -> str:
        return f"host={self.folder} user={SUPERUSER} dbname={dbname}"

    def url(self, dbname: str, workspace: str = "workspace") -> str:
        from urllib.parse import quote

        return f"postgresql://{SUPERUSER}@/{dbname}?host={quote(str(self.folder), safe='')}&workspace={quote(workspace)}"

    def new_database(self) -> str:
        """A fresh, empty database (one per test: tests never see each other's workspaces)."""
        import psycopg

        name = f"t{os.getpid()}_{next(_names)}"
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}".encode())  # a name made here, never from user text
        return name


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == parent:
                    found.append(int(entry.name))
    return found


def _state(pid: int) -> str:
    try:
        return (Path(f"/proc/{pid}") / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"


def _nobody() -> int:
    import pwd

    return pwd.getpwnam("nobody").pw_uid
