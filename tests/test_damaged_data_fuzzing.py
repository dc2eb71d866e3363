"""Fuzzed data files (docs/trust.md, "Damaged data"): valid files mutated at random, and
every command run in-process on each. No command crashes, and a damaged file is never
written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion import health
from companion.codec import pack_bundle, unpack_bundle
from tests import damaged_data_helpers as shared
from tests.damaged_data_helpers import COMMANDS, fingerprint, run, tables_of, valid_bytes, write_file

FUZZ_EXAMPLES = int(os.environ.get("COMPANION_FUZZ_EXAMPLES", "120"))
# The examples are run as this many tests, each drawing its own, so that parallel
# workers share them instead of one worker running them all.
FUZZ_SHARDS = 4


# The helper module's autouse fixture, bound here so that pytest applies it to these tests.
show_unexpected_errors = shared.show_unexpected_errors


# --- fuzzing ------------------------------------------------------------------------------------

ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 1, 5, 7, 99, 481, 10**18]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "soon",
            "",
            "2026-02-30",
            "0001-01-01",
            "9999-12-31T23:59:59",
            "2026-11-24T10:00:00+02:00",
            "1800-01-01",
            "2200-12-31",
            "1799-12-31",
            "2026-11-24",
            "2026-11-24T16:00:00",
            "25:99",
            "16:00",
            "held",
            "planned",
            "weekly",
            "monthly",
            "me",
            "partner",
            "check-in",
            "explore",
            "on-track",
            "\udcff",
        ]
    ),
    st.lists(st.integers(min_value=-3, max_value=3), max_size=3),
    st.dictionaries(st.sampled_from(["on", "progress", "rating", "text"]), st.integers(), max_size=2),
)


def _places(tables: dict) -> list[tuple]:
    """Every field a mutation can reach: (table, record, key path), packed fields included."""
    found = []
    for table, docs in tables.items():
        if table == "meta":
            continue
        for doc_id, doc in docs.items():
            for key, value in doc.items():
                found.append((table, doc_id, (key,)))
                if isinstance(value, dict):
                    found += [(table, doc_id, (key, inner)) for inner in value if inner != "packed"]
                    if "packed" in value:
                        bundle = unpack_bundle(value["packed"])
                        for name, field in bundle.items():
                            found.append((table, doc_id, (key, "packed", name)))
                            if isinstance(field, list):
                                found += [
                                    (table, doc_id, (key, "packed", name, i, j))
                                    for i, row in enumerate(field[:2])
                                    if isinstance(row, list)
                                    for j in range(len(row))
                                ]
                if isinstance(value, list):
                    found += [
                        (table, doc_id, (key, i, inner))
                        for i, item in enumerate(value[:2])
                        if isinstance(item, dict)
                        for inner in item
                    ]
    return found


def _mutate(tables: dict, place: tuple, how: str, value) -> None:
    """Apply one mutation; a place an earlier mutation already removed is left alone."""
    table, doc_id, path = place
    try:
        target = tables[table][doc_id]
        if len(path) >= 3 and path[1] == "packed":
            holder = target[path[0]]
            bundle = unpack_bundle(holder["packed"])
            _apply(bundle, path[2:], how, value)
            holder["packed"] = pack_bundle(bundle)
            return
        _apply(target, path, how, value)
    except (KeyError, IndexError, TypeError, ValueError):
        pass


def _apply(container, path: tuple, how: str, value) -> None:
    for step in path[:-1]:
        container = container[step]
    last = path[-1]
    if how == "remove" and isinstance(container, dict):
        container.pop(last, None)
    elif how == "dangling":
        container[last] = 999
    else:
        container[last] = value


mutation = st.tuples(st.integers(min_value=0), st.sampled_from(["set", "set", "set", "remove", "dangling"]), ODD_VALUES)


@pytest.mark.parametrize("shard", range(FUZZ_SHARDS))
@settings(
    max_examples=max(1, FUZZ_EXAMPLES // FUZZ_SHARDS),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutations=st.lists(mutation, min_size=1, max_size=3), sealed_layout=st.booleans())
def test_fuzzed_files_never_crash_a_command_and_a_damaged_one_is_never_written(
    shard, tmp_path_factory, monkeypatch, capsys, mutations, sealed_layout
):
    tables = tables_of(valid_bytes())
    old_seal = tables["meta"]["1"]["seal"]
    places = _places(tables)
    for index, how, value in mutations:
        _mutate(tables, places[index % len(places)], how, value)
    try:
        mutated = json.dumps(tables).encode() if not sealed_layout else None
    except (ValueError, UnicodeEncodeError):
        return  # not JSON at all (such files are the unreadable-file tests' business)
    folder = tmp_path_factory.mktemp("fuzz")
    for command in COMMANDS:
        path = (
            write_file(folder, json.loads(json.dumps(tables)), like_companion=sealed_layout, seal=old_seal)
            if sealed_layout
            else _write_raw(folder, mutated)
        )
        damaged = health.check(folder).problems
        before = fingerprint(path)
        code, out, err = run(folder, command, monkeypatch, capsys)
        assert code in (0, 1), (command, out, err)
        assert "Traceback" not in out + err
        if damaged:
            assert code == 1, (command, damaged, out)
            assert fingerprint(path) == before, (command, damaged)
        elif fingerprint(path) != before:
            assert health.check(folder).problems == [], (command, "wrote a damaged file")


def _write_raw(folder: Path, raw: bytes) -> Path:
    path = folder / "companion.json"
    path.write_bytes(raw)
    os.chmod(path, 0o600)
    return path
