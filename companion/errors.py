"""Errors that reach the person using Companion, each with a message that says what to do."""


class CompanionError(Exception):
    """A problem the user can act on; the message is shown as it is (exit code 1)."""


class DataFileError(CompanionError):
    """The data file cannot be used; it is left exactly as it is."""


class StoreBusyError(CompanionError):
    """Another Companion process held the data lock for too long."""


class SaveError(CompanionError):
    """Writing failed (disk full, permissions); the file on disk is unchanged."""


class ValidationError(CompanionError):
    """User input that cannot be accepted; `problems` maps field names to messages."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(problems.values()))


def os_error_text(error: OSError) -> str:
    """What an operating-system error means for the person, with what to do about it."""
    import errno

    known = {
        errno.EACCES: "permission denied: check that you may read and write that folder",
        errno.EPERM: "operation not permitted: check the folder's owner and permissions",
        errno.EROFS: "the file system is read-only: choose a writable data folder with --data or COMPANION_HOME",
        errno.ENOSPC: "the disk is full: free some space and try again",
        errno.EDQUOT: "your disk quota is used up: free some space and try again",
        errno.ENOTDIR: "part of that path is a file, not a folder: check the path",
        errno.EISDIR: "that is a folder where a file was expected: move the folder away",
        errno.ELOOP: "it is a symbolic link (or a loop of them) where a plain file was expected",
        errno.ENAMETOOLONG: "the path is too long",
        errno.EIO: "the device reported an input/output error: check the disk",
    }
    advice = known.get(error.errno) if error.errno is not None else None
    advice = advice or (error.strerror or str(error)).rstrip(".").lower()
    return f"{error.filename}: {advice}" if error.filename else advice
