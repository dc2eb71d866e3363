"""Reading a share file strictly (docs/share-format.md): the fenced block found, every field
of the expected type, every text and list bounded. Anything else is refused with one line
and nothing is read from it."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from companion.errors import CompanionError, os_error_text
from companion.models import Owner, Section
from companion.partner_cycle import AchievedGoal, PartnerCycle, RatingAverage
from companion.share import FENCE, FORMAT, TEXT_MAX, VERSION, Share, ShareAction, ShareGoal, ShareItem

FILE_MAX = 2_000_000  # bytes
NAME_MAX = 200
LIST_MAX = 200
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,79}")
MINUTES_MAX = 480
CYCLE_NUMBER_MAX = 10_000
COUNT_MAX = 100_000
# The top-level fields of each version: version 2 added "cycle" (docs/share-format.md).
FIELDS_V1 = frozenset(
    {"format", "version", "made_at", "from", "to", "session", "agenda", "goals", "actions", "will_try"}
)
FIELDS = {1: FIELDS_V1, 2: FIELDS_V1 | {"cycle"}}


class Damaged(ValueError):
    """What is wrong with the block, for the one line that refuses it."""


def is_share_file(raw: bytes) -> bool:
    return FENCE.encode() in raw


def read_share(path: Path) -> Share:
    """The share in `path`, or CompanionError (one line) if it cannot be imported."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CompanionError(f"Could not read {path}: {os_error_text(error)}. Nothing was imported.") from None
    return parse_share(raw, str(path))


