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
