"""Leaving cleanly when the terminal goes away.

A closed terminal window, a dropped ssh connection or a killed tmux server does not always
send SIGHUP to the app (a `make run` or a shell in between may take it), and the input
thread then reads an endless end-of-file. The app watches its terminal and, like on SIGHUP
or SIGTERM, saves what is on screen and quits, so nothing typed is lost and no process is
left spinning (docs/storage.md, "Nothing is lost").
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import signal
import sys
import threading
from collections.abc import Callable

CHECK_SECONDS = 1.0
LEAVING_SECONDS = 15.0  # time to save and quit before the process ends regardless
LEAVING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name))


def terminal_fd() -> int | None:
    """The terminal the app reads keys from, or None when it does not read a terminal."""
    stream = sys.__stdin__
    if stream is None:
        return None
    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        return None
    return fd if os.isatty(fd) else None


def hung_up(fd: int) -> bool:
    """Whether the terminal behind `fd` has gone (its other end closed)."""
    if not hasattr(select, "poll"):
        return False
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    gone = select.POLLHUP | select.POLLERR | select.POLLNVAL
    return any(events & gone for _fd, events in poller.poll(0))


def on_leaving_signals(leave: Callable[[], object]) -> None:
    """Call `leave` on SIGHUP or SIGTERM instead of dying with unsaved text on screen."""
    loop = asyncio.get_running_loop()
    for number in LEAVING_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, leave)


def give_up_after(seconds: float) -> None:
    """End the process if quitting has not finished within `seconds`: with its terminal
    gone, an app stuck on its way out would otherwise stay forever. The saves were awaited
    first, and every write is atomic, so ending it loses nothing (docs/storage.md)."""
    timer = threading.Timer(seconds, os._exit, args=(0,))
    timer.daemon = True
    timer.start()
