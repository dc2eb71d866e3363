"""The whole-file JSON export, built from the stored documents, gives exactly what the
route through decoded records gives (docs/export-format.md)."""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion import models
from companion.codec import encode_unpacked, from_doc, unpacked_from_doc
from companion.export import select, selection_json, whole_json
from tests.conftest import FROZEN_NOW
from tests.export_helpers import demo_store, plant_secrets

NOW = datetime.fromisoformat(FROZEN_NOW)
FEW = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FEW
@given(sessions=st.integers(0, 40), seed=st.integers(0, 10_000), every=st.integers(1, 5))
def test_whole_json_equals_the_export_through_records(sessions, seed, every):
    with tempfile.TemporaryDirectory() as folder:
        store = demo_store(Path(folder), sessions=sessions, seed=seed, now=NOW)
        plant_secrets(store, every)
        through_records = selection_json(select(store, include_private=True, since=None), NOW, None)
        assert json.dumps(whole_json(store, NOW)) == json.dumps(through_records)


ODD_DOCS = [
    # stored to the minute, defaults left out, an unknown field kept by a newer version
    (models.Goal, {"partnership_id": 1, "title": "Read", "created_at": "2026-11-01T09:30", "later": 1}),
    # agenda items as objects rather than rows, a reflection not packed
    (
        models.Session,
        {
            "partnership_id": 1,
            "scheduled_at": "2026-11-02T10:00",
            "agenda": {"items": [{"id": "a", "section": "check-in", "text": "Hi", "minutes": 5}]},
            "reflection": {"learned": "x", "tags": ["t"], "private": True},
        },
    ),
]


@pytest.mark.parametrize(("cls", "doc"), ODD_DOCS)
def test_unpacking_a_document_equals_decoding_and_encoding_it(cls, doc):
    assert unpacked_from_doc(cls, doc, 7) == encode_unpacked(from_doc(cls, doc, 7))
