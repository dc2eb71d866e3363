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


def user_prompts_dir() -> Path:
    return config_dir() / "prompts"


def ensure_private_dir(path: Path) -> None:
    """Create the folder if needed and make it readable by its owner alone (0700)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if (path.stat().st_mode & 0o777) != 0o700:
        os.chmod(path, 0o700)
