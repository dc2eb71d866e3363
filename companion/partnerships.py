"""The user's profile, partnerships and settings: who is mentoring whom, and how often."""

from __future__ import annotations

from datetime import datetime

from companion.models import Partnership, Profile, Settings
from companion.store import Store


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


def is_onboarded(store: Store) -> bool:
    return profile(store) is not None and current_partnership(store) is not None


def complete_onboarding(
    store: Store, new_profile: Profile, partnership: Partnership, now: datetime
) -> Partnership:
    """Save the first-run answers in one write: profile, partnership, and make it current."""
    with store.transaction():
        store.put_singleton(new_profile)
        partnership.created_at = now
        store.add(partnership)
        settings = load_settings(store)
        settings.current_partnership_id = partnership.id
        save_settings(store, settings)
    return partnership
