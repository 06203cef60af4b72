"""Provides the child's side of "the app ends when its server dies": the kernel's parent-death signal, on Linux."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT = "SALESPLAN_SERVE_PARENT"  # the server's pid, set in each app's environment


def end_with_parent() -> bool:
    """Asks the kernel to send this process SIGTERM when its parent dies; True when the parent is still there.

    Linux only (elsewhere the closed pipe on stdin ends the app, see driver.py). The parent may have died between
    the fork and this call, so the pid it gave is compared with ours: a different parent means it has gone.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    expected = os.environ.get(PARENT, "")
    return not expected.isdigit() or os.getppid() == int(expected)
