"""Properties of the export over generated datasets: export, import into an empty folder
and export again gives the same JSON; no private word reaches an export without --all."""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.agreement import AgreementForm, save_agreement
from companion.export import export_json, export_markdown
from companion.importer import import_export
from companion.models import Partnership
from companion.store import Store
from tests.conftest import FROZEN_NOW
from tests.export_helpers import SECRET, demo_store, plant_secrets

NOW = datetime.fromisoformat(FROZEN_NOW)
DATASETS = st.tuples(st.integers(0, 40), st.integers(0, 10_000))
FEW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FEW
@given(dataset=DATASETS, every=st.integers(1, 5))
def test_export_import_export_gives_the_same_json(dataset, every):
    sessions, seed = dataset
    with tempfile.TemporaryDirectory() as folder:
        store = demo_store(Path(folder) / "a", sessions=sessions, seed=seed, now=NOW)
        plant_secrets(store, every)
        if every % 2 and store.get(Partnership, 1) is not None:  # the agreement is the person's data too
            save_agreement(store, 1, AgreementForm(i_want="answers", reset_phrase="pause", months="4"), NOW.date())
        exported = export_json(store, include_private=True, since=None, now=NOW)
        restored = Store(Path(folder) / "b").open()
        import_export(restored, json.loads(json.dumps(exported)), NOW, dry_run=False)
        assert export_json(restored, include_private=True, since=None, now=NOW) == exported


@FEW
@given(dataset=DATASETS, every=st.integers(1, 5))
def test_no_private_word_leaves_without_all(dataset, every):
    sessions, seed = dataset
    with tempfile.TemporaryDirectory() as folder:
        store = demo_store(Path(folder), sessions=sessions, seed=seed, now=NOW)
        secrets = plant_secrets(store, every)
        shared_json = json.dumps(export_json(store, include_private=False, since=None, now=NOW))
        shared_md = export_markdown(store, include_private=False, since=None, now=NOW)
        assert SECRET not in shared_json and SECRET not in shared_md
        everything = export_markdown(store, include_private=True, since=None, now=NOW)
        assert all(word in everything for word in secrets)
