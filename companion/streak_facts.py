"""What each stored session contributes to the streaks: its facts (docs/streaks.md).

A held session counts at its *moment* (`held_at`, else `scheduled_at`), is *prepared* when
its agenda was marked ready no later than `scheduled_at`, and *reflected on* when a final
reflection was written within 48 hours of the moment. A skip that pauses the streak
counts at `scheduled_at`. Planned and cancelled sessions, and plain skips, are no facts.

    facts = session_facts(store, partnership)   # cached until the data changes

The facts are read from the raw documents (`Store.docs`), never by decoding a Session,
and kept as plain tuples built with the cyclic garbage collector paused: on a long
history that is most of the streak budget (docs/streaks.md, "Performance").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple, overload

from companion.datafile import gc_paused
from companion.models import Partnership

REFLECTION_WINDOW = timedelta(hours=48)


class SessionFact(NamedTuple):
    """What a stored session contributes to streaks (held sessions and pausing skips)."""

    moment: datetime  # when it was held (held_at, else scheduled_at); a skip: scheduled_at
    session_id: int
    held: bool  # False: a skip that pauses the streak
    prepared: bool = False  # agenda ready_at <= scheduled_at
    reflected: bool = False  # a final reflection written within 48 hours of `moment`


# A fact as a plain tuple, in SessionFact's field order.
Row = tuple[datetime, int, bool, bool, bool]


class TupleRows(Sequence[Any]):
    """Records kept as plain tuples (`rows`, in the field order of the NamedTuple `record`)
    and made `record`s only when read: building ten thousand NamedTuples at start-up would
    cost a sixth of the streak budget, and the computations read the plain tuples directly."""

    __slots__ = ("rows",)
    record: Any  # the NamedTuple type, set by each subclass
    noun = "rows"

    def __init__(self, rows: list) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self.record._make(row) for row in self.rows[index]]
        return self.record._make(self.rows[index])

    def __iter__(self) -> Iterator[Any]:
        return map(self.record._make, self.rows)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self.rows)} {self.noun})"


class SessionFacts(TupleRows):
    """A partnership's facts (SessionFact rows) in time order: by moment, then session id."""

    __slots__ = ()
    record = SessionFact
    noun = "facts"


def session_facts(store: Any, partnership: Partnership) -> SessionFacts:
    """The partnership's streak facts in time order, cached until the data changes.

    `store` is a `companion.store.Store` (only `docs` and `derived` are used).
    """
    pid = partnership.id
    return store.derived(f"streaks.facts.{pid}", lambda s: facts_from_docs(s.docs("sessions"), pid))


def facts_from_docs(docs: Mapping[str, Mapping[str, Any]], partnership_id: int | None) -> SessionFacts:
    """Facts from raw session documents (keyed by id), in time order. Documents too
    damaged to read are left out (`companion check` reports them). (Written out in one
    loop: on a long history a function call per session costs a tenth of it.)"""
    rows: list[Row] = []
    append = rows.append
    parse, window, no_doc = _parse, REFLECTION_WINDOW, _NO_DOC
    with gc_paused():
        for doc_id, doc in docs.items():
            get: Callable[[str], Any] = doc.get
            if get("partnership_id") != partnership_id:
                continue
            state = get("state")
            try:
                if state == "held":
                    scheduled = get("scheduled_at")
                    moment = parse(get("held_at") or scheduled)
                    ready = (get("agenda") or no_doc).get("ready_at")
                    reflection = get("reflection") or no_doc
                    written = None if reflection.get("is_draft", True) else reflection.get("written_at")
                    # Stored datetimes of one length compare as text (the codec writes them
                    # all to the second); others are parsed.
                    prepared = ready is not None and (
                        ready <= scheduled if len(ready) == len(scheduled) else parse(ready) <= parse(scheduled)
                    )
                    reflected = written is not None and parse(written) - moment <= window
                    append((moment, int(doc_id), True, prepared, reflected))
                elif state == "skipped" and get("pauses_streak"):
                    append((parse(get("scheduled_at")), int(doc_id), False, False, False))
            except (TypeError, ValueError, AttributeError, KeyError):
                continue
        rows.sort()
    return SessionFacts(rows)


_parse = datetime.fromisoformat
_NO_DOC: dict[str, Any] = {}
