"""Two data folders, a mentee's (Alex, meeting Sam) and a mentor's (Sam, meeting Alex),
for the share tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from companion.models import Profile, Stance
from companion.partnerships import complete_onboarding
from companion.store import Store
from tests.conftest import make_partnership

NOW = datetime(2026, 11, 24, 10, 0)


def two_folders(tmp_path: Path) -> tuple[Path, Path]:
    mentee, mentor = tmp_path / "mentee", tmp_path / "mentor"
    complete_onboarding(Store(mentee).open(), Profile(name="Alex Kim"), make_partnership(partner_name="Sam"), NOW)
    complete_onboarding(
        Store(mentor).open(),
        Profile(name="Sam Ortiz"),
        make_partnership(partner_name="Alex", stance=Stance.MENTOR),
        NOW,
    )
    return mentee, mentor
