"""The crash log: the details of an unexpected error, kept for a bug report, while the
person sees one line saying where they are (docs/trust.md, "No tracebacks")."""

from __future__ import annotations

import os
import traceback
from pathlib import Path

from companion.paths import make_private_dirs, state_dir


def write_crash_log(error: BaseException | None) -> Path | None:
    """Keep the traceback of an unexpected error for a bug report, readable by its owner
    alone (it may quote what was on screen). None if it could not be written."""
    if error is None:
        return None
    path = state_dir() / "crash.log"
    try:
        make_private_dirs(path.parent)
        text = "".join(traceback.format_exception(error))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as handle:
            handle.write(text)
    except OSError:
        return None
    return path
