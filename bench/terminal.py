"""Provides Launch: a program started in a real terminal (a tmux pane, private socket), timed until text is on screen.

Why tmux, and how it is read without disturbing what is measured:

- The program runs in a real pseudo-terminal at 120x40 (status bar off, size fixed), so the figure includes what a
  user waits for: Python starting, imports, opening the file, and the bytes written to a terminal.
- The pane's shell is started first and blocks reading a FIFO; the clock starts when the FIFO is written, and the
  shell then `exec`s the program. No tmux start-up or shell start-up is inside the figure, and the program keeps
  the pane's pid (so its memory can be read from /proc).
- The screen is read through one tmux control-mode client (`tmux -C`), not by starting a `tmux capture-pane`
  process per poll (on two cores that stole time from the program being measured). The client is told when the
  pane prints something (`%output`); only then is the screen captured and searched. The time taken is when the
  capture that first shows every marker comes back: an upper bound, late by one capture (about a millisecond).
- Markers are regular expressions searched in the captured screen's text, never in the raw output stream (which
  holds text before it is on screen).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from .common import SIZE

SOCKET = "bench"  # tmux -L bench: a private server, never the user's


class LaunchError(RuntimeError):
    """The program did not show its markers in time, or exited first; the message ends with its last screen line."""

    def __init__(self, message: str, screen: str = "") -> None:
        lines = [line.strip() for line in screen.splitlines() if line.strip()]
        super().__init__(message + (f" (last line on screen: {lines[-1][:160]!r})" if lines else " (nothing on screen)"))


@dataclass
class Seen:
    """What one launch showed and when (seconds from the exec)."""

    data: float | None = None  # every marker on one screen
    first_output: float | None = None  # the first capture with anything on it
    markers: dict[str, float] = field(default_factory=dict)  # each marker's first appearance
    peak_rss_kib: int | None = None
    screen: str = ""


def _tmux(*args: str, check: bool = True) -> str:
    for _ in range(3):  # a server that is just leaving (its last session closed) refuses once: ask again
        done = subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, timeout=10, check=False)
        if "server exited unexpectedly" not in done.stderr:
            break
        time.sleep(0.2)
    if check and done.returncode != 0:
        raise LaunchError(f"tmux {' '.join(args[:2])}: {done.stderr.strip()}")
    return done.stdout


@functools.cache
def _terminal_type() -> str:
    """The TERM tmux gives its panes (the server is started for the question; it leaves when it has no session)."""
    done = subprocess.run(["tmux", "-L", SOCKET, "start-server", ";", "show-options", "-gv", "default-terminal"],
                          capture_output=True, text=True, timeout=10, check=False)
    return done.stdout.strip() or "screen"


def peak_rss_kib(pid: int) -> int | None:
    """The process's peak resident set (VmHWM), or None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is gone for our purposes.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


