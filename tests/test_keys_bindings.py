"""Every binding has an id, an id means one thing, and no key means two things where both
are in reach (docs/keys.md). Read from the classes in `screens/`, no terminal."""

from __future__ import annotations

from collections import defaultdict

from companion.keymap import GLOBAL
from screens.keys import binding_classes, bindings_of, known_bindings, normalize
from screens.places import PLACES


def test_every_binding_has_an_id_and_an_id_means_one_thing():
    meanings: dict[str, set[str]] = defaultdict(set)
    classes = list(binding_classes())
    assert {c.__name__ for c in classes} >= {"CompanionApp", "GoalsScreen", "AgendaScreen", "ConfirmDialog"}
    for node_type in classes:
        for binding in bindings_of(node_type):
            assert binding.id, f"{node_type.__name__}: {binding.key} -> {binding.action} has no id"
            meanings[binding.id].add(binding.action)
    repeated = {binding_id: actions for binding_id, actions in meanings.items() if len(actions) > 1}
    assert not repeated, f"ids with more than one meaning: {repeated}"


def test_no_key_means_two_things_where_both_apply():
    known = known_bindings()
    scopes: dict[str, list] = defaultdict(list)
    for binding in known:
        scopes[binding.scope].append(binding)
    for scope, bindings in scopes.items():
        modal = any(b.modal for b in bindings)
        reach = bindings if modal or scope == GLOBAL else bindings + scopes[GLOBAL]
        owners: dict[str, str] = {}
        for binding in reach:
            for key in binding.keys:
                other = owners.setdefault(normalize(key), binding.id)
                assert other == binding.id, f"{scope}: {key} is both {other} and {binding.id}"


def test_places_are_the_digits_in_order_and_the_note_has_a_ctrl_key():
    assert [(p.name, p.keys) for p in PLACES] == [
        ("dashboard", "1"),
        ("agenda", "2"),
        ("sessions", "3"),
        ("reflect", "4"),
        ("actions", "5"),
        ("goals", "6"),
        ("progress", "7"),
        ("settings", "8"),
        ("history", "0"),
        ("new_note", "ctrl+n"),
    ]
