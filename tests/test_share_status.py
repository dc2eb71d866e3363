"""The dashboard's line about sharing, and the share file written and read through the
functions the command line and the app share (companion/record_files.py)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from companion.banks import load_banks
from companion.errors import CompanionError
from companion.models import Partnership, Profile
from companion.partnerships import complete_onboarding
from companion.record_files import default_share_path, preview_share, share_to_file
from companion.share_read import read_share
from companion.store import Store
from companion.summary import partner_share_line, share_status
from tests.conftest import make_partnership
from tests.share_helpers import NOW, two_folders

TODAY = date(2026, 11, 24)


def test_share_status_says_what_was_shared_each_way():
    sam = make_partnership(partner_name="Sam")
    assert share_status(sam, TODAY) == ""  # no line until either of you shares
    assert partner_share_line(sam, TODAY) == ""
    sam.last_shared_at = datetime(2026, 11, 23, 9, 0)
    assert share_status(sam, TODAY) == "You shared yesterday · nothing from Sam yet"
    sam.partner_share_at = datetime(2026, 11, 17, 18, 0)
    assert share_status(sam, TODAY) == "You shared yesterday · Sam's share from Tue 17 Nov imported"
    sam.last_shared_at = None
    assert share_status(sam, TODAY) == "Not shared yet · Sam's share from Tue 17 Nov imported"
    sam.partner_share_at = datetime(2025, 12, 30, 18, 0)
    assert partner_share_line(sam, TODAY) == "Sam's share from Tue 30 Dec 2025 imported"


def test_default_share_path_names_the_partner_and_the_day(tmp_path):
    assert (
        default_share_path("Priya Shah-Lee", TODAY, tmp_path)
        == tmp_path / "companion-share-priya-shah-lee-2026-11-24.md"
    )
    assert default_share_path("../..", TODAY, tmp_path).name == "companion-share-partner-2026-11-24.md"


def test_share_to_file_writes_for_its_owner_and_records_the_time(tmp_path):
    mentee, mentor = two_folders(tmp_path)
    store = Store(mentee).open()
    sam = store.all(Partnership)[0]
    out = tmp_path / "share.md"
    share_to_file(store, load_banks(None), sam, out, NOW, replace=False)
    assert out.stat().st_mode & 0o777 == 0o600
    assert read_share(out).to_name == "Sam"
    assert store.all(Partnership)[0].last_shared_at == NOW
    with pytest.raises(CompanionError, match="already exists"):
        share_to_file(store, load_banks(None), sam, out, NOW, replace=False)


def test_preview_falls_back_on_the_current_partnership_when_the_name_does_not_settle_it(tmp_path):
    mentee, mentor = two_folders(tmp_path)
    alex_store = Store(mentee).open()
    out = tmp_path / "share.md"
    share_to_file(alex_store, load_banks(None), alex_store.all(Partnership)[0], out, NOW, replace=False)
    lee = tmp_path / "lee"
    store = Store(lee).open()
    complete_onboarding(store, Profile(name="Sam"), make_partnership(partner_name="Lee"), NOW)
    with pytest.raises(CompanionError, match="--partnership"):
        preview_share(store, out, NOW)
    plan = preview_share(store, out, NOW, current=store.all(Partnership)[0])
    assert plan.partnership.partner_name == "Lee" and plan.links
