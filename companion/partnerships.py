"""The user's profile, partnerships and settings: who is mentoring whom, and how often."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any, TypeVar

from companion.dates import format_date
from companion.errors import CompanionError, ValidationError
from companion.models import FocusRole, Partnership, Profile, Session, Settings, Stance
from companion.search_text import fold
from companion.sessions import stored_id
from companion.store import Store
from companion.terminal_text import printable
from companion.validation import (
    NAME_MAX,
    OnboardingForm,
    build_onboarding,
    check_choice,
    check_minutes,
    check_name,
    check_text,
    collect,
)

T = TypeVar("T")


def load_settings(store: Store) -> Settings:
    return store.singleton(Settings) or Settings()


def save_settings(store: Store, settings: Settings) -> None:
    store.put_singleton(settings)


def profile(store: Store) -> Profile | None:
    return store.singleton(Profile)


def current_partnership(store: Store) -> Partnership | None:
    """The partnership the app shows: the one chosen in settings, else the first."""
    chosen = load_settings(store).current_partnership_id
    if chosen is not None:
        found = store.get(Partnership, chosen)
        if found is not None:
            return found
    partnerships = store.all(Partnership)
    return partnerships[0] if partnerships else None


def require_partnership(store: Store) -> Partnership:
    """The current partnership, or a message saying to set Companion up first."""
    partnership = current_partnership(store)
    if partnership is None:
        raise CompanionError("Set up Companion first: run `companion` and answer the first-run questions.")
    return partnership


def is_onboarded(store: Store) -> bool:
    return profile(store) is not None and current_partnership(store) is not None


def complete_onboarding(store: Store, new_profile: Profile, partnership: Partnership, now: datetime) -> Partnership:
    """Save the first-run answers in one write: profile, partnership, and make it current."""
    with store.transaction():
        store.put_singleton(new_profile)
        stored = store.add(replace(partnership, id=None, created_at=now))
        settings = load_settings(store)
        settings.current_partnership_id = stored.id
        save_settings(store, settings)
    return stored


# --- editing from the settings screen ----------------------------------------------------


def clean_profile(name: str, role: str) -> Profile:
    """The profile as typed, cleaned up, or ValidationError naming each bad field."""
    problems: dict[str, str] = {}
    cleaned_name = collect(problems, "name", lambda: check_name(name, "Your name"))
    cleaned_role = collect(problems, "role", lambda: check_text(role, "Your role", limit=NAME_MAX))
    if problems or cleaned_name is None:
        raise ValidationError(problems)
    return Profile(name=cleaned_name, role=cleaned_role or "")


def clean_partnership_fields(
    partner_name: str, stance: object, focus_role: object, session_minutes: str | int
) -> dict[str, Any]:
    """The editable fields of a partnership, cleaned up, or ValidationError per field."""
    problems: dict[str, str] = {}
    values = {
        "partner_name": collect(problems, "partner_name", lambda: check_name(partner_name, "Partner's name")),
        "stance": collect(problems, "stance", lambda: check_choice(stance, Stance, "your stance")),
        "focus_role": collect(problems, "focus_role", lambda: check_choice(focus_role, FocusRole, "the mentee's role")),
        "session_minutes": collect(problems, "session_minutes", lambda: check_minutes(session_minutes)),
    }
    if problems:
        raise ValidationError(problems)
    return values


def update_profile(store: Store, name: str, role: str) -> Profile:
    """Change the user's name and role."""
    new_profile = clean_profile(name, role)
    with store.transaction():
        for partnership in store.all(Partnership):
            if _same_name(partnership.partner_name, new_profile.name):
                raise ValidationError(
                    {"name": f"{partnership.partner_name} is the name of a partner; your name should differ."}
                )
        store.put_singleton(new_profile)
    return new_profile


