"""Prompt banks: the shipped TOML files plus the user's own, checked prompt by prompt.

A bank file has a `[bank]` table (`name` is `common` or a focus role) and `[[prompt]]`
entries with `id`, `text`, `stance`, `section`, `tags` and, optionally, `phase` (when in
the relationship the prompt fits; see docs/prompts.md). The user's banks (in the
config folder's `prompts/`) load after the shipped ones: a prompt with a known `id`
replaces the shipped prompt, `enabled = false` hides it, new ids add prompts. A broken
file or prompt gives a warning naming the file and line; everything else still loads.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.models import FocusRole, Section
from companion.validation import TAG_PATTERN

if TYPE_CHECKING:  # tomllib and importlib.resources load when a bank is read, not at start-up
    import tomllib

COMMON = "common"
BANK_NAMES = (COMMON, *(role.value for role in FocusRole))
STANCES = ("mentor", "mentee", "both")
BANK_SECTIONS = tuple(s.value for s in Section if s is not Section.CARRY_OVER)
# When in a partnership a prompt fits: its first session, sessions 2 to 4, later on, or the
# last session of a cycle. A prompt without a phase fits any time.
PHASES = ("first", "early", "middle", "closing")
PROMPT_KEYS = {"id", "text", "stance", "section", "tags", "phase", "enabled"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
_PROMPT_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*prompt[ \t]*\]\]", re.MULTILINE)
# Where tomllib says the problem is: "(at line 6, column 8)" or "(at end of document)".
_TOML_POSITION = re.compile(r"\s*\(?\bat (?:line (\d+), column \d+|end of document)\)?")
_DANGLING_AT = re.compile(r"\s+(?:starting\s+)?at$")  # "string starting at" once the position is cut
# tomllib's messages, in the words of someone editing the file by hand.
_TOML_WORDS = {
    "illegal character '\\n'": "unterminated string (a closing quote is missing on this line)",
    "unterminated string": "unterminated string (a closing quote is missing)",
    'expected "\'"': "unterminated string (a closing quote is missing)",
    "invalid value": "a value is missing or not valid (text needs quotes)",
    "invalid statement": "this line is not `key = value` or a [table]",
    "cannot overwrite a value": "a key is set twice",
    "expected newline or end of document after a statement": "something follows the value on the same line",
}
TEXT_LIMIT = 500


@dataclass(frozen=True)
class Prompt:
    id: str
    text: str
    stance: str
    section: str
    tags: tuple[str, ...]
    bank: str
    source: str
    phase: str | None = None  # one of PHASES, or None: any time

    def fits(self, stance: str) -> bool:
        return self.stance in ("both", stance)


@dataclass
class BankSet:
    prompts: dict[str, Prompt] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def for_partnership(self, focus_role: str, stance: str) -> list[Prompt]:
        """The prompts that apply: the shared bank and the focus role's, for this stance."""
        return [p for p in self.prompts.values() if p.bank in (COMMON, focus_role) and p.fits(stance)]

    def count(self, bank: str, stance: str) -> int:
        return sum(1 for p in self.prompts.values() if p.bank == bank and p.stance == stance)


def shipped_bank_files() -> list[Path]:
    from importlib import resources

    folder = resources.files("companion.prompts")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".toml"))


def user_bank_files(user_dir: Path | None) -> list[Path]:
    if user_dir is None or not user_dir.is_dir():
        return []
    return sorted(user_dir.glob("*.toml"))


def load_banks(user_dir: Path | None = None) -> BankSet:
    """Every prompt: shipped banks first, then the user's (which override by id)."""
    result = BankSet()
    for path in shipped_bank_files() + user_bank_files(user_dir):
        prompts, hidden, warnings = read_bank_file(path)
        result.files.append(str(path))
        result.warnings.extend(warnings)
        for prompt_id in hidden:
            result.prompts.pop(prompt_id, None)
        for prompt in prompts:
            result.prompts[prompt.id] = prompt
    return result


