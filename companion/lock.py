"""One writer at a time, across processes: the lock file next to the data file
(docs/storage.md, "One writer at a time").

The lock is taken only to write (reading needs none: files are only ever replaced
whole), and it must be a plain file, since following a link could write somewhere else.
"""

from __future__ import annotations

import os
import shlex
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from companion.errors import SaveError, StoreBusyError, os_error_text
from companion.paths import make_private_dirs

LOCK_FILE_NAME = "companion.lock"
LOCK_TIMEOUT_SECONDS = 15.0


class DataLock:
    """The cross-process lock on `path`, made private (0600) when first taken. Its folder
    is created (0700) if it is missing."""

    def __init__(self, path: Path, timeout: float = LOCK_TIMEOUT_SECONDS):
        self.path = path
        self.timeout = timeout
        self._file_lock: Any = None  # created on the first write

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock for the body. StoreBusyError if another process keeps it longer
        than `timeout` seconds; SaveError if it cannot be taken at all."""
        from filelock import FileLock, Timeout  # imported here: reading never needs it

        self._prepare()
        if self._file_lock is None:
            self._file_lock = FileLock(str(self.path), mode=0o600, thread_local=False)
        try:
            self._file_lock.acquire(timeout=self.timeout)
        except Timeout:
            raise StoreBusyError(
                f"Another Companion process has held {self.path} for "
                f"{self.timeout:.0f} seconds. Close it, or try again in a moment."
            ) from None
        except OSError as error:
            raise SaveError(f"Could not save: {os_error_text(error)}. Nothing was changed.") from None
        try:
            yield
        finally:
            self._file_lock.release()

    def _prepare(self) -> None:
        """Create the folder if it is missing, and make sure the lock file, if there is
        one, is a plain file."""
        try:
            make_private_dirs(self.path.parent)
            found = os.lstat(self.path)
        except FileNotFoundError:
            return
        except OSError as error:
            raise SaveError(f"Could not save: {os_error_text(error)}. Nothing was changed.") from None
        lock = shlex.quote(str(self.path))
        if stat.S_ISLNK(found.st_mode):
            raise SaveError(
                f"Could not save: the lock file {self.path} is a symbolic link, and Companion "
                f"only uses a plain file there. Remove the link (rm {lock}) and try again."
            )
        if not stat.S_ISREG(found.st_mode):
            raise SaveError(
                f"Could not save: {self.path} is not a file, and Companion keeps its lock "
                f"file there. Move it away (mv {lock} {shlex.quote(str(self.path) + '.moved')}) "
                "and try again."
            )
