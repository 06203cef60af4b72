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
PREFIX = "salesplan-pg-"
OWNER = "owner"  # in a server's folder: the test process that started it, "PID START" (its start time, from /proc)
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
        self.folder = Path(folder or tempfile.mkdtemp(prefix=PREFIX))
        self.folder.mkdir(parents=True, exist_ok=True)
        if not (self.folder / OWNER).exists():  # first thing: a later run knows whose it is, even mid-initdb
            (self.folder / OWNER).write_text(_identity(os.getpid()) or str(os.getpid()))
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


def reap_orphans(parent: Path | None = None) -> list[Path]:
    """Stops and removes the private servers whose test process has gone (a run killed with SIGKILL, which no
    `finally` sees), so a reused machine does not gather them run after run; returns their folders. A server whose
    process still runs (another run at the same time) is left alone, and so is a folder that names no owner."""
    reaped: list[Path] = []
    if not Path("/proc/self/stat").exists():
        return reaped  # no way to tell a live owner from a gone one here: nothing is taken for gone
    for folder in sorted(Path(parent or tempfile.gettempdir()).glob(PREFIX + "*")):
        try:
            said = (folder / OWNER).read_text().split()
        except OSError:
            continue
        if not said or not said[0].isdigit() or _identity(int(said[0])) == " ".join(said):
            continue  # its owner still runs (the same pid and the same start: not a pid used again)
        if binaries() is not None and (folder / "data").exists():
            PrivateServer(folder).stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
        reaped.append(folder)
    return reaped


def _identity(pid: int) -> str | None:
    """A process as "PID START" (START: when it started, in clock ticks since boot), or None when it is not running:
    a pid alone may be a new process's by now."""
    try:
        fields = (Path(f"/proc/{pid}") / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return None if fields[0] == "Z" else f"{pid} {fields[19]}"


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