def read_bank_file(path: Path) -> tuple[list[Prompt], list[str], list[str]]:
    """(prompts, ids to hide, warnings) from one bank file; never raises for bad content."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [], [], [f"{path}: cannot be read ({error}); skipped"]
    prompts, hidden, warnings = _parse_bank_once(text, str(path))
    return list(prompts), list(hidden), list(warnings)


@functools.lru_cache(maxsize=64)
def _parse_bank_once(text: str, source: str) -> tuple[tuple[Prompt, ...], tuple[str, ...], tuple[str, ...]]:
    """`parse_bank`, remembered by content: the shipped banks are read by every command and
    every agenda build, and parsing them is most of what `check` costs."""
    prompts, hidden, warnings = parse_bank(text, source)
    return tuple(prompts), tuple(hidden), tuple(warnings)


def parse_bank(text: str, source: str) -> tuple[list[Prompt], list[str], list[str]]:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, reason = toml_problem(error, text)
        return [], [], [f"{at_line(source, line)}: {reason}; the whole file was skipped"]
    bank = data.get("bank")
    if not isinstance(bank, dict) or bank.get("name") not in BANK_NAMES:
        return (
            [],
            [],
            [
                f"{at_line(source, 1)}: needs a [bank] table whose name is one of {', '.join(BANK_NAMES)}; "
                "the whole file was skipped"
            ],
        )
    entries = data.get("prompt", [])
    if not isinstance(entries, list):
        return [], [], [f"{at_line(source, 1)}: `prompt` must be written as [[prompt]] tables; skipped"]
    lines = [text.count("\n", 0, m.start()) + 1 for m in _PROMPT_HEADER.finditer(text)]
    prompts: list[Prompt] = []
    hidden: list[str] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = at_line(source, lines[index] if index < len(lines) else 1)
        problem = prompt_problem(entry, seen)
        if problem:
            warnings.append(f"{where}: {problem}; this prompt was skipped")
            continue
        seen.add(entry["id"])
        if entry.get("enabled", True) is False:
            hidden.append(entry["id"])
            continue
        prompts.append(
            Prompt(
                id=entry["id"],
                text=" ".join(entry["text"].split()),
                stance=entry["stance"],
                section=entry["section"],
                tags=tuple(entry.get("tags", ())),
                bank=bank["name"],
                source=source,
                phase=entry.get("phase"),
            )
        )
    return prompts, hidden, warnings


def at_line(source: str, line: int) -> str:
    """`engineer.toml, line 6`: where a warning points."""
    return f"{source}, line {line}"


def toml_problem(error: tomllib.TOMLDecodeError, text: str) -> tuple[int, str]:
    """(line, what is wrong in plain words) from tomllib's error; the end of the document
    counts as its last line."""
    message = str(error)
    match = _TOML_POSITION.search(message)
    if match and match.group(1):
        line = int(match.group(1))
    else:
        line = max(1, len(text.splitlines()))
    reason = _DANGLING_AT.sub("", _TOML_POSITION.sub("", message).strip())
    plain = _TOML_WORDS.get(reason.lower())
    if plain is None:
        plain = reason[:1].lower() + reason[1:] if reason else "not valid TOML"
    return line, plain


def prompt_problem(entry: Any, seen: set[str]) -> str | None:
    """What is wrong with one [[prompt]] entry, or None."""
    if not isinstance(entry, dict):
        return "a prompt must be a table"
    prompt_id = entry.get("id")
    if not isinstance(prompt_id, str) or not _ID.match(prompt_id):
        return "`id` must be 2-64 lowercase letters, digits or hyphens"
    if prompt_id in seen:
        return f"`id` {prompt_id!r} appears twice in this file"
    unknown = set(entry) - PROMPT_KEYS
    if unknown:
        return f"unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(PROMPT_KEYS))}"
    if entry.get("enabled", True) is False:
        return None
    if not isinstance(entry.get("enabled", True), bool):
        return "`enabled` must be true or false"
    text = entry.get("text")
    if not isinstance(text, str) or not text.strip():
        return "`text` must be a non-empty string"
    if len(text) > TEXT_LIMIT:
        return f"`text` is {len(text)} characters; keep it under {TEXT_LIMIT}"
    if entry.get("stance") not in STANCES:
        return f"`stance` must be one of {', '.join(STANCES)}"
    if entry.get("section") not in BANK_SECTIONS:
        return f"`section` must be one of {', '.join(BANK_SECTIONS)}"
    if "phase" in entry and entry["phase"] not in PHASES:
        return f"`phase` must be one of {', '.join(PHASES)} (or left out for any time)"
    tags = entry.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and TAG_PATTERN.match(t) for t in tags):
        return "`tags` must be a list of short lowercase words (letters, digits, hyphens)"
    return None
