"""Prompt banks: the shipped ones are complete and valid; user banks extend, override, hide;
a broken bank is reported with its file and line and never stops the rest."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from companion.banks import (
    BANK_NAMES,
    BANK_SECTIONS,
    PROMPT_KEYS,
    STANCES,
    load_banks,
    parse_bank,
    shipped_bank_files,
    toml_problem,
)
from companion.paths import user_prompts_dir
from tests.conftest import run_cli

ROLE_BANKS = ("engineer", "designer", "product_manager")
COMMON_TOPICS = {
    "opening": {"opening"},
    "candour and safety": {"candour", "safety"},
    "expectations": {"expectations"},
    "time and commitment": {"time", "commitment"},
    "culture": {"culture"},
    "closing": {"closing"},
}


def shipped_prompts() -> list[tuple[Path, dict]]:
    found = []
    for path in shipped_bank_files():
        for entry in tomllib.loads(path.read_text())["prompt"]:
            found.append((path, entry))
    return found


def test_every_shipped_bank_file_is_present_and_loads_without_warnings():
    names = sorted(p.name for p in shipped_bank_files())
    assert names == ["common.toml", "designer.toml", "engineer.toml", "product_manager.toml"]
    banks = load_banks()
    assert banks.warnings == []
    assert len(banks.prompts) == len(shipped_prompts())


@pytest.mark.parametrize("path", shipped_bank_files(), ids=lambda p: p.name)
def test_shipped_bank_passes_the_schema(path: Path):
    prompts, hidden, warnings = parse_bank(path.read_text(), str(path))
    assert warnings == [] and hidden == []
    data = tomllib.loads(path.read_text())
    assert data["bank"]["name"] in BANK_NAMES
    for entry in data["prompt"]:
        assert set(entry) <= PROMPT_KEYS
        assert entry["stance"] in STANCES and entry["section"] in BANK_SECTIONS
        assert re.fullmatch(r"[a-z0-9-]+", entry["id"])
        assert entry["text"].strip() and entry["tags"]


def test_prompt_ids_are_unique_across_all_shipped_banks():
    ids = [entry["id"] for _, entry in shipped_prompts()]
    assert len(ids) == len(set(ids))


def test_prompt_texts_are_not_repeated():
    texts = [entry["text"].strip().lower() for _, entry in shipped_prompts()]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize("bank", ROLE_BANKS)
@pytest.mark.parametrize("stance", ["mentor", "mentee"])
def test_each_role_bank_has_25_prompts_per_stance(bank: str, stance: str):
    banks = load_banks()
    assert banks.count(bank, stance) >= 25


def test_common_bank_covers_every_shared_topic():
    common = [p for p in load_banks().prompts.values() if p.bank == "common"]
    for topic, tags in COMMON_TOPICS.items():
        assert any(tags & set(p.tags) for p in common), f"no shared prompt about {topic}"
    for section in ("check-in", "goals", "close"):
        for stance in ("mentor", "mentee"):
            assert any(p.section == section and p.fits(stance) for p in common), (section, stance)


def write_bank(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def test_user_bank_extends_and_overrides_by_id_and_can_hide(tmp_path: Path):
    folder = tmp_path / "mine"
    shipped = load_banks()
    some_id = next(p.id for p in shipped.prompts.values() if p.bank == "engineer")
    hidden_id = next(p.id for p in shipped.prompts.values() if p.bank == "common")
    write_bank(
        folder,
        "extra.toml",
        f'''
[bank]
name = "engineer"

[[prompt]]
id = "my-own-prompt"
stance = "mentee"
section = "explore"
tags = ["ai"]
text = "Show me the terminal setup you use for AI pair programming."

[[prompt]]
id = "{some_id}"
stance = "both"
section = "explore"
tags = ["tooling"]
text = "My rewording of a shipped prompt."

[[prompt]]
id = "{hidden_id}"
enabled = false
''',
    )
    banks = load_banks(folder)
    assert banks.warnings == []
    assert banks.prompts["my-own-prompt"].bank == "engineer"
    assert banks.prompts[some_id].text == "My rewording of a shipped prompt."
    assert banks.prompts[some_id].source.endswith("extra.toml")
    assert hidden_id not in banks.prompts
    assert len(banks.prompts) == len(shipped.prompts)  # one added, one hidden


def test_an_edited_user_bank_is_read_again_and_results_are_not_shared(tmp_path: Path):
    folder = tmp_path / "mine"
    entry = '[bank]\nname = "common"\n\n[[prompt]]\nid = "mine"\nstance = "both"\nsection = "explore"\ntext = "{}"\n'
    write_bank(folder, "mine.toml", entry.format("First wording."))
    first = load_banks(folder)
    first.prompts.clear()  # what a caller does with its copy stays with it
    first.warnings.append("changed by the caller")
    write_bank(folder, "mine.toml", entry.format("Second wording."))
    again = load_banks(folder)
    assert again.prompts["mine"].text == "Second wording."
    assert again.warnings == []


def test_toml_syntax_error_names_file_and_line_and_other_banks_load(tmp_path: Path):
    folder = tmp_path / "mine"
    broken = write_bank(folder, "broken.toml", '[bank]\nname = "engineer"\n\n[[prompt]]\nid = "x\n')
    banks = load_banks(folder)
    assert len(banks.warnings) == 1
    assert banks.warnings[0].startswith(f"{broken}, line 5: unterminated string")
    assert len(banks.prompts) == len(load_banks().prompts)


@pytest.mark.parametrize(
    "text, line, reason",
    [
        ('[bank]\nname = "common"\n\n[[prompt]]\n\ntext = "no closing quote\n', 6, "unterminated string"),
        ('[bank]\nname = "common"\ntext = """never closed\n', 3, "unterminated string"),
        ('[bank]\nname = "common"\nname = "engineer"\n', 3, "a key is set twice"),
        ("[bank\n", 1, "expected ']' at the end of a table declaration"),
        ("[bank]\nname = common\n", 2, "a value is missing or not valid (text needs quotes)"),
        ('[bank]\nname = "common" "x"\n', 2, "something follows the value on the same line"),
    ],
)
def test_broken_toml_is_named_by_file_and_line_in_plain_words(tmp_path: Path, text, line, reason):
    (warning,) = parse_bank(text, "mine.toml")[2]
    assert warning.startswith(f"mine.toml, line {line}: {reason}")
    assert warning.endswith("; the whole file was skipped")
    words = warning.split()
    assert all(a != b for a, b in zip(words, words[1:])), "no word twice in a row"
    assert "(at" not in warning and "column" not in warning


