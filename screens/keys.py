"""Every key binding of the app, and a person's own keys from `config.toml` (docs/keys.md).

`companion.keymap` reads and checks the file; this module tells it which bindings exist
(walking every screen and dialog class in `screens/`) and where each one applies.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import _character_to_key
from textual.screen import ModalScreen
from textual.widget import Widget

import screens
from companion.keymap import GLOBAL, Keymap, KnownBinding, config_path, load_keymap


@functools.cache
def form_fields() -> tuple[type[Widget], ...]:
    """Where typing goes to the field: a key typed here never navigates (docs/keys.md).
    Imported when first asked, so that start-up does not load widgets the first screen
    does not use."""
    from textual.widgets import Checkbox, Input, RadioButton, RadioSet, Select, Switch, TextArea

    return (Input, TextArea, Select, Checkbox, RadioButton, RadioSet, Switch)


def in_form_field(widget: Widget | None) -> bool:
    return widget is not None and any(isinstance(node, form_fields()) for node in widget.ancestors_with_self)


def normalize(key: str) -> str:
    """A key as Textual stores it ("?" is "question_mark"), so collisions are found."""
    return _character_to_key(key) if len(key) == 1 else key


def bindings_of(node_type: type[DOMNode]) -> list[Binding]:
    """The bindings a class declares itself (not those it inherits)."""
    return [b if isinstance(b, Binding) else Binding(*b) for b in node_type.__dict__.get("BINDINGS", [])]


def binding_classes() -> Iterator[type[DOMNode]]:
    """Every screen, dialog, widget and app class in `screens/` that declares bindings."""
    seen: set[type] = set()
    for module_info in sorted(pkgutil.iter_modules(screens.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"screens.{module_info.name}")
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if value in seen or not value.__module__.startswith("screens."):
                continue
            seen.add(value)
            if issubclass(value, DOMNode) and "BINDINGS" in value.__dict__:
                yield value


def scope_of(node_type: type[DOMNode]) -> str:
    return GLOBAL if issubclass(node_type, App) else node_type.__name__


def known_bindings() -> list[KnownBinding]:
    known = []
    for node_type in binding_classes():
        for binding in bindings_of(node_type):
            if binding.id is None:
                continue
            keys = tuple(key.strip() for key in binding.key.split(","))
            known.append(KnownBinding(binding.id, scope_of(node_type), keys, issubclass(node_type, ModalScreen)))
    return known


def read_keymap() -> Keymap:
    """The person's keys; screen modules are imported only when there is a file to check,
    so a start without one stays quick."""
    path = config_path()
    if not path.exists():
        return Keymap()
    return load_keymap(path, known_bindings(), normalize)


def keys_display(app: App[Any], keys: str) -> str:
    """Keys as a person reads them ("ctrl+s" as "^s", "question_mark" as "?")."""
    return " ".join(app.get_key_display(Binding(key.strip(), "")) for key in keys.split(","))


def app_keys(app: App[Any], binding_id: str) -> str:
    """The keys of one of the app's own bindings, as remapped (shown even over a dialog,
    where the app's bindings are not active)."""
    for binding in type(app).BINDINGS:
        if binding.id == binding_id:
            return keys_display(app, current_keys(app, binding))
    return ""


def declared_bindings(node_type: type[DOMNode]) -> list[Binding]:
    """The bindings with an id that a class and its bases declare, in order."""
    found: list[Binding] = []
    for klass in reversed(node_type.__mro__):
        found.extend(binding for binding in bindings_of(klass) if binding.id)
    return found


def current_keys(app: App[Any], binding: Binding) -> str:
    """A binding's keys as remapped in config.toml (Textual 8 keeps the keymap in `_keymap`)."""
    return app._keymap.get(binding.id or "", binding.key)


def is_available(app: App[Any], action: str, namespace: DOMNode) -> bool:
    """Whether the screen offers an action now: its `check_action` does not hide it."""
    return app._check_action_state(action, namespace) is not False
