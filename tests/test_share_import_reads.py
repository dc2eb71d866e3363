"""Importing a share reads what it needs, not a whole history: of my done actions, only
those a share brought (a long history holds thousands); what it does stays the same."""

from __future__ import annotations

from datetime import datetime

from companion.banks import load_banks
from companion.models import ActionItem, Owner, Partnership
from companion.share import Share, ShareAction
from companion.share_import import import_share
from companion.store import Store
from tests.share_helpers import NOW, two_folders


def test_an_import_decodes_only_the_done_actions_a_share_brought(tmp_path, monkeypatch):
    mentee, _ = two_folders(tmp_path)
    store = Store(mentee).open()
    partnership = store.all(Partnership)[0]
    assert partnership.id is not None
    with store.transaction():
        for number in range(30):
            done = ActionItem(partnership_id=partnership.id, text=f"mine {number}", created_at=NOW, done_on=NOW.date())
            store.add(done)
    decoded: list[str] = []
    decode = Store._decode

    def counting(self, cls, doc_id, doc):
        record = decode(self, cls, doc_id, doc)
        if cls is ActionItem:
            decoded.append(record.text)
        return record

    monkeypatch.setattr(Store, "_decode", counting)
    banks = load_banks()
    for step, text in enumerate(("Try pairing", "Try pairing twice", "Try pairing twice")):
        share = Share(
            made_at=datetime(2026, 11, 24, 11, step),
            from_name="Sam Ortiz",
            from_link="sam-link",
            to_name="Alex Kim",
            to_link="",
            actions=[ShareAction("a1", text, Owner.PARTNER, None)],
        )
        import_share(store, share, NOW, banks, dry_run=False, partnership_name="Sam")
    assert not any(text.startswith("mine") for text in decoded)
    shared = [a for a in store.all(ActionItem) if a.shared_id]
    assert [(a.shared_id, a.text, a.owner) for a in shared] == [("a1", "Try pairing twice", Owner.ME)]
