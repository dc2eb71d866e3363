"""A person's own keys: the `[keys]` table of `config.toml` in the config folder maps a
binding id to the key (or keys) that should run it (docs/keys.md).

A missing file is fine. A broken one never stops the app: `load_keymap` returns what can
be used and one line naming the file, the line and what to do. A TOML syntax error means
nothing from the file is used; a bad entry (unknown id, wrong type, odd key name, a key
that collides) is skipped and the rest of the file applies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from companion.paths import config_dir

CONFIG_FILE_NAME = "config.toml"
# A key as Textual names it: optional modifiers, then one character or a key name.
KEY_SHAPE = re.compile(r"^((ctrl|shift|alt|meta|super|hyper)\+)*([^\s+,]|[a-z][a-z0-9_]*|\+)$", re.IGNORECASE)
TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
TOML_END = re.compile(r"\s*\(at end of document\)$")


def config_path() -> Path:
    return config_dir() / CONFIG_FILE_NAME


@dataclass(frozen=True)
class KnownBinding:
    """A binding a person may remap: its id, where it applies and its default keys.

    `scope` names the screen or dialog it belongs to; bindings in the scope `GLOBAL` apply
    on every main screen, so a screen's key must not take one of theirs. A modal scope (a
    dialog) sees only its own keys.
    """

    id: str
    scope: str
    keys: tuple[str, ...]
    modal: bool = False


GLOBAL = "global"


@dataclass
class Keymap:
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> "key1,key2"
    problems: list[str] = field(default_factory=list)  # each names the file and line

    @property
    def message(self) -> str | None:
        """One line for the person, or None when the file was fine."""
        if not self.problems:
            return None
        more = len(self.problems) - 1
        return self.problems[0] + (f" ({more} more problem{'s' if more != 1 else ''} in the file.)" if more else "")


def load_keymap(
    path: Path | None = None,
    known: Sequence[KnownBinding] | None = None,
    normalize: Callable[[str], str] = str.strip,
) -> Keymap:
    """The keys remapped in `config.toml`. With `known`, ids are checked and collisions
    found; without, only the file's shape is (as `companion check` does)."""
    path = config_path() if path is None else path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Keymap()
    except (OSError, UnicodeDecodeError) as error:
        return Keymap(problems=[f"{path}: could not be read ({error}); Companion uses its default keys."])
    import tomllib  # only when there is a file: most people have none, and start-up skips it

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Keymap(problems=[toml_problem(path, str(error))])
    table = document.get("keys", {})
    if not isinstance(table, dict):
        line = line_of(text, None)
        return Keymap(problems=[f"{path}, line {line}: `keys` should be a table: [keys]; {USING_DEFAULTS}"])
    return _checked(path, text, table, known, normalize)


USING_DEFAULTS = "Companion uses its default keys."
SKIPPED = "that line is skipped and the rest of the file applies."


def toml_problem(path: Path, message: str) -> str:
    """Python's TOML message ends "(at line 6, column 9)": said once, as "line 6"."""
    where = TOML_WHERE.search(message)
    if where:
        what = message[: where.start()]
        return f"{path}, line {where.group(1)}, column {where.group(2)}: {what}; fix it and restart. {USING_DEFAULTS}"
    what = TOML_END.sub("", message)
    return f"{path}, at the end: {what}; fix it and restart. {USING_DEFAULTS}"


def line_of(text: str, binding_id: str | None) -> int:
    """The line of an entry in the `[keys]` table (or of the table itself), counted from 1."""
    in_keys = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_keys = stripped.replace(" ", "") == "[keys]"
            if binding_id is None and in_keys:
                return number
            continue
        if binding_id is None and re.match(r"^keys\s*=", stripped):
            return number
        if binding_id is not None and in_keys and re.match(rf"^[\"']?{re.escape(binding_id)}[\"']?\s*=", stripped):
            return number
        if binding_id is not None and re.match(rf"^keys\.[\"']?{re.escape(binding_id)}[\"']?\s*=", stripped):
            return number
    return 1


def _as_keys(value: object) -> list[str] | None:
    if isinstance(value, str):
        keys = [key.strip() for key in value.split(",")]
    elif isinstance(value, list) and all(isinstance(key, str) for key in value):
        keys = [key.strip() for key in value]
    else:
        return None
    return keys if keys and all(keys) else None


def _checked(
    path: Path,
    text: str,
    table: Mapping[str, object],
    known: Sequence[KnownBinding] | None,
    normalize: Callable[[str], str],
) -> Keymap:
    by_id = {binding.id: binding for binding in known or ()}
    result = Keymap()
    wanted: dict[str, tuple[str, ...]] = {}
    for binding_id, value in table.items():
        where = f"{path}, line {line_of(text, binding_id)}"
        keys = _as_keys(value)
        if keys is None:
            result.problems.append(
                f'{where}: `{binding_id}` should be a key such as "ctrl+g", or a list of keys; {SKIPPED}'
            )
        elif bad := [key for key in keys if not KEY_SHAPE.match(key)]:
            result.problems.append(
                f'{where}: "{bad[0]}" is not a key name (write e.g. "ctrl+g", "f5" or "question_mark"); {SKIPPED}'
            )
        elif known is not None and binding_id not in by_id:
            result.problems.append(
                f"{where}: there is no key binding called `{binding_id}` (the help screen, F1, lists them); {SKIPPED}"
            )
        else:
            wanted[binding_id] = tuple(normalize(key) for key in keys)
    if known is not None:
        for binding_id, clash in _collisions(known, wanted, normalize):
            del wanted[binding_id]
            result.problems.append(
                f"{path}, line {line_of(text, binding_id)}: `{binding_id}` would take a key already used by "
                f"`{clash}`; pick another key or remap that one too; {SKIPPED}"
            )
    result.keys = {binding_id: ",".join(keys) for binding_id, keys in wanted.items()}
    return result


def _collisions(
    known: Sequence[KnownBinding], wanted: dict[str, tuple[str, ...]], normalize: Callable[[str], str]
) -> list[tuple[str, str]]:
    """Remapped entries whose key another binding in reach already has: (id, other id).

    Dropping an entry puts its binding back on its default keys, which may clash anew, so
    this repeats until nothing clashes (each round drops at least one entry)."""
    dropped: list[tuple[str, str]] = []
    remaining = dict(wanted)
    while True:
        clash = _first_clash(known, remaining, normalize)
        if clash is None:
            return dropped
        dropped.append(clash)
        del remaining[clash[0]]


def _first_clash(
    known: Sequence[KnownBinding], wanted: Mapping[str, tuple[str, ...]], normalize: Callable[[str], str]
) -> tuple[str, str] | None:
    def keys_of(binding: KnownBinding) -> tuple[str, ...]:
        return wanted.get(binding.id) or tuple(normalize(key) for key in binding.keys)

    scopes: dict[str, list[KnownBinding]] = {}
    for binding in known:
        scopes.setdefault(binding.scope, []).append(binding)
    global_bindings = scopes.get(GLOBAL, [])
    for scope, bindings in scopes.items():
        modal = any(binding.modal for binding in bindings)
        reach = bindings if modal or scope == GLOBAL else [*bindings, *global_bindings]
        owner: dict[str, KnownBinding] = {}
        for binding in reach:
            for key in keys_of(binding):
                other = owner.setdefault(key, binding)
                if other.id == binding.id:
                    continue
                if binding.id in wanted:
                    return binding.id, other.id
                if other.id in wanted:
                    return other.id, binding.id
    return None