def update_partnership(
    store: Store,
    partnership_id: int,
    partner_name: str,
    stance: Stance | str,
    focus_role: FocusRole | str,
    session_minutes: int | str,
) -> Partnership:
    """Change who the partner is, the stance, the focus role and the session length.

    A new length also rescales the time boxes of agendas already built for planned
    sessions (those without a length of their own), so they keep adding up to it.
    The cadence changes through `sessions.change_cadence`, which keeps its history.
    """
    values = clean_partnership_fields(partner_name, stance, focus_role, session_minutes)
    with store.transaction():
        partnership = _existing(store, partnership_id)
        _check_partner_name(store, values["partner_name"], partnership_id)
        minutes = values["session_minutes"]
        if minutes != partnership.session_minutes:
            _rescale_agendas(store, partnership_id, minutes)
        store.update(Partnership, partnership_id, **values)
        return _existing(store, partnership_id)


def update_profile_and_partnership(
    store: Store,
    *,
    profile_fields: Mapping[str, str] | None = None,
    partnership_id: int | None = None,
    partnership_fields: Mapping[str, str] | None = None,
) -> None:
    """Save the profile (`name`, `role`) and a partnership's editable fields (those
    `update_partnership` takes) in one write: both or neither. Leave out what did not
    change. ValidationError names each bad field, and then nothing is saved."""
    with store.transaction():
        if profile_fields is not None:
            update_profile(store, **profile_fields)
        if partnership_id is not None and partnership_fields is not None:
            update_partnership(store, partnership_id, **partnership_fields)


def build_partnership(store: Store, form: OnboardingForm, today: date) -> Partnership:
    """A new partnership from the partner part of the first-run form (the profile is
    already known), or ValidationError naming each bad field."""
    me = profile(store)
    if me is None:
        raise CompanionError("Finish the first-run questions before adding a partnership.")
    filled = replace(form, name=me.name, role=me.role)
    problems: dict[str, str] = {}
    try:
        _check_partner_name(store, " ".join(form.partner_name.split()), None)
    except ValidationError as error:
        problems.update(error.problems)
    try:
        _, partnership = build_onboarding(filled, today)
    except ValidationError as error:
        mine = {k: v for k, v in error.problems.items() if k not in ("name", "role")}
        if not mine and not problems:
            raise CompanionError("Your profile needs a fix first: " + "; ".join(error.problems.values())) from None
        raise ValidationError({**mine, **problems}) from None
    if problems:
        raise ValidationError(problems)
    return partnership


def add_partnership(
    store: Store, partnership: Partnership, now: datetime, *, make_current: bool = False
) -> Partnership:
    """Store another partnership; with `make_current`, the app shows it from now on."""
    with store.transaction():
        _check_partner_name(store, partnership.partner_name, None)
        stored = store.add(replace(partnership, id=None, created_at=now))
        if make_current:
            switch_partnership(store, stored_id(stored))
    return stored


def switch_partnership(store: Store, partnership_id: int) -> Partnership:
    """Make another partnership the current one."""
    with store.transaction():
        partnership = _existing(store, partnership_id)
        settings = load_settings(store)
        settings.current_partnership_id = partnership_id
        save_settings(store, settings)
    return partnership


def list_partnerships(store: Store) -> list[Partnership]:
    """Every partnership, oldest first."""
    return sorted(store.all(Partnership), key=lambda p: p.id or 0)


def find_partnership(store: Store, text: str) -> Partnership:
    """The partnership whose partner's name starts with `text`, ignoring case and accents
    ("dan", "DANA", "Dána" all find Dana Ruiz). A name typed in full wins over longer names
    it begins ("Sam" finds Sam, not Samira). Unknown or ambiguous: CompanionError in one
    line that lists the partners to choose from."""
    partnerships = list_partnerships(store)
    if not partnerships:
        raise CompanionError("Set up Companion first: run `companion` and answer the first-run questions.")
    matches = matching_partnerships(partnerships, text)
    if len(matches) == 1:
        return matches[0]
    shown = printable(" ".join(text.split()), one_line=True)
    if matches:
        raise CompanionError(f'"{shown}" could be {_names(matches, "or")}: type more of the name.')
    raise CompanionError(f'no partner matches "{shown}": {_names(partnerships, ",")}')


