"""The checks every stored record passes: when a file is read, and for the records a
change touched before it is written (docs/trust.md, "Damaged data").

A record is checked against the types of its dataclass in `companion.models` (read the
way `companion.codec` stores them: packed fields opened, rows as lists) and the rules
below. The ranges are what the app handles, wider than what a person may type
(`companion.validation`), so a file written by an earlier version with other limits
still reads.
"""

from __future__ import annotations

import dataclasses
import json
import re
import types
import typing
from collections.abc import Callable
from datetime import date, datetime, time
from enum import Enum
from functools import cache
from typing import Any

from companion import models, partner_cycle
from companion.codec import PACKED_FIELDS, PACKED_KEY, ROWS, TABLES, unpack_bundle
from companion.dates import EARLIEST_YEAR, LATEST_YEAR

RANGES: dict[tuple[type, str], tuple[int, int]] = {
    (models.Cadence, "weekday"): (0, 6),
    (models.Partnership, "session_minutes"): (1, 480),
    (models.Cycle, "number"): (1, 10_000),
    (models.Cycle, "months"): (1, 24),
    (partner_cycle.PartnerCycle, "number"): (1, 10_000),
    (partner_cycle.PartnerCycle, "held"): (0, 2**31),
    (partner_cycle.AchievedGoal, "start"): (1, 5),
    (partner_cycle.AchievedGoal, "end"): (1, 5),
    (partner_cycle.RatingAverage, "count"): (1, 2**31),
    (partner_cycle.RatingAverage, "average"): (1, 5),
    (models.Session, "duration_minutes"): (1, 480),
    (models.Session, "times_moved"): (0, 2**31),
    (models.AgendaItem, "minutes"): (1, 480),
    (models.Agenda, "seed"): (0, 2**64),
    (models.CheckIn, "progress"): (0, 100),
    (models.Goal, "self_assessment_start"): (1, 5),
    (models.Goal, "self_assessment_end"): (1, 5),
    (models.Reflection, "value"): (1, 5),
    (models.Reflection, "candour"): (1, 5),
}
CHOICES: dict[tuple[type, str], frozenset[Any]] = {
    (models.Cadence, "week_of_month"): frozenset({1, 2, 3, 4, -1}),
}
NOT_EMPTY: frozenset[tuple[type, str]] = frozenset({(models.Partnership, "cadences")})
# Fields that hold the id of a record in another table.
REFERENCES: dict[tuple[type, str], str] = {
    (models.Settings, "current_partnership_id"): "partnerships",
    (models.Goal, "partnership_id"): "partnerships",
    (models.Session, "partnership_id"): "partnerships",
    (models.ActionItem, "partnership_id"): "partnerships",
    (models.ActionItem, "session_id"): "sessions",
    (models.Note, "partnership_id"): "partnerships",
    (models.Note, "session_id"): "sessions",
}
RULES_VERSION = 3  # raised whenever a rule here changes (see the seal, `companion.seal`)

_SURROGATE = re.compile("[\ud800-\udfff]")
Problems = list[tuple[str, str]]  # (field, what is wrong with it)
# A check returns None for a good value (the common case, kept cheap on a long history),
# else the problems found, each at a field path relative to the value checked.
Check = Callable[[Any], Problems | None]


@dataclasses.dataclass(frozen=True)
class Damage:
    """One thing wrong with a stored record, in words that locate it."""

    table: str
    record: str
    field: str
    problem: str

    def __str__(self) -> str:
        return f'record {self.record} in "{self.table}", field "{self.field}": {self.problem}'


