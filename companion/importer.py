"""Merging a JSON export back in, record by record, by the ids it keeps (docs/export-format.md).

A record whose id is not in the data file is added; one that differs replaces what is
there; one that is the same changes nothing, so importing a file twice changes nothing.
Nothing is ever deleted. An export made without `--all` left private things out: an
import then keeps the private agenda items and reflections the data file has, rather
than reading their absence as a deletion. A file that is damaged, of another format or
of a newer version is refused before anything is written; a backup is taken before
anything is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from companion.backups import take_backup
from companion.codec import from_doc, to_doc
from companion.errors import CompanionError, os_error_text
from companion.export import FORMAT, KINDS, SINGLETONS, VERSION
from companion.models import Agenda, Session
from companion.store import Store


@dataclass
class ImportPlan:
    """What an import adds and changes, per kind of record, and the documents to write."""

    added: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    docs: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)
    backup: Path | None = None  # the copy of the data file taken before it was written

    @property
    def is_empty(self) -> bool:
        return not any(self.docs.values())

    def lines(self) -> list[str]:
        """One line per kind of record, for a person."""
        kinds = [*SINGLETONS, *KINDS]
        found = [kind for kind in kinds if self.added.get(kind) or self.changed.get(kind)]
        if not found:
            return ["Nothing to import: the data already holds everything in the file."]
        return [f"{kind}: {self.added.get(kind, 0)} added, {self.changed.get(kind, 0)} changed" for kind in found]


def read_export(path: Path) -> dict[str, Any]:
    """The export in `path`, or CompanionError (one line) if it cannot be imported."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CompanionError(f"Could not read {path}: {os_error_text(error)}. Nothing was imported.") from None
    try:
        exported = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise CompanionError(f"{path} is not a JSON file (it may be damaged). Nothing was imported.") from None
    if not isinstance(exported, dict) or exported.get("format") != FORMAT:
        raise CompanionError(f"{path} is not a Companion export. Nothing was imported.")
    version = exported.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise CompanionError(f"{path} does not say which version of the export format it is. Nothing was imported.")
    if version > VERSION:
        raise CompanionError(
            f"{path} was exported by a newer version of Companion (format {version}; this version reads up "
            f"to {VERSION}). Nothing was imported; upgrade Companion to import it."
        )
    return exported


def plan_import(store: Store, exported: dict[str, Any]) -> ImportPlan:
    """What importing `exported` would add and change; CompanionError if a record is damaged."""
    plan = ImportPlan()
    keeps_private = not exported.get("include_private", False)
    for kind, cls in SINGLETONS.items():
        doc = exported.get(kind)
        if doc is not None:
            _plan_record(plan, store, kind, cls, {**doc, "id": 1}, keeps_private)
    for kind, cls in KINDS.items():
        docs = exported.get(kind, [])
        if not isinstance(docs, list):
            raise CompanionError(f'The export\'s "{kind}" is not a list (the file is damaged). Nothing was imported.')
        for doc in docs:
            _plan_record(plan, store, kind, cls, doc, keeps_private)
    return plan


def _plan_record(plan: ImportPlan, store: Store, kind: str, cls: type, doc: Any, keeps_private: bool) -> None:
    record_id, incoming = _decode(kind, cls, doc)
    existing_doc = store.docs(kind).get(str(record_id))
    existing = store.get(cls, record_id) if existing_doc is not None else None
    if isinstance(incoming, Session) and isinstance(existing, Session) and keeps_private:
        _keep_private(incoming, existing, reflection_left_out="reflection" not in doc)
    new_doc = to_doc(incoming)
    if existing is not None and to_doc(existing) == new_doc:
        return
    counts = plan.added if existing is None else plan.changed
    counts[kind] = counts.get(kind, 0) + 1
    # Fields this version does not know about stay, as they do on every save.
    plan.docs.setdefault(kind, {})[record_id] = {**(existing_doc or {}), **new_doc}


def _decode(kind: str, cls: type, doc: Any) -> tuple[int, Any]:
    record_id = doc.get("id") if isinstance(doc, dict) else None
    if not isinstance(record_id, int) or isinstance(record_id, bool) or record_id < 1:
        raise CompanionError(f'A record in "{kind}" has no id (the file is damaged). Nothing was imported.')
    try:
        return record_id, from_doc(cls, {k: v for k, v in doc.items() if k != "id"}, record_id)
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise CompanionError(f'Record {record_id} in "{kind}" is damaged ({error}). Nothing was imported.') from None


def _keep_private(incoming: Session, existing: Session, *, reflection_left_out: bool) -> None:
    """What an export without private things left out is kept from the data file."""
    if reflection_left_out:
        incoming.reflection = existing.reflection
    if existing.agenda is None:
        return
    if incoming.agenda is None:
        incoming.agenda = Agenda(items=[], seed=existing.agenda.seed)
    present = {item.id for item in incoming.agenda.items}
    items = list(incoming.agenda.items)
    for index, item in enumerate(existing.agenda.items):
        if item.private and item.id not in present:
            items.insert(min(index, len(items)), item)
    incoming.agenda.items = items


def import_export(store: Store, exported: dict[str, Any], now: datetime, *, dry_run: bool) -> ImportPlan:
    """Plan the import and, unless `dry_run`, write it in one transaction after a backup
    of the file as it was; planned under the lock, so no other process changes it between."""
    if dry_run:
        return plan_import(store, exported)
    with store.transaction():
        plan = plan_import(store, exported)
        if not plan.is_empty:
            name = f"companion-before-import-{now:%Y%m%d-%H%M%S}.json"
            take_backup(store.path, store.backups_dir, name)
            plan.backup = store.backups_dir / name if store.path.exists() else None
            for kind, docs in plan.docs.items():
                store.put_documents(kind, docs)
    return plan