def matching_partnerships(partnerships: list[Partnership], text: str) -> list[Partnership]:
    """Those whose partner's name is `text` (ignoring case and accents), else those whose
    name starts with it."""
    wanted = name_key(text)
    exact = [p for p in partnerships if name_key(p.partner_name) == wanted]
    return exact or [p for p in partnerships if wanted and name_key(p.partner_name).startswith(wanted)]


def name_key(name: str) -> str:
    """A name as matched: accents dropped and case folded as search does, spaces single."""
    return " ".join(fold(name).split())


def _names(partnerships: list[Partnership], joiner: str) -> str:
    names = sorted((printable(p.partner_name, one_line=True) for p in partnerships), key=name_key)
    if joiner == "or" and len(names) > 1:
        return ", ".join(names[:-1]) + " or " + names[-1]
    return ", ".join(names)


def next_partnership(store: Store, after_id: int | None = None) -> Partnership | None:
    """The partnership after `after_id` (the current one when not given), in
    `list_partnerships` order, the first again after the last; None with fewer than two."""
    partnerships = list_partnerships(store)
    if len(partnerships) < 2:
        return None
    if after_id is None:
        current = current_partnership(store)
        after_id = current.id if current else None
    ids = [p.id for p in partnerships]
    index = ids.index(after_id) if after_id in ids else -1
    return partnerships[(index + 1) % len(partnerships)]


def partnership_position(store: Store, partnership_id: int | None) -> tuple[int, int]:
    """Where a partnership comes in `list_partnerships`, counted from 1, and how many there
    are: (2, 3) for the second of three; (0, n) when it is not there."""
    ids = [p.id for p in list_partnerships(store)]
    return (ids.index(partnership_id) + 1 if partnership_id in ids else 0), len(ids)


def _same_name(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _existing(store: Store, partnership_id: int) -> Partnership:
    partnership = store.get(Partnership, partnership_id)
    if partnership is None:
        raise CompanionError("That partnership no longer exists (removed in another window?).")
    return partnership


def _check_partner_name(store: Store, partner_name: str, partnership_id: int | None) -> None:
    """A partner's name differs from yours and from your other partners' names."""
    me = profile(store)
    if me is not None and _same_name(me.name, partner_name):
        raise ValidationError({"partner_name": "Your partner's name should differ from yours."})
    for other in store.all(Partnership):
        if other.id != partnership_id and _same_name(other.partner_name, partner_name):
            raise ValidationError(
                {
                    "partner_name": f"You already have a partnership with {other.partner_name}: "
                    "add an initial or a surname to tell them apart."
                }
            )


def _rescale_agendas(store: Store, partnership_id: int, minutes: int) -> None:
    """Fit the agendas of planned sessions to a new session length."""
    from companion.agenda import rebalance  # the agenda module is only needed here

    planned = store.find(
        Session,
        lambda d: (
            d.get("partnership_id") == partnership_id
            and d.get("state", "planned") == "planned"
            and d.get("agenda") is not None
            and d.get("duration_minutes") is None
        ),
    )
    for session in planned:
        agenda = session.agenda
        if not agenda or not agenda.items:
            continue
        if len(agenda.items) > minutes:
            raise ValidationError(
                {
                    "session_minutes": (
                        f"The agenda for {format_date(session.scheduled_at)} has {len(agenda.items)} items, "
                        f"which do not fit in {minutes} minutes: choose at least {len(agenda.items)}, "
                        "or remove items from that agenda first."
                    )
                }
            )
        store.update(Session, stored_id(session), agenda=replace(agenda, items=rebalance(agenda.items, minutes)))