def check_tables(tables: dict[str, dict[str, Any]], only: dict[str, set[str] | None] | None = None) -> list[Damage]:
    """Every damaged record in the tables: wrong types, values out of range, and references
    to records that do not exist. With `only` ({table: ids, or None for all}), just those
    records are checked (what a save touched), plus whatever refers to a removed record."""
    found: list[Damage] = []
    for cls, name in TABLES.items():
        docs = tables.get(name, {})
        wanted = None if only is None else only.get(name, set())
        ids = docs.keys() if wanted is None else [i for i in wanted if i in docs]
        check = _checker(cls)
        refs = [(field, target) for (owner, field), target in REFERENCES.items() if owner is cls]
        for doc_id in ids:
            doc = docs[doc_id]
            problems = check(doc) or _dangling(doc, refs, tables)
            if problems:
                found.extend(Damage(name, doc_id, field, problem) for field, problem in problems)
    if only is not None:
        found.extend(_dangling_after_removal(tables, only))
    return found


def _dangling(doc: dict[str, Any], refs: list[tuple[str, str]], tables: dict) -> Problems:
    problems = []
    for field, target in refs:
        value = doc.get(field)
        if value is not None and str(value) not in tables.get(target, {}):
            problems.append((field, f"refers to {target[:-1]} {value}, which does not exist"))
    return problems


def _dangling_after_removal(tables: dict, only: dict[str, set[str] | None]) -> list[Damage]:
    """Records that refer to one a save removed."""
    removed = {name for name, ids in only.items() if ids and any(i not in tables.get(name, {}) for i in ids)}
    found: list[Damage] = []
    for cls, name in TABLES.items() if removed else ():
        refs = [(f, t) for (owner, f), t in REFERENCES.items() if owner is cls and t in removed]
        for doc_id, doc in tables.get(name, {}).items() if refs else ():
            found.extend(Damage(name, doc_id, field, problem) for field, problem in _dangling(doc, refs, tables))
    return found


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:37] + "…"


def _expect(what: str, test: Callable[[Any], bool]) -> Check:
    return lambda value: None if test(value) else [("", f"is {_shown(value)}, not {what}")]


def _is_text(value: Any) -> bool:
    return type(value) is str and (value.isascii() or _SURROGATE.search(value) is None)


def _parses(parse: Callable[[str], Any], *, dated: bool = True) -> Callable[[Any], bool]:
    def test(value: Any) -> bool:
        if type(value) is not str:
            return False
        try:
            parsed = parse(value)
        except ValueError:
            return False
        if getattr(parsed, "tzinfo", None) is not None:
            return False  # everything is local time; an offset would not compare with it
        return not dated or EARLIEST_YEAR <= parsed.year <= LATEST_YEAR

    return test


def _within(path: str, problems: Problems) -> Problems:
    return [(f"{path}.{field}" if field and not field.startswith("[") else path + field, p) for field, p in problems]


