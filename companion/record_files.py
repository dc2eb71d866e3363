"""Export and import as files, the one path the command line and the app share
(docs/export-format.md): what an export holds as bytes, writing it for its owner alone
(atomically, mode 0600, an existing file replaced only when asked), a sensible place to
put it, and an import read, previewed and applied from a path. The same for the share
file between partners (docs/share-format.md).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from companion.atomic import atomic_write
from companion.errors import CompanionError, os_error_text

if TYPE_CHECKING:  # the command line imports this module on start: the rest loads on use
    from companion.banks import BankSet
    from companion.importer import ImportPlan
    from companion.models import Partnership
    from companion.share_import import SharePlan
    from companion.store import Store

EXPORT_FORMATS = ("md", "json", "ics")
# The start of a default file name for each format, and its ending.
DEFAULT_NAMES = {"md": ("companion-journal", "md"), "json": ("companion-backup", "json"), "ics": ("companion", "ics")}


def export_payload(
    store: Store,
    fmt: str,
    now: datetime,
    *,
    include_private: bool,
    since: date | None = None,
    to_stdout: bool = False,
) -> tuple[str | bytes, int]:
    """What an export in `fmt` holds (Markdown or JSON text, calendar bytes) and how many
    private things it left out. JSON for standard output stays ASCII, as every JSON the
    commands print; in a file it is UTF-8."""
    if fmt == "ics":
        from companion.calendar_export import calendar_ics

        return calendar_ics(store, now, include_private=include_private, since=since)
    from companion import export, export_json

    if fmt == "json":
        return export_json.export_json_text(
            store, include_private=include_private, since=since, now=now, ensure_ascii=to_stdout
        )
    return export.markdown_text(store, include_private=include_private, since=since, now=now)


def payload_bytes(payload: str | bytes) -> bytes:
    """The export as the bytes of its file."""
    return payload if isinstance(payload, bytes) else payload.encode("utf-8")


def check_replace(out: Path, *, replace: bool) -> None:
    """CompanionError when `out` exists and may not be replaced."""
    if out.exists() and not replace:
        raise CompanionError(f"{out} already exists; nothing was written. Add --force to replace it.")


def write_export(out: Path, data: bytes, *, replace: bool) -> None:
    """Write `data` to `out` for its owner alone, atomically; an existing file only when
    `replace`. CompanionError (one line) when it cannot be written, and nothing is."""
    check_replace(out, replace=replace)
    if out.is_dir():
        raise CompanionError(f"{out} is a folder; give a file name. Nothing was written.")
    try:
        atomic_write(out, data)
    except OSError as error:
        raise CompanionError(f"Could not write {out}: {os_error_text(error)}. Nothing was written.") from None


def export_to_file(store: Store, fmt: str, out: Path, now: datetime, *, include_private: bool, replace: bool) -> int:
    """Export everything in `fmt` to `out`; how many private things were left out."""
    check_replace(out, replace=replace)
    payload, left_out = export_payload(store, fmt, now, include_private=include_private)
    write_export(out, payload_bytes(payload), replace=replace)
    return left_out


def left_out_sentence(count: int) -> str:
    """ "3 private things were left out." (empty when none were)."""
    if not count:
        return ""
    return "1 private thing was left out." if count == 1 else f"{count} private things were left out."


def default_export_path(fmt: str, today: date, home: Path | None = None) -> Path:
    """Where an export goes unless the person says otherwise: their documents folder when
    it exists, else their home, named by the format and the day."""
    stem, suffix = DEFAULT_NAMES[fmt]
    folder = home if home is not None else _documents_or_home()
    return folder / f"{stem}-{today.isoformat()}.{suffix}"


def _documents_or_home() -> Path:
    from platformdirs import user_documents_dir

    documents = Path(user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def preview_import(store: Store, path: Path) -> ImportPlan:
    """What importing the export in `path` would add and change; nothing is written.
    CompanionError (one line) for a file that cannot be imported."""
    from companion.importer import plan_import, read_export

    return plan_import(store, read_export(path))


def apply_import(store: Store, path: Path, now: datetime) -> ImportPlan:
    """Import the export in `path` after a backup (the plan says where it is)."""
    from companion.importer import import_export, read_export

    return import_export(store, read_export(path), now, dry_run=False)


# --- the share file for the partner (docs/share-format.md) -----------------------------------


def default_share_path(partner_name: str, today: date, home: Path | None = None) -> Path:
    """Where a share goes unless the person says otherwise: beside the exports, named by
    the partner and the day (`companion-share-sam-2026-11-24.md`)."""
    folder = home if home is not None else _documents_or_home()
    slug = "-".join("".join(c if c.isalnum() else " " for c in partner_name.casefold()).split()) or "partner"
    return folder / f"companion-share-{slug}-{today.isoformat()}.md"


def share_payload(store: Store, banks: BankSet, partnership: Partnership, now: datetime) -> str:
    """The share file's text: the next agenda built first, as `companion agenda` does."""
    from companion import models
    from companion.cycle_share import my_side
    from companion.prepare import prepare_next
    from companion.share import build_share, share_text

    prepare_next(store, banks, now, partnership)
    share = build_share(store, partnership, now)
    share.cycle = my_side(store, store.get(models.Partnership, partnership.id or 0) or partnership, now.date())
    return share_text(share)


def record_shared(store: Store, partnership: Partnership, now: datetime) -> None:
    """Remember when I last shared (the dashboard says it; the next share's "what I will
    try" starts there)."""
    from companion import models

    assert partnership.id is not None  # read from the store
    with store.transaction():
        store.update(models.Partnership, partnership.id, last_shared_at=now)


def share_to_file(
    store: Store, banks: BankSet, partnership: Partnership, out: Path, now: datetime, *, replace: bool
) -> None:
    """Write the share to `out` (atomically, 0600, an existing file only when `replace`)
    and record the time. CompanionError (one line) when it cannot be written."""
    check_replace(out, replace=replace)
    text = share_payload(store, banks, partnership, now)
    write_export(out, text.encode("utf-8"), replace=replace)
    record_shared(store, partnership, now)


def preview_share(
    store: Store, path: Path, now: datetime, *, current: Partnership | None = None, add_goals: bool = False
) -> SharePlan:
    """What importing the share in `path` would do; nothing is written. `current` is the
    partnership to link when the sender's name does not settle it (the app's current one)."""
    from companion.share_import import plan_share_import
    from companion.share_read import read_share

    return plan_share_import(store, read_share(path), now, current=current, add_goals=add_goals)


def apply_share(
    store: Store,
    path: Path,
    now: datetime,
    banks: BankSet,
    *,
    current: Partnership | None = None,
    add_goals: bool = False,
) -> SharePlan:
    """Import the share in `path` (docs/share-format.md, "Importing")."""
    from companion.share_import import import_share
    from companion.share_read import read_share

    return import_share(store, read_share(path), now, banks, dry_run=False, current=current, add_goals=add_goals)


def is_share_path(path: Path) -> bool:
    """Whether `path` holds a share rather than an export; CompanionError when unreadable."""
    from companion.share_read import is_share_file

    try:
        with path.open("rb") as handle:
            return is_share_file(handle.read(4_000_000))
    except OSError as error:
        raise CompanionError(f"Could not read {path}: {os_error_text(error)}. Nothing was imported.") from None
