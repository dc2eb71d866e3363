"""The real migration steps, on real files of the older version (tests/data: a demo
dataset and the tests' own partnerships, written by the version-1 Companion)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta

from companion import migrations
from companion.codec import unpack_bundle
from companion.models import Cycle, Note, Partnership
from companion.store import Store
from tests.conftest import read_tables
from tests.store_helpers import mode_of

DATA = Path(__file__).parent / "data"


def _copy_v1(name: str, data_dir: Path) -> bytes:
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DATA / name, data_dir / "companion.json")
    (data_dir / "companion.json").chmod(0o600)
    original = (data_dir / "companion.json").read_bytes()
    assert b'"schema": 1' in original
    return original


@pytest.mark.parametrize("name", ["v1-demo.json", "v1-partners.json"])
def test_a_version_1_file_opens_after_a_backup_with_a_first_cycle_each(name: str, data_dir: Path) -> None:
    original = _copy_v1(name, data_dir)
    store = Store(data_dir).open()

    backups = list((data_dir / "backups").glob(f"companion-before-v{migrations.SCHEMA_VERSION}-*.json"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert mode_of(backups[0]) == 0o600
    tables, _ = read_tables(store.path)
    assert tables["meta"]["1"]["schema"] == migrations.SCHEMA_VERSION == 3

    partnerships = store.all(Partnership)
    assert partnerships
    for partnership in partnerships:
        start = partnership.start_date
        assert partnership.cycle == Cycle(number=1, start=start, months=3, review_on=_three_months_on(start))
        assert partnership.agreement is None
        assert partnership.past_cycles == []
    # Everything else is as it was: the same documents, only the new fields added, and
    # each packed string the same bundle with its quotes swapped.
    old = _tables_of(original)
    for table, docs in old.items():
        if table == "meta":
            continue
        for doc_id, doc in docs.items():
            assert {k: v for k, v in _bundles_read(tables[table][doc_id]).items() if k in doc} == _bundles_read(doc)
    assert all(
        part["packed"].startswith("{'")
        for doc in tables.get("sessions", {}).values()
        for part in (doc.get("agenda"), doc.get("reflection"))
        if part and part["packed"] != "{}"
    )
    assert store.all(Note)  # both files hold notes, still readable


def _tables_of(raw: bytes) -> dict:
    return json.loads(raw)


def _bundles_read(doc: dict) -> dict:
    """A stored document with each packed string read as its bundle."""
    return {
        key: {**value, "packed": unpack_bundle(value["packed"])}
        if isinstance(value, dict) and "packed" in value
        else value
        for key, value in doc.items()
    }


def test_the_quote_step_swaps_only_packed_strings_of_the_version_2_form() -> None:
    old = json.dumps({"items": [["i1", "check-in", 'say "pause", don\'t wait', 3, "prompt", None, False, False, []]]})
    tables = {
        "sessions": {
            "1": {"agenda": {"packed": old, "seed": 1}, "reflection": {"packed": '{"learned":"it\'s \\"fine\\""}'}},
            "2": {"agenda": {"packed": "{'items':[]}"}, "reflection": None},
            "3": {"agenda": {"packed": 7}},
            "4": "not a document",
        }
    }
    moved = migrations.swapped_quotes(tables)["sessions"]
    assert moved["1"]["agenda"]["packed"].startswith("{'") and moved["1"]["agenda"]["seed"] == 1
    assert unpack_bundle(moved["1"]["agenda"]["packed"]) == json.loads(old)
    assert unpack_bundle(moved["1"]["reflection"]["packed"]) == {"learned": 'it\'s "fine"'}
    assert moved["2"]["agenda"]["packed"] == "{'items':[]}"  # already swapped: left alone
    assert moved["3"]["agenda"]["packed"] == 7 and moved["4"] == "not a document"  # left for the checks


def _three_months_on(start: date) -> date:
    return start + relativedelta(months=3)


def test_the_step_keeps_a_cycle_already_there_and_skips_a_start_date_that_does_not_read() -> None:
    cycle = {"number": 2, "start": "2027-01-01", "months": 6, "review_on": "2027-07-01"}
    tables = {
        "partnerships": {
            "1": {"start_date": "2026-11-30", "cycle": cycle},
            "2": {"start_date": "2026-11-31"},
            "3": {"start_date": "2026-05-31"},
        }
    }
    moved = migrations.cycles_and_agreement(tables)["partnerships"]
    assert moved["1"]["cycle"] == cycle
    assert "cycle" not in moved["2"]  # left for the record checks to name
    assert moved["3"]["cycle"]["review_on"] == "2026-08-31"
    assert all(doc["agreement"] is None and doc["past_cycles"] == [] for doc in moved.values())


def test_a_read_only_store_moves_a_version_1_file_forward_in_memory_only(data_dir: Path) -> None:
    original = _copy_v1("v1-partners.json", data_dir)
    store = Store(data_dir, read_only=True).open()
    assert all(p.cycle is not None and p.cycle.number == 1 for p in store.all(Partnership))
    assert (data_dir / "companion.json").read_bytes() == original
    assert not (data_dir / "backups").exists()