@cache
def _checker(tp: Any) -> Check:
    """The check for a stored value of type `tp`."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = _checker(next(arg for arg in typing.get_args(tp) if arg is not type(None)))
        return lambda raw: None if raw is None else inner(raw)
    if origin is list:
        item = _checker(typing.get_args(tp)[0])

        def check_list(raw: Any) -> Problems | None:
            if type(raw) is not list:
                return [("", f"is {_shown(raw)}, not a list")]
            problems = []
            for index, value in enumerate(raw):
                bad = item(value)
                if bad:
                    problems += _within(f"[{index}]", bad)
            return problems or None

        return check_list
    if origin is dict:
        return _expect("an object", lambda raw: type(raw) is dict)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _record_checker(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        allowed = frozenset(member.value for member in tp)
        return _expect("one of: " + ", ".join(sorted(allowed)), lambda raw: type(raw) is str and raw in allowed)
    years = f"from the years {EARLIEST_YEAR}–{LATEST_YEAR}"
    simple = {
        str: ("text", _is_text),
        int: ("a whole number", lambda raw: type(raw) is int),
        bool: ("true or false", lambda raw: type(raw) is bool),
        float: ("a number", lambda raw: type(raw) in (int, float)),
        datetime: (f"a date and time such as 2026-11-24T16:00:00, {years}", _parses(datetime.fromisoformat)),
        date: (f"a date such as 2026-11-24, {years}", _parses(date.fromisoformat)),
        time: ("a time such as 16:00", _parses(time.fromisoformat, dated=False)),
    }
    if tp in simple:
        return _expect(*simple[tp])
    raise TypeError(f"no checker for {tp!r}")


def _field_check(cls: type, name: str, type_check: Check) -> Check:
    """The type check of one field, followed by its rule if it has one."""
    rule: Check | None = None
    if (cls, name) in RANGES:
        low, high = RANGES[cls, name]
        rule = _expect(f"a number from {low} to {high}", lambda raw: raw is None or low <= raw <= high)
    elif (cls, name) in CHOICES:
        choices = CHOICES[cls, name]
        rule = _expect("one of: " + ", ".join(map(str, sorted(choices))), lambda raw: raw is None or raw in choices)
    elif (cls, name) in NOT_EMPTY:
        rule = _expect("a list with at least one entry", lambda raw: len(raw) > 0)
    if rule is None:
        return type_check
    return lambda raw: type_check(raw) or rule(raw)


def _quick_type(cls: type, name: str, hint: Any) -> tuple[type | None, bool, frozenset[str]]:
    """For a plain text, number, flag or choice field without a rule: its Python type,
    whether it may be null, and the values of a choice. The record check tests those
    inline: they are the bulk of a long history."""
    nullable = typing.get_origin(hint) in (typing.Union, types.UnionType)
    inner = next(a for a in typing.get_args(hint) if a is not type(None)) if nullable else hint
    if any((cls, name) in rules for rules in (RANGES, CHOICES, NOT_EMPTY)):
        return None, nullable, frozenset()
    if isinstance(inner, type) and issubclass(inner, Enum):
        return str, nullable, frozenset(member.value for member in inner)
    return (inner if inner in (str, int, bool) else None), nullable, frozenset()


_MISSING = object()


def _record_checker(cls: type) -> Check:
    hints = typing.get_type_hints(cls)
    skip = "id" if cls in TABLES else None
    fields = []
    for f in dataclasses.fields(cls):
        if f.name == skip:
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        quick, nullable, choices = _quick_type(cls, f.name, hints[f.name])
        check_field = _field_check(cls, f.name, _checker(hints[f.name]))
        fields.append((f.name, required, quick, nullable, choices, check_field))
    row = ROWS.get(cls)
    packed = PACKED_FIELDS.get(cls, frozenset())
    what = f"a {cls.__name__} record"

    def check(raw: Any) -> Problems | None:
        if row is not None and type(raw) is list:
            if len(raw) > len(row):
                return [("", f"has {len(raw)} entries, more than the {len(row)} of {what}")]
            raw = dict(zip(row, raw))
        if type(raw) is not dict:
            return [("", f"is {_shown(raw)}, not {what}")]
        problems: Problems = []
        if packed and PACKED_KEY in raw:
            raw = _unpacked(raw, packed)
            if raw is None:
                return [(PACKED_KEY, "is not the packed fields Companion writes")]
        for name, required, quick, nullable, choices, field_check in fields:
            value = raw.get(name, _MISSING)
            if value is _MISSING:
                if required:
                    problems.append((name, "is missing"))
                continue
            kind = type(value)
            if kind is quick and (value in choices if choices else kind is not str or value.isascii()):
                continue
            if value is None and nullable:
                continue
            bad = field_check(value)
            if bad:
                problems += _within(name, bad)
        return problems or None

    return check


def _unpacked(raw: dict[str, Any], packed: frozenset[str]) -> dict[str, Any] | None:
    """The document with its packed bundle opened, or None if it cannot be."""
    bundle = raw[PACKED_KEY]
    try:
        opened = unpack_bundle(bundle) if type(bundle) is str else None
    except ValueError:
        return None
    if type(opened) is not dict or not opened.keys() <= packed:
        return None
    return {**raw, **opened}
