"""Where Companion keeps its files. Nothing here creates folders at import time."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "companion"
DATA_FILE_NAME = "companion.json"
HOME_VARIABLE = "COMPANION_HOME"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: `--data DIR`, else `COMPANION_HOME`, else the platform's user data folder."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(HOME_VARIABLE)
    if from_env:
        return Path(from_env).expanduser().resolve()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The user's config folder (their own prompt banks live in its `prompts/`)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """Where Companion keeps what is neither data nor settings (a crash log)."""
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP_NAME, appauthor=False))


def user_prompts_dir() -> Path:
    return config_dir() / "prompts"


def make_private_dirs(path: Path) -> None:
    """Create the folder and any missing parents, each readable by its owner alone (0700).

    Folders that already exist are left exactly as they are: Companion changes only what
    it created (a data folder given with --data may be a home or a shared folder)."""
    if os.path.lexists(path) and not os.path.isdir(path):
        raise NotADirectoryError(20, "Not a directory", str(path))
    missing = []
    folder = path
    while not os.path.lexists(folder):
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue  # made a moment ago by another process
        os.chmod(folder, 0o700)  # whatever the umask took away


def data_folder_problem(folder: Path) -> str | None:
    """Why `folder` cannot be a data folder (a file, or a path through a file), or None.
    A folder that does not exist yet is fine: it is created when something is saved."""
    for part in (folder, *folder.parents):
        if os.path.isdir(part):
            return None
        if os.path.lexists(part):
            if part == folder:
                return f"The data folder {folder} is a file, not a folder: give --data (or COMPANION_HOME) a folder."
            return (
                f"The data folder {folder} cannot be used: {part} is a file, not a folder. "
                "Give --data (or COMPANION_HOME) another folder."
            )
    return None