def parse_share(raw: bytes, name: str) -> Share:
    if len(raw) > FILE_MAX:
        raise CompanionError(f"{name} is too large for a share ({len(raw)} bytes). Nothing was imported.")
    try:
        data = json.loads(fenced_block(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError):
        raise CompanionError(f"{name} is not a readable share (it may be damaged). Nothing was imported.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CompanionError(f"{name} is not a Companion share. Nothing was imported.")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise CompanionError(f"{name} does not say which version of the share format it is. Nothing was imported.")
    if version > VERSION:
        raise CompanionError(
            f"{name} was made by a newer version of Companion (share format {version}; this version reads up "
            f"to {VERSION}). Nothing was imported; upgrade Companion to import it."
        )
    try:
        return share_from_json(data)
    except (Damaged, KeyError, TypeError, ValueError) as error:
        raise CompanionError(f"{name} is damaged or was edited ({error}). Nothing was imported.") from None


def fenced_block(text: str) -> str:
    """The JSON between the last `companion-share` fence and the fence that closes it."""
    lines = text.replace("\r\n", "\n").split("\n")
    starts = [n for n, line in enumerate(lines) if line.strip() == FENCE]
    if not starts:
        raise ValueError("no share block")
    start = starts[-1] + 1
    end = next((n for n in range(start, len(lines)) if lines[n].strip() == "```"), None)
    if end is None:
        raise ValueError("the share block is not closed")
    return "\n".join(lines[start:end])


def _exact_keys(obj: Any, keys: set[str], what: str) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise Damaged(f"{what} is not an object")
    if set(obj) != keys:
        raise Damaged(f"{what} has fields {sorted(obj)}, expected {sorted(keys)}")
    return obj


def _text(value: Any, what: str, limit: int = TEXT_MAX, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise Damaged(f"{what} is not text")
    if required and not value.strip():
        raise Damaged(f"{what} is empty")
    if len(value) > limit:
        raise Damaged(f"{what} is longer than {limit} characters")
    return value


def _id(value: Any, what: str) -> str:
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise Damaged(f"{what} is not an id")
    return value


def _list(value: Any, what: str, limit: int = LIST_MAX) -> list[Any]:
    if not isinstance(value, list):
        raise Damaged(f"{what} is not a list")
    if len(value) > limit:
        raise Damaged(f"{what} has more than {limit} entries")
    return value


def _int(value: Any, what: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise Damaged(f"{what} is not a number from {low} to {high}")
    return value


def _day(value: Any, what: str) -> date | None:
    if value is None:
        return None
    return date.fromisoformat(_text(value, what, 10))


def _moment(value: Any, what: str) -> datetime:
    moment = datetime.fromisoformat(_text(value, what, 32))
    if moment.tzinfo is not None or not 1800 <= moment.year <= 2200:
        raise Damaged(f"{what} is not a local time")
    return moment


def share_from_json(data: dict[str, Any]) -> Share:
    _exact_keys(data, set(FIELDS[data["version"]]), "the share")
    sender = _exact_keys(data["from"], {"name", "link"}, '"from"')
    receiver = _exact_keys(data["to"], {"name", "link"}, '"to"')
    share = Share(
        made_at=_moment(data["made_at"], '"made_at"'),
        from_name=_text(sender["name"], "the sender's name", NAME_MAX),
        from_link=_id(sender["link"], "the sender's link"),
        to_name=_text(receiver["name"], "the receiver's name", NAME_MAX),
        to_link="" if receiver["link"] is None else _id(receiver["link"], "the receiver's link"),
    )
    if data["session"] is not None:
        session = _exact_keys(data["session"], {"at", "minutes"}, '"session"')
        share.session_at = _moment(session["at"], "the session's time")
        share.session_minutes = _int(session["minutes"], "the session's minutes", 1, MINUTES_MAX)
    for n, raw in enumerate(_list(data["agenda"], '"agenda"')):
        item = _exact_keys(raw, {"id", "section", "text", "minutes", "proposed"}, f"agenda item {n + 1}")
        if not isinstance(item["proposed"], bool):
            raise Damaged(f'agenda item {n + 1}\'s "proposed" is not true or false')
        share.agenda.append(
            ShareItem(
                _id(item["id"], f"agenda item {n + 1}'s id"),
                Section(item["section"]),
                _text(item["text"], f"agenda item {n + 1}", required=True),
                _int(item["minutes"], f"agenda item {n + 1}'s minutes", 1, MINUTES_MAX),
                item["proposed"],
            )
        )
    for n, raw in enumerate(_list(data["goals"], '"goals"')):
        goal = _exact_keys(raw, {"id", "title", "expectation", "first_result"}, f"goal {n + 1}")
        share.goals.append(
            ShareGoal(
                _id(goal["id"], f"goal {n + 1}'s id"),
                _text(goal["title"], f"goal {n + 1}'s title", NAME_MAX, required=True),
                _text(goal["expectation"], f"goal {n + 1}'s expectation"),
                _day(goal["first_result"], f"goal {n + 1}'s first result"),
            )
        )
    for n, raw in enumerate(_list(data["actions"], '"actions"')):
        action = _exact_keys(raw, {"id", "text", "owner", "due"}, f"action {n + 1}")
        owner = Owner(action["owner"])
        if owner is Owner.ME:
            raise Damaged(f"action {n + 1} is the sender's own")
        share.actions.append(
            ShareAction(
                _id(action["id"], f"action {n + 1}'s id"),
                _text(action["text"], f"action {n + 1}", required=True),
                owner,
                _day(action["due"], f"action {n + 1}'s due date"),
            )
        )
    share.will_try = [_text(line, "a will-try line") for line in _list(data["will_try"], '"will_try"')]
    if data.get("cycle") is not None:
        share.cycle = cycle_from_json(data["cycle"])
    return share


CYCLE_FIELDS = {
    "number",
    "start",
    "end",
    "review_on",
    "so_far",
    "held",
    "goals_achieved",
    "candour",
    "value",
    "plans_happened",
    "lessons_still_true",
}


def cycle_from_json(raw: Any) -> PartnerCycle:
    """The sender's side of a cycle (docs/share-format.md, "The cycle")."""
    cycle = _exact_keys(raw, CYCLE_FIELDS, '"cycle"')
    if not isinstance(cycle["so_far"], bool):
        raise Damaged('the cycle\'s "so_far" is not true or false')
    start, end, review_on = (_day(cycle[key], f"the cycle's {key}") for key in ("start", "end", "review_on"))
    if start is None or end is None or review_on is None or end < start:
        raise Damaged("the cycle's days are missing or out of order")
    return PartnerCycle(
        number=_int(cycle["number"], "the cycle's number", 1, CYCLE_NUMBER_MAX),
        start=start,
        end=end,
        review_on=review_on,
        so_far=cycle["so_far"],
        held=_int(cycle["held"], "the cycle's sessions held", 0, COUNT_MAX),
        goals_achieved=[_achieved(goal, n) for n, goal in enumerate(_list(cycle["goals_achieved"], "goals achieved"))],
        candour=_rating_average(cycle["candour"], "the cycle's candour"),
        value=_rating_average(cycle["value"], "the cycle's value"),
        plans_happened=[_text(line, "a plan that happened") for line in _list(cycle["plans_happened"], "plans")],
        lessons_still_true=[_text(line, "a lesson") for line in _list(cycle["lessons_still_true"], "lessons")],
    )


def _achieved(raw: Any, n: int) -> AchievedGoal:
    goal = _exact_keys(raw, {"title", "start", "end"}, f"achieved goal {n + 1}")
    ratings = [
        None if goal[key] is None else _int(goal[key], f"achieved goal {n + 1}'s {key}", 1, 5)
        for key in ("start", "end")
    ]
    return AchievedGoal(
        title=_text(goal["title"], f"achieved goal {n + 1}'s title", NAME_MAX, required=True),
        start=ratings[0],
        end=ratings[1],
    )


def _rating_average(raw: Any, what: str) -> RatingAverage | None:
    if raw is None:
        return None
    rating = _exact_keys(raw, {"count", "average"}, what)
    average = rating["average"]
    if isinstance(average, bool) or not isinstance(average, (int, float)) or not 1 <= average <= 5:
        raise Damaged(f"{what}'s average is not a number from 1 to 5")
    return RatingAverage(count=_int(rating["count"], f"{what}'s count", 1, COUNT_MAX), average=float(average))
