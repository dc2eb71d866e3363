"""Writing a file so that a crash leaves the old one or the new one (docs/storage.md).

Every write goes to a temporary file in the same folder, is flushed to disk, and replaces
the target with one rename; then the folder is synced so the rename lasts. A symbolic link
is written through: the file it points at is replaced, and the link stays.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

# In the name of every temporary file (`.companion.json.tmp-<pid>-<random>`).
TEMP_MARK = ".tmp-"


def atomic_write(path: Path, payload: bytes | list[bytes]) -> None:
    """Replace `path` with `payload` (bytes, or pieces written in turn) so that a crash
    leaves the old file or the new one. A symbolic link (a dotfile manager's) stays: the
    file it points at is replaced."""
    pieces = [payload] if isinstance(payload, bytes) else payload
    path = write_target(path)
    temp = path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}-{os.urandom(4).hex()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        try:
            os.fchmod(fd, 0o600)
            _write_all(fd, pieces)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(path.parent)


def _write_all(fd: int, pieces: list[bytes]) -> None:
    """Write every piece, in as few system calls as possible (each one hands the
    interpreter lock back and forth with the interface thread)."""
    views = [memoryview(piece) for piece in pieces if piece]
    limit = getattr(os, "IOV_MAX", 1024) if hasattr(os, "writev") else 1
    while views:
        batch = views[:limit]
        written = os.writev(fd, batch) if hasattr(os, "writev") else os.write(fd, batch[0])
        while written and views:
            if written >= len(views[0]):
                written -= len(views[0])
                views.pop(0)
            else:
                views[0] = views[0][written:]
                written = 0


def fsync_dir(folder: Path) -> None:
    """Make the rename durable. Best effort: by now the new file is in place, and some
    file systems cannot sync a folder, so a failure here must not report a failed save."""
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def write_target(path: Path) -> Path:
    """The file a write to `path` replaces: the target of a symbolic link, else `path`."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def copy_private(source: Path, target: Path) -> None:
    """Copy a file atomically, readable by its owner alone."""
    atomic_write(target, source.read_bytes())


def stale_temp_files(folders: Iterable[Path]) -> list[Path]:
    """Temporary files a killed writer left in `folders`. Only plain files: anything else
    with such a name is not ours. (Remove them only under the lock, when no writer can
    be live.)"""
    found: list[Path] = []
    for folder in folders:
        try:
            candidates = list(folder.glob(f".*{TEMP_MARK}*"))
        except OSError:
            continue
        found.extend(p for p in candidates if _is_plain_file(p))
    return found


def _is_plain_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