@pytest.mark.parametrize(
    "message",
    [
        "Unterminated string starting at (at line 6, column 8)",
        "Unterminated string starting at at line 6, column 8",
        "Unterminated string (at line 6, column 8)",
    ],
)
def test_other_wordings_of_tomllib_lose_the_position_and_the_dangling_at(message):
    assert toml_problem(tomllib.TOMLDecodeError(message), "") == (
        6,
        "unterminated string (a closing quote is missing)",
    )


def test_bad_prompt_is_skipped_with_its_line_and_good_ones_in_the_same_file_load(tmp_path: Path):
    folder = tmp_path / "mine"
    path = write_bank(
        folder,
        "mixed.toml",
        """[bank]
name = "designer"

[[prompt]]
id = "good-one"
stance = "mentor"
section = "explore"
tags = ["motion"]
text = "A fine prompt."

[[prompt]]
id = "bad-stance"
stance = "boss"
section = "explore"
tags = []
text = "Stance is wrong."

[[prompt]]
id = "bad-section"
stance = "mentor"
section = "lunch"
text = "Section is wrong."
""",
    )
    banks = load_banks(folder)
    assert "good-one" in banks.prompts
    assert "bad-stance" not in banks.prompts and "bad-section" not in banks.prompts
    assert any(w.startswith(f"{path}, line 11:") and "stance" in w for w in banks.warnings)
    assert any(w.startswith(f"{path}, line 18:") and "section" in w for w in banks.warnings)


@pytest.mark.parametrize(
    "entry, complaint",
    [
        ('id = "Bad Id"\nstance = "both"\nsection = "explore"\ntext = "x"', "`id`"),
        ('id = "no-text"\nstance = "both"\nsection = "explore"\ntext = "  "', "`text`"),
        ('id = "tags"\nstance = "both"\nsection = "explore"\ntext = "x"\ntags = "ai"', "`tags`"),
        ('id = "extra"\nstance = "both"\nsection = "explore"\ntext = "x"\ncolour = "red"', "unknown key"),
    ],
)
def test_each_schema_rule_is_enforced(entry: str, complaint: str):
    _, _, warnings = parse_bank(f'[bank]\nname = "common"\n\n[[prompt]]\n{entry}\n', "bank.toml")
    assert len(warnings) == 1 and complaint in warnings[0] and warnings[0].startswith("bank.toml, line 4:")


def test_bank_without_a_known_name_is_skipped_whole(tmp_path: Path):
    folder = tmp_path / "mine"
    write_bank(
        folder,
        "odd.toml",
        '[bank]\nname = "astronaut"\n\n[[prompt]]\nid = "a-b"\nstance = "both"\nsection = "explore"\ntext = "x"\n',
    )
    banks = load_banks(folder)
    assert "a-b" not in banks.prompts
    assert "odd.toml, line 1:" in banks.warnings[0] and "astronaut" not in banks.warnings[0]


def test_companion_check_reports_a_broken_user_bank():
    broken = write_bank(user_prompts_dir(), "broken.toml", "[bank\n")
    result = run_cli("check")
    assert result.returncode == 1
    assert f"{broken}, line 1:" in result.stderr


def test_companion_check_is_healthy_with_shipped_banks():
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert "Prompt banks: 4 files" in result.stdout