class Launch:
    """One program in its own tmux session, from exec to exit. Use as a context manager.

    Args:
        argv: the program and its arguments.
        env: its whole environment (see common.isolated_env).
        cwd: its working folder.
    """

    _count = 0

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path | None = None) -> None:
        Launch._count += 1
        self.name = f"bench{os.getpid()}-{Launch._count}"
        self.argv, self.env, self.cwd = argv, env, cwd
        self.pid: int | None = None
        self._client: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._block: list[bytes] | None = None
        self._captures: list[tuple[float, str]] = []
        self._output = False
        self._in_flight = False
        self._folder = Path(tempfile.mkdtemp(prefix="bench-tty-"))
        self._fifo = self._folder / "go"
        self.t0 = 0.0

    # ----- start and stop ------------------------------------------------------------------------

    def __enter__(self) -> Self:
        try:
            return self._open()
        except BaseException:
            self.close()  # nothing is left behind: no session, no FIFO
            raise

    def _open(self) -> Self:
        os.mkfifo(self._fifo)
        # The shell waits on the FIFO, then becomes the program (exec): the clock starts at the write.
        script = 'read _ < "$1"; shift; cd "$1"; shift; exec env -i "$@"'
        # env -i: the program sees exactly this environment, with the terminal type tmux gives its panes.
        env = dict(self.env, TERM=_terminal_type())
        env_args = [f"{k}={v}" for k, v in env.items()]
        cwd = str(self.cwd or self._folder)
        _tmux("new-session", "-d", "-s", self.name, "-x", str(SIZE[0]), "-y", str(SIZE[1]),
              "sh", "-c", script, "sh", str(self._fifo), cwd, *env_args, *self.argv)
        _tmux("set-option", "-t", self.name, "status", "off")
        _tmux("set-option", "-w", "-t", self.name, "window-size", "manual")
        _tmux("resize-window", "-t", self.name, "-x", str(SIZE[0]), "-y", str(SIZE[1]))
        self.pid = int(_tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())
        size = _tmux("display-message", "-p", "-t", self.name, "#{pane_width}x#{pane_height}").strip()
        if size != f"{SIZE[0]}x{SIZE[1]}":
            raise LaunchError(f"the pane is {size}, not {SIZE[0]}x{SIZE[1]}")
        self._client = subprocess.Popen(["tmux", "-L", SOCKET, "-C", "attach-session", "-t", self.name],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        os.set_blocking(self._client.stdout.fileno(), False)  # type: ignore[union-attr]
        self._read(0.2)  # the client's greeting
        self._captures.clear()
        self._output = False
        return self

    def start(self) -> None:
        """Starts the program: the clock's zero."""
        self.t0 = time.perf_counter()
        with open(self._fifo, "w") as go:
            go.write("go\n")

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self, grace: float = 10.0) -> None:
        """Ends the session (the program gets SIGHUP, as when a terminal closes) and waits until it has exited."""
        _tmux("kill-session", "-t", self.name, check=False)
        if self.pid is not None:
            deadline = time.perf_counter() + grace
            while _alive(self.pid) and time.perf_counter() < deadline:
                time.sleep(0.02)
            if _alive(self.pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                while _alive(self.pid) and time.perf_counter() < deadline + 5:
                    time.sleep(0.02)
        if self._client is not None:
            with contextlib.suppress(OSError):
                self._client.stdin.close()  # type: ignore[union-attr]
            try:
                self._client.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._client.kill()
                self._client.wait()
        shutil.rmtree(self._folder, ignore_errors=True)

    # ----- reading the screen --------------------------------------------------------------------

    def _read(self, timeout: float) -> None:
        """Reads what the control client has said, sorting it into notifications and command replies."""
        assert self._client is not None and self._client.stdout is not None
        ready, _, _ = select.select([self._client.stdout], [], [], timeout)
        if not ready:
            return
        try:
            chunk = os.read(self._client.stdout.fileno(), 1 << 20)
        except BlockingIOError:
            return
        if not chunk:
            raise LaunchError("the tmux client went away (did the program exit?)")
        self._buffer += chunk
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            if self._block is not None:
                if line.startswith((b"%end ", b"%error ")):
                    self._captures.append((time.perf_counter(), b"\n".join(self._block).decode("utf-8", "replace")))
                    self._block = None
                    self._in_flight = False
                else:
                    self._block.append(line)
            elif line.startswith(b"%begin "):
                self._block = []
            elif line.startswith(b"%output "):
                self._output = True
            elif line.startswith(b"%exit"):
                raise LaunchError("the program's session ended before its markers were seen")

    def _capture(self) -> None:
        assert self._client is not None and self._client.stdin is not None
        self._client.stdin.write(f"capture-pane -p -t {self.name}\n".encode())
        self._in_flight = True
        self._output = False

    def wait_for(self, markers: list[str], timeout: float, seen: Seen | None = None) -> Seen:
        """Waits until every marker (a regular expression) is on one screen; times are from start()."""
        seen = seen or Seen()
        patterns = [re.compile(m) for m in markers]
        deadline = time.perf_counter() + timeout
        last_capture = 0.0
        while True:
            now = time.perf_counter()
            if now > deadline:
                missing = [m for m in markers if m not in seen.markers]
                raise LaunchError(f"not on screen after {timeout:.0f} s: {missing}", seen.screen)
            if not self._in_flight and (self._output or now - last_capture > 0.05):
                self._capture()
                last_capture = now
            self._read(0.01)
            while self._captures:
                at, screen = self._captures.pop(0)
                elapsed = at - self.t0
                seen.screen = screen
                if seen.first_output is None and screen.strip():
                    seen.first_output = elapsed
                for marker, pattern in zip(markers, patterns, strict=True):
                    if marker not in seen.markers and pattern.search(screen):
                        seen.markers[marker] = elapsed
                if all(p.search(screen) for p in patterns):
                    seen.data = elapsed
                    return seen
            if self.pid is not None and not _alive(self.pid):
                raise LaunchError("the program exited before its markers were on screen", seen.screen)

    def send_keys(self, *keys: str) -> None:
        _tmux("send-keys", "-t", self.name, *keys)

    def peak_rss_kib(self) -> int | None:
        return peak_rss_kib(self.pid) if self.pid is not None else None


def time_to_data(argv: list[str], env: dict[str, str], markers: list[str], timeout: float,
                 then: list[tuple[list[str], list[str]]] = (), settle: float = 0.0) -> Seen:
    """Launches argv, waits for its markers; then for each (keys, markers) presses the keys and waits for those.

    After `settle` seconds the process's peak RSS is read, and the program is closed.
    """
    with Launch(argv, env) as launch:
        launch.start()
        seen = launch.wait_for(markers, timeout)
        data = seen.data
        for keys, more in then:
            launch.send_keys(*keys)
            launch.wait_for(more, timeout, Seen())
        if settle:
            time.sleep(settle)
        seen.peak_rss_kib = launch.peak_rss_kib()
        seen.data = data
        return seen
