"""Importing the partner's share (docs/share-format.md, "Importing"): their proposed items
into my next agenda, marked as theirs; their expectations onto the goals we share; the
action items they set for me. Planned first, so `--dry-run` and the app can show it;
importing the same share twice changes nothing, and an older share never overwrites what
a newer one brought."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from companion import agenda as agendas
from companion import agenda_edits, schedule
from companion.banks import BankSet
from companion.dates import format_date, format_timestamp
from companion.errors import CompanionError
from companion.models import ActionItem, Agenda, Goal, Owner, Partnership, Profile, Session
from companion.partner_cycle import PartnerCycle, with_side
from companion.partnerships import find_partnership, name_key
from companion.prepare import prepare_next
from companion.sessions import sessions_near
from companion.share import Share, ShareAction, ShareGoal, ShareItem
from companion.store import Store

PARTNER_SOURCE = "partner"


@dataclass
class SharePlan:
    """What importing a share adds and changes."""

    partnership: Partnership
    share: Share
    links: bool = False  # the first share from this partner: the partnership gets linked
    older: bool = False  # older than the newest share of theirs already imported
    add_items: list[ShareItem] = field(default_factory=list)
    update_items: list[ShareItem] = field(default_factory=list)
    remove_refs: list[str] = field(default_factory=list)
    expectations: list[tuple[Goal, ShareGoal]] = field(default_factory=list)
    new_goals: list[ShareGoal] = field(default_factory=list)
    add_goals: bool = False
    add_actions: list[ShareAction] = field(default_factory=list)
    update_actions: list[tuple[ActionItem, ShareAction]] = field(default_factory=list)
    cycle: PartnerCycle | None = None  # their side of a cycle, new or changed (docs/share-format.md)

    @property
    def changes_data(self) -> bool:
        if self.older:
            return False
        newer = self.partnership.partner_share_at is None or self.share.made_at > self.partnership.partner_share_at
        lists = (self.add_items, self.update_items, self.remove_refs, self.expectations, self.add_actions)
        changed = self.update_actions or (self.add_goals and self.new_goals) or self.cycle
        return self.links or newer or any(lists) or bool(changed)

    def lines(self, offer_goals: str = "import again with --add-goals to add it") -> list[str]:
        """What it does, for a person; `offer_goals` says how to add a goal of theirs."""
        name = self.partnership.partner_name
        made = format_timestamp(self.share.made_at)
        if self.older:
            newest = format_timestamp(self.partnership.partner_share_at or self.share.made_at)
            return [f"This share from {name} ({made}) is older than theirs from {newest}, already imported."]
        lines = [f"Share from {name}, made {made}."]
        if self.links:
            lines.append(f"Links this share to your partnership with {name}.")
        lines += [f"Agenda: adds {name}'s item: {i.text}" for i in self.add_items]
        lines += [f"Agenda: updates {name}'s item: {i.text}" for i in self.update_items]
        if self.remove_refs:
            lines.append(f"Agenda: removes {len(self.remove_refs)} item(s) {name} no longer proposes.")
        lines += [f'Goal "{g.title}": {name} expects: {s.expectation}' for g, s in self.expectations]
        for goal in self.new_goals:
            if self.add_goals:
                lines.append(f'Goal "{goal.title}": added from {name}\'s share.')
            else:
                lines.append(f'Goal "{goal.title}" is {name}\'s, not yours yet: {offer_goals}.')
        lines += [f"Action item: adds {a.text}" for a in self.add_actions]
        lines += [f"Action item: updates {s.text}" for _, s in self.update_actions]
        if self.cycle is not None:
            lines.append(f"Cycle summary: {name}'s side of cycle {self.cycle.number}, {_span(self.cycle)}.")
        if len(lines) == 1 + self.links:
            lines.append("Nothing new: everything in it is already here.")
        return lines


def _span(side: PartnerCycle) -> str:
    so_far = ", so far" if side.so_far else ""
    return f"{format_date(side.start)} to {format_date(side.end)}{so_far}"


def link_partnership(
    store: Store, share: Share, name: str | None = None, current: Partnership | None = None
) -> Partnership:
    """The partnership the share belongs to: the one linked to its sender, else the one
    named (`--partnership`), else the one whose partner has the sender's name, else
    `current` (the app's current partnership) when the name does not settle it. A share
    meant for another partnership or person is refused (CompanionError, one line)."""
    partnerships = store.all(Partnership)
    linked = [p for p in partnerships if p.partner_link and p.partner_link == share.from_link]
    if name is not None:
        partnership = find_partnership(store, name)
    elif linked:
        partnership = linked[0]
    else:
        partnership = _by_sender_name(partnerships, share.from_name, current)
    if partnership.partner_link and partnership.partner_link != share.from_link:
        raise CompanionError(
            f"This share is not from the {partnership.partner_name} your partnership is linked to. Nothing was imported."
        )
    if share.to_link and share.to_link != partnership.share_link:
        raise CompanionError(
            f"This share was meant for another partnership of {share.from_name}'s. Nothing was imported."
        )
    me = store.singleton(Profile)
    if (
        not share.to_link
        and me
        and me.name.strip()
        and share.to_name.strip()
        and not _same_person(me.name, share.to_name)
    ):
        raise CompanionError(f"This share was meant for {share.to_name}, not for you. Nothing was imported.")
    return partnership


def _by_sender_name(partnerships: list[Partnership], sender: str, current: Partnership | None = None) -> Partnership:
    """The one partnership whose partner has the sender's name in full, else the one whose
    partner's first name is the sender's (my "Priya" for their "Priya Shah"). When that is
    not one, `current` if it is among them or none has the name: the app's preview then
    says which partnership the share links to before anything changes."""
    wanted = name_key(sender)
    found = [p for p in partnerships if wanted and name_key(p.partner_name) == wanted]
    if not found and wanted:
        first = wanted.split()[0]
        found = [p for p in partnerships if name_key(p.partner_name).split()[:1] == [first]]
    if len(found) != 1 and current is not None and (not found or any(p.id == current.id for p in found)):
        return current
    if len(found) != 1:
        who = f'"{sender}"' if sender.strip() else "its sender"
        raise CompanionError(
            f"Which partnership is this share from {who} for? Add --partnership NAME. Nothing was imported."
        )
    return found[0]


def _same_person(a: str, b: str) -> bool:
    first, second = name_key(a), name_key(b)
    return first == second or first.split()[:1] == second.split()[:1]


def next_agenda(store: Store, partnership: Partnership, now: datetime) -> tuple[Session | None, Agenda | None]:
    upcoming = schedule.next_session(partnership, sessions_near(store, partnership, now), now)
    return upcoming, (upcoming.agenda if upcoming else None)


def plan_share_import(
    store: Store,
    share: Share,
    now: datetime,
    *,
    partnership_name: str | None = None,
    add_goals: bool = False,
    current: Partnership | None = None,
) -> SharePlan:
    """What importing `share` would do; nothing is written."""
    partnership = link_partnership(store, share, partnership_name, current)
    assert partnership.id is not None  # read from the store
    plan = SharePlan(partnership, share, links=not partnership.partner_link, add_goals=add_goals)
    if partnership.partner_share_at is not None and share.made_at < partnership.partner_share_at:
        plan.older = True
        return plan
    _, agenda = next_agenda(store, partnership, now)
    theirs = {i.ref: i for i in agenda.items if i.source == PARTNER_SOURCE} if agenda else {}
    proposed = [i for i in share.agenda if i.proposed]
    for item in proposed:
        if item.id not in theirs:
            plan.add_items.append(item)
        elif theirs[item.id].text != agenda_edits.item_text(item.text):
            plan.update_items.append(item)
    wanted = {i.id for i in proposed}
    plan.remove_refs = [ref for ref, i in theirs.items() if ref and ref not in wanted and not i.covered]
    goals = store.find(Goal, lambda doc: doc.get("partnership_id") == partnership.id)
    by_id = {g.shared_id: g for g in goals if g.shared_id}
    by_title = {g.title.casefold(): g for g in goals if not g.shared_id}
    for incoming in share.goals:
        mine = by_id.get(incoming.id) or by_title.get(incoming.title.casefold())
        if mine is None:
            plan.new_goals.append(incoming)
        elif mine.partner_expectation != incoming.expectation or mine.shared_id != incoming.id:
            plan.expectations.append((mine, incoming))
    actions = {a.shared_id: a for a in _shared_actions(store, partnership.id)}
    for shared in share.actions:
        mine_action = actions.get(shared.id)
        if mine_action is None:
            plan.add_actions.append(shared)
        elif (mine_action.text, mine_action.due, mine_action.owner) != (shared.text, shared.due, _owner(shared)):
            plan.update_actions.append((mine_action, shared))
    if share.cycle is not None and share.cycle not in partnership.partner_cycles:
        plan.cycle = share.cycle
    return plan


def _shared_actions(store: Store, partnership_id: int) -> list[ActionItem]:
    """The partnership's actions that carry a shared id: only those are decoded, where a
    long history holds thousands of actions."""
    return store.find(
        ActionItem, lambda doc: doc.get("partnership_id") == partnership_id and bool(doc.get("shared_id"))
    )


def _owner(action: ShareAction) -> Owner:
    """Who owns it on my side: "partner" in their share is me."""
    return Owner.ME if action.owner is Owner.PARTNER else Owner.BOTH


def import_share(
    store: Store,
    share: Share,
    now: datetime,
    banks: BankSet,
    *,
    dry_run: bool,
    partnership_name: str | None = None,
    add_goals: bool = False,
    current: Partnership | None = None,
) -> SharePlan:
    """Plan the import and, unless `dry_run`, apply it in one transaction."""
    if dry_run:
        return plan_share_import(
            store, share, now, partnership_name=partnership_name, add_goals=add_goals, current=current
        )
    with store.transaction():
        plan = plan_share_import(
            store, share, now, partnership_name=partnership_name, add_goals=add_goals, current=current
        )
        if plan.changes_data:
            _apply(store, plan, now, banks)
    return plan


def _apply(store: Store, plan: SharePlan, now: datetime, banks: BankSet) -> None:
    partnership, share = plan.partnership, plan.share
    assert partnership.id is not None  # read from the store
    store.update(Partnership, partnership.id, partner_link=share.from_link, partner_share_at=share.made_at)
    if plan.cycle is not None:  # a share without one leaves the sides kept as they are
        store.update(Partnership, partnership.id, partner_cycles=with_side(partnership.partner_cycles, plan.cycle))
    for goal, incoming in plan.expectations:
        assert goal.id is not None  # read from the store
        store.update(Goal, goal.id, partner_expectation=incoming.expectation, shared_id=incoming.id)
    if plan.add_goals:
        for incoming in plan.new_goals:
            new = Goal(partnership_id=partnership.id, title=incoming.title, created_at=now, shared_id=incoming.id)
            new.partner_expectation, new.first_result_date = incoming.expectation, incoming.first_result
            store.add(new)
    for shared in plan.add_actions:
        store.add(
            ActionItem(
                partnership_id=partnership.id,
                text=shared.text,
                owner=_owner(shared),
                due=shared.due,
                created_at=now,
                shared_id=shared.id,
            )
        )
    for action, changed in plan.update_actions:
        assert action.id is not None  # read from the store
        store.update(ActionItem, action.id, text=changed.text, due=changed.due, owner=_owner(changed))
    fresh = store.get(Partnership, partnership.id) or partnership
    prepared = prepare_next(store, banks, now, fresh)
    assert prepared.session.id is not None  # stored by prepare_next
    agenda = _with_items(prepared.agenda, plan, prepared.session.duration_minutes or fresh.session_minutes)
    if agenda != prepared.agenda:
        store.update(Session, prepared.session.id, agenda=agenda)


def _with_items(agenda: Agenda, plan: SharePlan, total: int) -> Agenda:
    """The partner's proposed items added, updated and withdrawn; time boxes rebalanced as
    for any item added by hand (`agenda_edits`). With no minute left, an item waits."""
    result = agenda
    for ref in plan.remove_refs:
        found = next((i for i in result.items if i.source == PARTNER_SOURCE and i.ref == ref), None)
        if found is not None:
            result = agenda_edits.delete_item(result, found.id, total)
    for item in plan.update_items:
        found = next((i for i in result.items if i.source == PARTNER_SOURCE and i.ref == item.id), None)
        if found is not None:
            result = agenda_edits.edit_text(result, found.id, item.text)
    present = {i.ref for i in result.items if i.source == PARTNER_SOURCE}
    for item in plan.add_items:
        if item.id in present or not agenda_edits.has_room(result, total):
            continue
        minutes = min(item.minutes, agendas.DEFAULT_NEW_ITEM_MINUTES)
        result = agenda_edits.add_item(
            result, item.text, item.section, total, minutes=minutes, source=PARTNER_SOURCE, ref=item.id
        )
    return result
