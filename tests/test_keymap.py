"""config.toml's `[keys]` table, read by the core with no terminal: what applies, and the
one line a broken file gives (docs/keys.md)."""

from __future__ import annotations

from pathlib import Path

from companion.keymap import GLOBAL, KnownBinding, config_path, load_keymap
from companion.paths import config_dir

KNOWN = [
    KnownBinding("go_agenda", GLOBAL, ("2",)),
    KnownBinding("go_goals", GLOBAL, ("6",)),
    KnownBinding("help", GLOBAL, ("f1", "question_mark")),
    KnownBinding("goals_new", "GoalsScreen", ("n",)),
    KnownBinding("goals_sort", "GoalsScreen", ("s",)),
    KnownBinding("goals_filter", "GoalsScreen", ("f",)),
    KnownBinding("agenda_add", "AgendaScreen", ("n",)),
    KnownBinding("confirm_yes", "ConfirmDialog", ("y",), modal=True),
]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_file_lives_in_the_config_folder_and_may_be_missing(tmp_path: Path):
    assert config_path() == config_dir() / "config.toml"
    keymap = load_keymap(tmp_path / "absent.toml", KNOWN)
    assert keymap.keys == {} and keymap.message is None


def test_keys_are_remapped_by_id_as_a_string_or_a_list(tmp_path: Path):
    path = write(tmp_path, '# my keys\n[keys]\ngo_agenda = "ctrl+a"\ngoals_sort = ["o", "ctrl+o"]\n')
    keymap = load_keymap(path, KNOWN)
    assert keymap.keys == {"go_agenda": "ctrl+a", "goals_sort": "o,ctrl+o"}
    assert keymap.message is None
    assert load_keymap(write(tmp_path, "theme = 'x'\n"), KNOWN).keys == {}, "no [keys] table: nothing to do"


def test_a_toml_error_names_the_file_and_line_once_and_keeps_the_defaults(tmp_path: Path):
    path = write(tmp_path, '[keys]\ngo_agenda = "ctrl+a"\n\n\n\ngoals_sort = o\n')
    keymap = load_keymap(path, KNOWN)
    assert keymap.keys == {}
    assert keymap.message == (
        f"{path}, line 6, column 14: Invalid value; fix it and restart. Companion uses its default keys."
    )
    assert "at line" not in keymap.message and "at at" not in keymap.message
    end = load_keymap(write(tmp_path, "[keys\n"), KNOWN).message
    assert end is not None and end.count("line") <= 1 and "(at" not in end


def test_an_unknown_id_is_skipped_with_its_line_and_the_rest_applies(tmp_path: Path):
    path = write(tmp_path, '[keys]\ngo_agenda = "ctrl+a"\ngoals_sortt = "o"\n')
    keymap = load_keymap(path, KNOWN)
    assert keymap.keys == {"go_agenda": "ctrl+a"}
    assert keymap.message is not None
    assert keymap.message.startswith(f"{path}, line 3: there is no key binding called `goals_sortt`")
    assert "the rest of the file applies" in keymap.message
    assert "\n" not in keymap.message


def test_wrong_types_and_odd_key_names_are_skipped(tmp_path: Path):
    path = write(tmp_path, '[keys]\ngo_agenda = 2\ngo_goals = "ctrl-g"\nhelp = ["f2", 3]\ngoals_filter = "F"\n')
    keymap = load_keymap(path, KNOWN)
    assert keymap.keys == {"goals_filter": "F"}
    assert len(keymap.problems) == 3
    assert keymap.problems[0].startswith(f"{path}, line 2: `go_agenda` should be a key")
    assert '"ctrl-g" is not a key name' in keymap.problems[1]
    assert keymap.message is not None and keymap.message.endswith("(2 more problems in the file.)")
    shape_only = load_keymap(write(tmp_path, '[keys]\nanything = "ctrl+g"\n'))
    assert shape_only.keys == {"anything": "ctrl+g"}, "without the bindings, only the shape is checked"
    assert load_keymap(write(tmp_path, 'keys = "g"\n'), KNOWN).problems[0].startswith(f"{path}, line 1: `keys`")


def test_a_key_that_would_mean_two_things_is_skipped(tmp_path: Path):
    path = write(tmp_path, '[keys]\ngoals_sort = "n"\ngoals_filter = "2"\nconfirm_yes = "2"\n')
    keymap = load_keymap(path, KNOWN)
    # "n" is the goals screen's new goal; "2" goes to the agenda from every screen; a
    # dialog sees only its own keys, so "2" is free there.
    assert keymap.keys == {"confirm_yes": "2"}
    assert "line 2: `goals_sort` would take a key already used by `goals_new`" in keymap.problems[0]
    assert "`goals_filter` would take a key already used by `go_agenda`" in keymap.problems[1]


def test_keys_may_be_swapped_and_the_same_key_may_serve_two_screens(tmp_path: Path):
    path = write(tmp_path, '[keys]\ngoals_sort = "n"\ngoals_new = "a"\nagenda_add = "a"\nhelp = "?"\n')
    keymap = load_keymap(path, KNOWN, normalize=lambda key: "question_mark" if key == "?" else key)
    assert keymap.keys == {"goals_sort": "n", "goals_new": "a", "agenda_add": "a", "help": "question_mark"}
    assert keymap.message is None


def test_companion_check_reports_a_broken_keys_file(tmp_path: Path):
    from companion import health

    folder = tmp_path / "data"
    path = write(tmp_path, "[keys]\ngo_agenda = \n")
    report = health.check(folder, keys_config=path)
    assert report.problems == [load_keymap(path).problems[0]] and "line 2" in report.problems[0]
    path = write(tmp_path, '[keys]\ngo_agenda = "ctrl+a"\n')
    report = health.check(folder, keys_config=path)
    assert report.problems == [] and f"Keys: 1 remapped in {path}" in report.lines
