"""The JSON export as the text written out (docs/export-format.md, "The layout"): one
top-level key a line and each record compact on a line of its own, every line written by
the json module's C encoder. Indenting every nested level would send the whole export
through its pure-Python encoder, several times slower.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from functools import partial
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any

from companion.codec import PACKED_KEY, TABLES, unpack_bundle
from companion.datafile import gc_paused
from companion.export import export_json, whole_json
from companion.models import Section, Session
from companion.store import Store


def export_json_text(
    store: Store, *, include_private: bool, since: date | None, now: datetime, ensure_ascii: bool
) -> tuple[str, int]:
    """The JSON export as the text written out (`json_lines`), and how many private
    things it left out."""
    with gc_paused():  # see gc_paused; the records are dropped before it ends, so no
        # collection runs over them when the collector is back on.
        if include_private and since is None:
            try:
                return "\n".join(_whole_json_lines(store, now, ensure_ascii)) + "\n", 0
            except (TypeError, ValueError, KeyError, AttributeError):
                pass  # a damaged record: the route through records names it (Store._decode)
        exported = export_json(store, include_private=include_private, since=since, now=now)
        text = "\n".join(json_lines(exported, ensure_ascii=ensure_ascii)) + "\n"
        left_out = exported["private_left_out"]
        del exported
    return text, left_out


def _whole_json_lines(store: Store, now: datetime, ensure_ascii: bool) -> list[str]:
    """`json_lines(whole_json(...))`, with each agenda's items written straight from the
    rows they are stored as: most of a long history is agenda items, and building an
    object for each only to encode it costs more than the rest of the export."""
    quote = encode_basestring_ascii if ensure_ascii else encode_basestring
    items_text: dict[int, str] = {}
    sessions = store.docs(TABLES[Session])
    bare = {}
    for doc_id, doc in sessions.items():
        agenda = doc.get("agenda")
        if isinstance(agenda, dict) and PACKED_KEY in agenda:
            text = _agenda_items_text(agenda[PACKED_KEY], quote)
            if text is not None:
                items_text[int(doc_id)] = text
                doc = {**doc, "agenda": {key: value for key, value in agenda.items() if key != PACKED_KEY}}
        bare[doc_id] = doc
    exported = whole_json(store, now, {TABLES[Session]: bare})
    return list(json_lines(exported, ensure_ascii=ensure_ascii, agenda_items=items_text))


# An agenda item's row as the export writes it: the layout `json_lines` gives an object.
ITEM_LINE = (
    '{"id": %s, "section": %s, "text": %s, "minutes": %d, "source": %s, "ref": %s, "private": %s, '
    '"covered": %s, "folded": [%s]}'
)
SECTION_VALUES = frozenset(section.value for section in Section)
JSON_BOOLS = {True: "true", False: "false"}


def _agenda_items_text(packed: str, quote: Callable[[str], str]) -> str | None:
    """The items of a packed agenda as `json_lines` would write them, or None for a
    bundle in another form (written the general way)."""
    bundle = unpack_bundle(packed)
    rows = bundle.get("items") if len(bundle) == 1 else None
    if type(rows) is not list or not all(
        type(row) is list and len(row) == 9 and row[1] in SECTION_VALUES for row in rows
    ):
        return None
    return ", ".join(
        [
            ITEM_LINE
            % (
                quote(item_id),
                quote(section),
                quote(text),
                minutes,
                quote(source),
                "null" if ref is None else quote(ref),
                JSON_BOOLS[private],
                JSON_BOOLS[covered],
                ", ".join(map(quote, folded)),
            )
            for item_id, section, text, minutes, source, ref, private, covered, folded in rows
        ]
    )


def json_lines(
    exported: dict[str, Any], *, ensure_ascii: bool, agenda_items: dict[int, str] | None = None
) -> Iterator[str]:
    """The lines of an export's JSON, each written by the C encoder. `agenda_items` holds,
    by session id, the text of agenda items left out of the records (`_whole_json_lines`)."""
    plain = json.JSONEncoder(ensure_ascii=ensure_ascii, check_circular=False).encode
    encode = plain if not agenda_items else partial(_with_agenda_items, plain, agenda_items)
    yield "{"
    last = len(exported) - 1
    for number, (key, value) in enumerate(exported.items()):
        comma = "" if number == last else ","
        if isinstance(value, list) and value:
            yield f"  {encode(key)}: ["
            yield from (f"    {encode(record)}," for record in value[:-1])
            yield f"    {encode(value[-1])}"
            yield f"  ]{comma}"
        else:
            yield f"  {encode(key)}: {encode(value)}{comma}"
    yield "}"


def _with_agenda_items(encode: Callable[[Any], str], agenda_items: dict[int, str], value: Any) -> str:
    text = encode(value)
    items = agenda_items.get(value["id"]) if isinstance(value, dict) and "agenda" in value else None
    if items is None:
        return text
    # This can only be the session's own agenda: the encoder writes every quote inside a
    # text as \", so no text it writes holds `a"`, and no field before `agenda` is an object.
    return text.replace('"agenda": {"items": []', f'"agenda": {{"items": [{items}]', 1)
