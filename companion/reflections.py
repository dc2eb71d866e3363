"""Reflections: written after a held session, saved as a draft while typing, then finished.

A draft never loses text: `save_draft` stores whatever was typed, only into the
`reflection` field of that one session, and fields it is not given keep their stored
values. `finish_reflection` checks the whole reflection first (`validate_reflection`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from companion import clock, schedule
from companion.actions import follow_reflection_privacy
from companion.codec import from_doc
from companion.dates import format_date_time, format_timestamp
from companion.errors import CompanionError, ValidationError
from companion.holding import hold
from companion.lessons import returns_markdown
from companion.models import Partnership, Reflection, Session, SessionState
from companion.partnerships import current_partnership, list_partnerships
from companion.sessions import SessionRef, slots_since, stored_id, stored_session, timeline, timeline_between
from companion.store import Store
from companion.validation import TAG_PATTERN

TEXT_FIELDS = ("learned", "will_try", "surprised", "notes")
FIELDS = (*TEXT_FIELDS, "value", "candour", "tags", "private")
LABELS = {
    "learned": "What I learned",
    "will_try": "What I will try",
    "surprised": "What surprised or challenged me",
    "notes": "Notes",
}
TEXT_MAX = 20_000
TAGS_MAX = 12
# `companion reflect` offers a planned session whose time passed up to this long ago.
JUST_PASSED = timedelta(days=7)
# A session may be marked held up to a day early, so held ones are looked for that far ahead.
HELD_AHEAD = timedelta(days=1)
# Held sessions still waiting for their reflection are offered for this long; older ones
# stay on the Sessions screen, so that the dashboard does not nag about them for ever.
HELD_WAITING = timedelta(weeks=4)
RATINGS = {
    "value": "Rate how valuable the session was, from 1 (not much) to 5 (very)",
    "candour": "Rate how openly you both spoke, from 1 (guarded) to 5 (fully candid)",
}


def parse_tags(tags: str | Iterable[str]) -> list[str]:
    """Tags as typed ("rust, #Pairing ci") as a clean list: lowercase, no "#", no repeats.
    Tags that stay malformed are kept for `validate_reflection` to report."""
    items = tags.replace(",", " ").split() if isinstance(tags, str) else [str(t).strip() for t in tags]
    found: list[str] = []
    for item in items:
        tag = item.lstrip("#").lower()
        if tag and tag not in found:
            found.append(tag)
    return found


def validate_reflection(
    reflection: Reflection | None = None, *, finishing: bool = True, **fields: Any
) -> dict[str, str]:
    """Problems by field name ("learned", "will_try", "surprised", "notes", "text" when all
    four are empty, "value", "candour", "tags"); empty when all is well. Without
    `finishing` (a draft), missing ratings and empty text are fine."""
    merged = _merge(reflection or Reflection(), fields)
    problems: dict[str, str] = {}
    for name in TEXT_FIELDS:
        text = getattr(merged, name)
        if len(text.strip()) > TEXT_MAX:
            problems[name] = f"{LABELS[name]} is {len(text.strip())} characters; keep it under {TEXT_MAX}."
    if finishing and not any(getattr(merged, name).strip() for name in TEXT_FIELDS):
        problems["text"] = (
            "Write at least one line first: what you learned, what you will try, what surprised you, or a note."
        )
    for name, ask in RATINGS.items():
        rating = getattr(merged, name)
        if rating is None:
            if finishing:
                problems[name] = f"{ask}."
        elif not _is_rating(rating):
            problems[name] = f"{ask}; {rating!r} is not one of 1, 2, 3, 4, 5."
    bad = [tag for tag in merged.tags if not TAG_PATTERN.match(tag)]
    if bad:
        problems["tags"] = (
            f"Tag “{bad[0]}” will not do: use short words of lowercase letters, digits and hyphens "
            "(up to 32 characters), separated by commas or spaces."
        )
    elif len(merged.tags) > TAGS_MAX:
        problems["tags"] = f"{len(merged.tags)} tags is a lot: keep it to {TAGS_MAX} at most."
    return problems


def load_draft(store: Store, session_id: int) -> Reflection | None:
    """The reflection stored on a session (a draft or finished), or None."""
    doc = store.docs("sessions").get(str(session_id))
    if doc is None:
        raise CompanionError(f"Session {session_id} no longer exists.")
    raw = doc.get("reflection")
    return None if raw is None else from_doc(Reflection, raw)


def save_draft(store: Store, session_id: SessionRef, *, now: datetime | None = None, **fields: Any) -> Reflection:
    """Keep what was typed so far; fields not given keep their stored values.

    The text is stored exactly as typed, whatever it holds; a rating outside 1–5 is not
    kept (finishing asks for it). Saving the same draft again writes nothing. Editing a
    finished reflection saves it in place: it stays finished, with its first `written_at`.
    """
    now = now or clock.now()
    with store.transaction():
        doc_id = _session_id(store, session_id, now)
        stored = load_draft(store, doc_id)
        draft = _merge(stored or Reflection(), fields)
        for name in RATINGS:
            if not _is_rating(getattr(draft, name)):
                setattr(draft, name, None)
        if stored is not None and _same(stored, draft):
            return stored
        draft.updated_at = now
        store.update(Session, doc_id, reflection=draft)
        _follow_privacy(store, doc_id, stored, draft)
        return draft


def finish_reflection(
    store: Store, session_id: SessionRef, *, now: datetime | None = None, **fields: Any
) -> Reflection:
    """Check and store the reflection as final (`written_at` is when it was first finished).

    A planned session whose time has come is marked held first (with its scheduled time and
    length): writing a reflection says it took place. A skipped, cancelled or future
    session cannot be reflected on.
    """
    now = now or clock.now()
    with store.transaction():
        session = stored_session(store, session_id, now)
        doc_id = stored_id(session)
        stored = load_draft(store, doc_id)
        reflection = _merge(stored or Reflection(), fields)
        problems = validate_reflection(reflection)
        if problems:
            raise ValidationError(problems)
        if session.state is SessionState.PLANNED and session.scheduled_at > now:
            raise CompanionError(
                f"This session is on {format_date_time(session.scheduled_at, year=False)}, still ahead: "
                "reflect on it once it has taken place."
            )
        if session.state is SessionState.PLANNED:
            hold(store, doc_id, now=now)
        elif session.state is not SessionState.HELD:
            raise CompanionError(
                f"This session was {session.state.value}, so there is nothing to reflect on: "
                "restore it and mark it held if it did take place."
            )
        reflection.is_draft = False
        reflection.written_at = (stored.written_at if stored and not stored.is_draft else None) or now
        reflection.updated_at = now
        store.update(Session, doc_id, reflection=reflection)
        _follow_privacy(store, doc_id, stored, reflection)
        return reflection


def can_reflect(session: Session, now: datetime) -> bool:
    """Whether the reflection on a session can be written now: it was not skipped or
    cancelled, and its time has come or comes within `HELD_AHEAD` (a session may be held
    early). A planned one is finished only once its time came (`finish_reflection`)."""
    set_aside = session.state in (SessionState.SKIPPED, SessionState.CANCELLED)
    return not set_aside and session.scheduled_at <= now + HELD_AHEAD


def reflection_target(store: Store, partnership: Partnership, now: datetime) -> Session | None:
    """The session `companion reflect` opens: the most recent (by scheduled time) of
    - sessions marked held (scheduled up to a day ahead, as a session may be held early), and
    - planned sessions whose scheduled time came within the last 7 days, stored or only
      planned by the cadence (returned with `id=None`; saving a draft stores it).
    Skipped and cancelled sessions are never offered. None if there is no such session.
    """
    window_start = now - JUST_PASSED
    stored: Session | None = None
    for scheduled, doc_id, partnership_id, state, _slot in reversed(timeline(store)):
        if partnership_id != partnership.id:
            continue
        when = datetime.fromisoformat(scheduled)
        held = state == SessionState.HELD.value and when <= now + HELD_AHEAD
        if held or (state == SessionState.PLANNED.value and window_start <= when <= now):
            stored = store.get(Session, doc_id)
            break
    passed = _passed_unstored(store, partnership, now)
    virtual = passed[-1] if passed else None
    if stored is None or (virtual is not None and virtual.scheduled_at > stored.scheduled_at):
        return virtual
    return stored


@dataclass(frozen=True)
class ReflectionCandidate:
    """A session that wants its reflection, and whose it is."""

    session: Session
    partnership: Partnership

    @property
    def held(self) -> bool:
        """False for a session whose time passed without being marked held: ask first
        whether it took place."""
        return self.session.state is SessionState.HELD

    @property
    def state_text(self) -> str:
        """`held`, `held, draft started`, `held, reflected`, `not marked held`: for a
        list to choose from."""
        state = "held" if self.held else "not marked held"
        reflection = self.session.reflection
        if reflection is None:
            return state
        return f"{state}, draft started" if reflection.is_draft else f"{state}, reflected"


def reflection_candidates(
    store: Store, now: datetime, partnership: Partnership | None = None
) -> list[ReflectionCandidate]:
    """The sessions waiting for a reflection (none yet, or a draft), of every partnership
    or of `partnership` alone. Held sessions come first (scheduled up to `HELD_WAITING`
    ago, or up to a day ahead as a session may be held early), then sessions whose time
    passed in the last 7 days without being marked held, stored or only planned by the
    cadence (`id=None`); each group most recent first. Skipped and cancelled sessions
    never appear."""
    partnerships = {stored_id(p): p for p in ([partnership] if partnership else list_partnerships(store))}
    held: list[ReflectionCandidate] = []
    passed: list[ReflectionCandidate] = []
    held_from = (now - HELD_WAITING).isoformat(timespec="seconds")
    held_until = (now + HELD_AHEAD).isoformat(timespec="seconds")
    passed_from = (now - JUST_PASSED).isoformat(timespec="seconds")
    until = now.isoformat(timespec="seconds")
    window = timeline_between(store, min(held_from, passed_from), max(held_until, until))
    for scheduled, doc_id, partnership_id, state, _slot in reversed(window):
        owner = partnerships.get(partnership_id)
        if owner is None:
            continue
        if state == SessionState.HELD.value and held_from <= scheduled <= held_until:
            found = held
        elif state == SessionState.PLANNED.value and passed_from <= scheduled <= until:
            found = passed
        else:
            continue
        session = store.get(Session, doc_id)
        if session is not None and (session.reflection is None or session.reflection.is_draft):
            found.append(ReflectionCandidate(session, owner))
    for owner in partnerships.values():
        passed.extend(ReflectionCandidate(session, owner) for session in _passed_unstored(store, owner, now))
    passed.sort(key=lambda c: c.session.scheduled_at, reverse=True)
    return held + passed


def reflection_choices(
    store: Store, now: datetime, partnership: Partnership | None = None
) -> list[ReflectionCandidate]:
    """What reflecting offers: the `reflection_candidates`, or with none, the latest held
    session of `partnership` (else of the current one), whose finished reflection can be
    read and edited. Empty when there is no such session either."""
    candidates = reflection_candidates(store, now, partnership)
    if candidates:
        return candidates
    owner = partnership or current_partnership(store)
    latest = reflection_target(store, owner, now) if owner else None
    if latest is None or owner is None or latest.state is not SessionState.HELD:
        return []
    return [ReflectionCandidate(latest, owner)]


def _passed_unstored(store: Store, partnership: Partnership, now: datetime) -> list[Session]:
    """Cadence times of the last 7 days, over by now, that no stored session fills."""
    window_start = now - JUST_PASSED
    taken = slots_since(store, partnership, window_start)
    return [
        Session(partnership_id=stored_id(partnership), scheduled_at=moment, slot=moment)
        for moment in schedule.occurrences(partnership, window_start, now + timedelta(seconds=1))
        if moment not in taken
    ]


def _follow_privacy(store: Store, session_id: int, before: Reflection | None, after: Reflection) -> None:
    """Action items born from the reflection's "what I will try" lines share its privacy."""
    if (before.private if before else False) != after.private:
        follow_reflection_privacy(store, session_id, after.private)


