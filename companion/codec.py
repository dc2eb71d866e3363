"""The one place that turns records into stored JSON documents and back.

Dates are ISO strings (`2026-11-24`), datetimes local ISO to the minute or second, clock
times `HH:MM`, enums their value. A record's `id` is its TinyDB document id and is not
stored inside the document. Decoders are built once per type from the type hints, because
the dashboard decodes thousands of sessions on a large file.

Bulky fields are packed into one JSON string under the key `packed` (an agenda's items,
a reflection's texts and tags). Reading the file costs in proportion to the number of
objects built, and these fields are most of them: a long history holds tens of thousands
of agenda items, while start-up and streaks need only dates and states. Packed, they are
parsed only when that record is decoded. Unpacked fields are read as well.

Inside the stored string the bundle's double and single quotes are swapped
(`pack_bundle`): a `"` in a JSON string must be written `\\"`, and those escapes, two per
string inside the bundle, cost the file's parse more than the rest of the bundle's text.
Bundles written before the swap (starting `{"`) still read (`unpack_bundle`).

Stored documents are checked against the same types, plus rules of their own (ranges,
allowed values, references between tables), in `companion.record_checks`. The stored form
is described in docs/data-format.md.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from datetime import date, datetime, time
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from companion import models

T = TypeVar("T")

# Which TinyDB table holds each kind of record.
TABLES: dict[type, str] = {
    models.Partnership: "partnerships",
    models.Goal: "goals",
    models.Session: "sessions",
    models.ActionItem: "actions",
    models.Note: "notes",
    models.Profile: "profile",
    models.Settings: "settings",
}


# Fields stored together as one JSON string under PACKED_KEY (see the module docstring).
PACKED_KEY = "packed"
PACKED_FIELDS: dict[type, frozenset[str]] = {
    models.Agenda: frozenset({"items"}),
    models.Reflection: frozenset({"learned", "will_try", "surprised", "notes", "tags"}),
}
# Inside a packed bundle, records of these types are rows (lists in this field order)
# rather than objects: a shorter file and fewer escapes to read. Objects still read fine.
ROWS: dict[type, tuple[str, ...]] = {
    models.AgendaItem: ("id", "section", "text", "minutes", "source", "ref", "private", "covered", "folded"),
}
_ROW_LISTS: dict[tuple[type, str], type] = {(models.Agenda, "items"): models.AgendaItem}
_SWAP_QUOTES = str.maketrans({'"': "'", "'": '"'})
_SWAPPED_START = "{'"


def pack_bundle(bundle: dict[str, Any]) -> str:
    """The packed fields as stored: compact JSON with `"` and `'` swapped (see above)."""
    return json.dumps(bundle, separators=(",", ":")).translate(_SWAP_QUOTES)


def unpack_bundle(packed: str) -> Any:
    """The packed fields from their stored string, as written now or before the swap.
    Raises ValueError (TypeError for what is not a string) when it cannot be read."""
    if isinstance(packed, str) and packed.startswith(_SWAPPED_START):
        packed = packed.translate(_SWAP_QUOTES)
    return json.loads(packed)


def to_doc(record: Any) -> dict[str, Any]:
    """A record as the JSON document stored for it (without its id)."""
    doc = _encode(record)
    doc.pop("id", None)
    return doc


def encode(value: Any) -> Any:
    """Any field value (record, list, date, enum…) as stored JSON."""
    return _encode(value)


def encode_unpacked(value: Any) -> Any:
    """Like `encode`, but every field as a field of its own, nothing packed (what an
    export holds: docs/export-format.md). `from_doc` reads it back as well."""
    return _encode(value, pack=False)


def from_doc(cls: type[T], doc: dict[str, Any], doc_id: int | None = None) -> T:
    """A record of `cls` from a stored document; `doc_id` becomes its `id` if it has one."""
    record_type: type = cls  # a type is hashable, but mypy does not see it for type[T]
    record = _decoder(record_type)(doc)
    if doc_id is not None and hasattr(record, "id"):
        record.id = doc_id
    return record


def _encode(value: Any, pack: bool = True) -> Any:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, (list, tuple)):
        return [_encode(item, pack) for item in value]
    if isinstance(value, dict):
        return {key: _encode(item, pack) for key, item in value.items()}
    if dataclasses.is_dataclass(value):
        doc = {f.name: _encode(getattr(value, f.name), pack) for f in dataclasses.fields(value)}
        packed = PACKED_FIELDS.get(type(value)) if pack else None
        if packed:
            bundle = {name: doc.pop(name) for name in list(doc) if name in packed}
            for name in bundle:
                row_type = _ROW_LISTS.get((type(value), name))
                if row_type is not None:
                    bundle[name] = [[item[field] for field in ROWS[row_type]] for item in bundle[name]]
            doc[PACKED_KEY] = pack_bundle(bundle)
        return doc
    raise TypeError(f"cannot store a {type(value).__name__}")


@cache
def _decoder(tp: Any, written_out: bool = False) -> Callable[[Any], Any]:
    """A function that turns stored JSON into a value of type `tp`; with `written_out`,
    records are decoded by their written-out decoders (`_written_out_decoder`)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        decode_inner = _decoder(inner[0], written_out)
        if decode_inner is _plain:
            return _plain
        return lambda raw: None if raw is None else decode_inner(raw)
    if origin is list:
        (item_type,) = typing.get_args(tp)
        decode_item = _decoder(item_type, written_out)
        if decode_item is _plain:
            return lambda raw: list(raw or [])
        return lambda raw: [decode_item(item) for item in raw or []]
    if origin is dict:
        return lambda raw: dict(raw or {})
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _written_out_decoder(tp) if written_out else _warming_decoder(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return _enum_decoder(tp)
    if tp is datetime:
        return datetime.fromisoformat
    if tp is date:
        return date.fromisoformat
    if tp is time:
        return time.fromisoformat
    if tp in (str, int, float, bool):
        return _plain
    raise TypeError(f"no decoder for {tp!r}")


def _enum_decoder(tp: type[Enum]) -> Callable[[Any], Any]:
    """The member for a stored value: a dictionary lookup, where calling the enum costs
    ten times as much on every agenda item of a long history. Anything else is left to
    the enum, which refuses it as it always has."""
    members = {member.value: member for member in tp}

    def decode(raw: Any) -> Any:
        try:
            return members[raw]
        except (KeyError, TypeError):
            return tp(raw)

    return decode


# How many records of a type are decoded field by field in a loop before its written-out
# decoder is built: compiling one takes about half a millisecond, and start-up decodes a
# few records of some twenty types, while a long history's export decodes thousands.
WARM_UP = 64


def _warming_decoder(cls: type) -> Callable[[Any], Any]:
    """`_decode_any` for the first WARM_UP records of `cls`, then the written-out decoder
    (whose fields are decoded by written-out decoders too)."""
    decode_any = _decode_any(cls)
    calls = 0
    fast: Callable[[Any], Any] | None = None

    def decode(raw: Any) -> Any:
        nonlocal calls, fast
        if fast is None:
            calls += 1
            if calls < WARM_UP:
                return decode_any(raw)
            fast = _decoder(cls, True)
        return fast(raw)

    return decode


@cache
def _stored_fields(cls: type) -> tuple[list[dataclasses.Field], dict[str, Any]]:
    """The fields stored for `cls` (a stored record's id is its document id, not part of
    the document) and the type hints of its fields."""
    skip = "id" if cls in TABLES else None
    return [f for f in dataclasses.fields(cls) if f.name != skip], typing.get_type_hints(cls)


@cache
def _decode_any(cls: type) -> Callable[[Any], Any]:
    """A record of `cls` from its stored document (or, for a type in ROWS, its row), field
    by field: any form that can be read, and what cannot is refused with its reason."""
    fields, hints = _stored_fields(cls)
    field_decoders = [(f.name, _decoder(hints[f.name])) for f in fields]
    row = ROWS.get(cls)

    def decode_any(raw: Any) -> Any:
        if row is not None and isinstance(raw, list):
            raw = dict(zip(row, raw))
        if PACKED_KEY in raw:
            raw = {**raw, **unpack_bundle(raw[PACKED_KEY])}
        kwargs = {name: decode_field(raw[name]) for name, decode_field in field_decoders if name in raw}
        return cls(**kwargs)

    return decode_any


def _written_out_decoder(cls: type) -> Callable[[Any], Any]:
    """`_decode_any` written out field by field for documents that hold every required
    field: the dashboard and the exports decode every record of a long history, where
    the loop costs more than the rest. Anything else takes `_decode_any`, which reports
    a damaged record as it always has."""
    fields, hints = _stored_fields(cls)
    row = ROWS.get(cls)
    decode_any = _decode_any(cls)
    scope: dict[str, Any] = {
        "cls": cls,
        "unpack_bundle": unpack_bundle,
        "PACKED_KEY": PACKED_KEY,
        "row": row,
        "decode_any": decode_any,
    }
    arguments, required, by_position = [], [], []
    for number, f in enumerate(fields):
        decode_field = _decoder(hints[f.name], True)
        scope[f"decode_{number}"] = decode_field
        call = "{}" if decode_field is _plain else f"decode_{number}({{}})"
        if row is not None and f.name in row:
            by_position.append(f"{f.name}={call.format(f'raw[{row.index(f.name)}]')}")
        stored = call.format(f"raw[{f.name!r}]")
        if f.default is not dataclasses.MISSING:
            scope[f"default_{number}"] = f.default
            stored = f"({stored} if {f.name!r} in raw else default_{number})"
        elif f.default_factory is not dataclasses.MISSING:
            scope[f"make_{number}"] = f.default_factory
            stored = f"({stored} if {f.name!r} in raw else make_{number}())"
        else:
            required.append(f"{f.name!r} in raw")
        arguments.append(f"{f.name}={stored}")
    lines = ["def decode(raw):"]
    if row is not None and len(by_position) == len(fields):
        # A whole row, as every agenda item is stored: read by position, no dict built.
        lines += [
            "    if isinstance(raw, list) and len(raw) == len(row):",
            f"        return cls({', '.join(by_position)})",
        ]
    lines += [
        "    if row is not None and isinstance(raw, list):",
        "        raw = dict(zip(row, raw))",
        "    if PACKED_KEY in raw:",
        "        raw = {**raw, **unpack_bundle(raw[PACKED_KEY])}",
        f"    if not ({' and '.join(required) or 'True'}):",
        "        return decode_any(raw)",
        f"    return cls({', '.join(arguments)})",
    ]
    exec("\n".join(lines), scope)  # noqa: S102 - code built above from the record's own field names
    return scope["decode"]


def _plain(raw: Any) -> Any:
    return raw


def unpacked_from_doc(cls: type, doc: dict[str, Any], doc_id: int | None = None) -> dict[str, Any]:
    """What `encode_unpacked(from_doc(cls, doc, doc_id))` gives, straight from the stored
    document without building records: a full export copies the whole file, and
    building every record only to encode it again costs several times the rest."""
    return _unpacker(cls)(doc, doc_id)


def _identity(raw: Any) -> Any:
    return raw


@cache
def _unpacker_of(tp: Any) -> Callable[[Any], Any]:
    """A function from stored JSON of type `tp` to its unpacked export form."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        unpack_inner = _unpacker_of(inner[0])
        if unpack_inner is _identity:
            return _identity
        return lambda raw: None if raw is None else unpack_inner(raw)
    if origin is list:
        (item_type,) = typing.get_args(tp)
        unpack_item = _unpacker_of(item_type)
        if unpack_item is _identity:
            return lambda raw: list(raw or [])
        return lambda raw: [unpack_item(item) for item in raw or []]
    if origin is dict:
        return lambda raw: dict(raw or {})
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _unpacker(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        values = {member.value: member.value for member in tp}
        return values.__getitem__  # an unknown value fails, as decoding it would
    if tp is datetime:
        # Stored to the minute or the second; exported always to the second.
        return lambda raw: raw if len(raw) == 19 else datetime.fromisoformat(raw).isoformat(timespec="seconds")
    if tp is date:
        return lambda raw: raw if len(raw) == 10 else date.fromisoformat(raw).isoformat()
    if tp is time:
        return lambda raw: time.fromisoformat(raw).strftime("%H:%M")
    if tp in (str, int, float, bool):
        return _identity
    raise TypeError(f"no unpacker for {tp!r}")


@cache
def _unpacker(cls: type) -> Callable[..., dict[str, Any]]:
    """One function per record type, written out field by field: a full export runs it
    for every record and agenda item in the file, where a loop over the fields costs
    several times as much."""
    hints = typing.get_type_hints(cls)
    row = ROWS.get(cls)
    scope: dict[str, Any] = {"unpack_bundle": unpack_bundle, "PACKED_KEY": PACKED_KEY, "row": row, "encode": _encode}
    by_name, by_position = [], []
    for number, f in enumerate(dataclasses.fields(cls)):
        if cls in TABLES and f.name == "id":
            by_name.append(f"{f.name!r}: doc_id")
            continue
        unpack_field = _unpacker_of(hints[f.name])
        scope[f"unpack_{number}"] = unpack_field
        call = "{}" if unpack_field is _identity else f"unpack_{number}({{}})"
        if f.default is not dataclasses.MISSING:
            scope[f"default_{number}"] = _encode(f.default, pack=False)
            missing = f"default_{number}"
        elif f.default_factory is not dataclasses.MISSING:
            scope[f"make_{number}"] = f.default_factory
            missing = f"encode(make_{number}(), False)"
        else:
            missing = f"raw[{f.name!r}]"  # a required field: KeyError, as decoding gives
        stored = call.format(f"raw[{f.name!r}]")
        by_name.append(f"{f.name!r}: ({stored} if {f.name!r} in raw else {missing})")
        if row is not None:
            at = call.format(f"raw[{row.index(f.name)}]") if f.name in row else missing
            by_position.append(f"{f.name!r}: {at}")
    lines = ["def unpack(raw, doc_id=None):"]
    if row is not None:
        lines += [
            "    if isinstance(raw, list):",
            "        if len(raw) == len(row):",
            f"            return {{{', '.join(by_position)}}}",
            "        raw = dict(zip(row, raw))",
        ]
    lines += [
        "    if PACKED_KEY in raw:",
        "        raw = {**raw, **unpack_bundle(raw[PACKED_KEY])}",
        f"    return {{{', '.join(by_name)}}}",
    ]
    exec("\n".join(lines), scope)  # noqa: S102 - code built above from the record's own field names
    return scope["unpack"]