def _merge(base: Reflection, fields: dict[str, Any]) -> Reflection:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"not a reflection field: {', '.join(sorted(unknown))}")
    if "tags" in fields:
        fields = {**fields, "tags": parse_tags(fields["tags"] or [])}
    if "private" in fields:
        fields = {**fields, "private": bool(fields["private"])}
    return dataclasses.replace(base, **fields)


def _same(a: Reflection, b: Reflection) -> bool:
    return all(getattr(a, name) == getattr(b, name) for name in FIELDS)


def _is_rating(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5


def _session_id(store: Store, ref: SessionRef, now: datetime) -> int:
    """The id of a stored session; only a session the cadence plans is decoded (to store it)."""
    if isinstance(ref, int):
        if str(ref) not in store.docs("sessions"):
            raise CompanionError(f"Session {ref} no longer exists (deleted in another window?).")
        return ref
    return stored_id(stored_session(store, ref, now))


# --- reading back ---------------------------------------------------------------------


def to_markdown(reflection: Reflection) -> str:
    """A reflection in Markdown: a heading saying if it is a draft or private, each answer
    under its label, the notes as written (they are Markdown already), then the ratings."""
    heading = "## Reflection" + (" (draft)" if reflection.is_draft else "")
    parts = [heading + (" *(private)*" if reflection.private else "")]
    for name in ("learned", "will_try", "surprised"):
        text = getattr(reflection, name)
        if text.strip():
            parts.append(f"**{LABELS[name]}**\n\n{text}")
    if reflection.notes.strip():
        parts.append(reflection.notes)
    ratings = [f"{name} {rating}/5" for name in RATINGS if (rating := getattr(reflection, name))]
    if ratings:
        parts.append("*" + ", ".join(ratings) + "*")
    if reflection.lesson_returns:
        parts.append(returns_markdown(reflection))
    return "\n\n".join(parts)


def session_markdown(session: Session, partnership: Partnership) -> str:
    """A session in Markdown: its state, the agenda with the private items marked, and the
    reflection; a missing agenda or reflection is said, with what to do about it."""
    minutes = session.duration_minutes or partnership.session_minutes
    parts = [f"**State:** {session.state.value}"]
    if session.skip_reason:
        parts.append(f"**Reason:** {session.skip_reason}")
    if session.held_at:
        parts.append(f"**Held:** {format_timestamp(session.held_at)}, {minutes} min")
    if session.agenda:
        from companion import agenda_text  # with the agenda modules, not needed at start-up

        shown = agenda_text.to_markdown(
            session.agenda, partnership.partner_name, session.scheduled_at, minutes, include_private=True
        )
        parts.append(shown.replace("# Session", "## Agenda: session", 1))
    elif session.state is SessionState.PLANNED:
        parts.append("*No agenda yet.*")
    elif session.state is SessionState.HELD:
        parts.append("*No agenda was built for this session.*")
    if session.reflection:
        parts.append(to_markdown(session.reflection))
    elif session.state is SessionState.HELD:
        parts.append("*Not reflected on yet: press r on this session to write the reflection.*")
    return "\n\n".join(parts)
