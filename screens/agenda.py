"""The next session's agenda: see it, shape it, mark it ready, share it."""

from __future__ import annotations

import random

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from companion import agenda as agendas
from companion import agenda_edits, agenda_text, clock
from companion.dates import countdown, format_when
from companion.errors import CompanionError
from companion.models import Agenda, AgendaItem, Section
from companion.prepare import Prepared, prepare_next, save_agenda
from companion.share_import import PARTNER_SOURCE
from companion.summary import partner_share_line
from companion.terminal_text import printable
from companion.validation import FieldError
from screens.agenda_dialogs import AgendaItemDialog, ItemForm
from screens.agenda_sharing import AgendaSharing
from screens.base import CompanionScreen
from screens.dialogs import ConfirmDialog, PickDialog, TextDialog
from screens.footer import CompanionFooter
from screens.text import literal, markup, notify_literal, rich_literal

KEY_HINTS = (
    "Enter edit · n add · x delete · r reroll · f find · Shift+↑↓ move · "
    "+/− or t time box · v private · m ready · c copy · w save .md · s share"
)
SECTION_CHOICES = [(agendas.SECTION_TITLES[s], s.value) for s in agendas.SECTION_ORDER]


class AgendaScreen(AgendaSharing, CompanionScreen):
    CSS_PATH = "agenda.tcss"
    # A short terminal drops the frame around the heading and the key line (the footer has
    # the keys), so the list keeps most of the rows.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    BINDINGS = [
        Binding("escape", "back", "Back", id="agenda_back"),
        Binding("n", "add", "Add", id="agenda_add", tooltip="Add an item of your own"),
        Binding("r", "reroll", "Reroll", id="agenda_reroll"),
        Binding("f", "find", "Find", id="agenda_find"),
        Binding("v", "private", "Private", id="agenda_private"),
        Binding("m", "ready", "Ready", id="agenda_ready"),
        Binding("c", "copy", "Copy", id="agenda_copy", show=False),
        Binding("delete,x", "delete", "Delete", id="agenda_delete", show=False),
        Binding("shift+up,K", "move(-1)", "Move up", id="agenda_move_up", show=False),
        Binding("shift+down,J", "move(1)", "Move down", id="agenda_move_down", show=False),
        Binding("plus,equals_sign", "minutes(1)", "+1 min", id="agenda_more", show=False),
        Binding("minus", "minutes(-1)", "−1 min", id="agenda_less", show=False),
        Binding("t", "set_minutes", "Time box", id="agenda_time", show=False),
        Binding("w", "write_file", "Save .md", id="agenda_write", show=False),
        Binding("s", "share", "Share", id="agenda_share", show=False, tooltip="Write a share file for your partner"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.prepared: Prepared | None = None
        self.nudged: agenda_edits.Nudge | None = None  # the run of +/− presses going on

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="agenda-body"):
            yield Static("Preparing your agenda…", id="agenda-head")
            yield OptionList(id="agenda-items")
            yield Static(KEY_HINTS, id="agenda-keys")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.load(self.app.banks)

    # loading and showing ---------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="agenda-load")
    def load(self, banks) -> None:
        try:
            prepared = prepare_next(self.app.store, banks, clock.now())
        except CompanionError as error:
            self.app.call_from_thread(self.query_one("#agenda-head", Static).update, literal(str(error)))
            return
        self.app.call_from_thread(self.show, prepared)

    def show(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.render_agenda()
        self.query_one("#agenda-items", OptionList).focus()
        self.refresh_bindings()  # the keys that needed an agenda are usable now

    def refresh_data(self) -> None:
        """Another process changed the file: bring in new notes unless an edit is saving."""
        if self.prepared is not None and not self.app.is_saving(self.save_key):
            self.load(self.app.banks)

    def partner_switched(self) -> None:
        """The new partner's next agenda (edits to the one before save under its session)."""
        self.prepared = self.nudged = None
        self.query_one("#agenda-head", Static).update("Preparing your agenda…")
        self.query_one("#agenda-items", OptionList).clear_options()
        self.refresh_bindings()
        self.load(self.app.banks)

    @property
    def agenda(self) -> Agenda:
        assert self.prepared is not None
        return self.prepared.agenda

    @property
    def total_minutes(self) -> int:
        assert self.prepared is not None
        return self.prepared.session.duration_minutes or self.prepared.partnership.session_minutes

    @property
    def save_key(self) -> str:
        return f"agenda-{self.prepared.session.id}" if self.prepared else "agenda"

    def render_agenda(self, keep: str | None = None) -> None:
        prepared = self.prepared
        items = self.query_one("#agenda-items", OptionList)
        keep = keep or (items.highlighted_option.id if items.highlighted_option else None)
        self.query_one("#agenda-head", Static).update(self.head_text())
        options: list[Option] = []
        for number, (section, section_items) in enumerate(agenda_text.sections(prepared.agenda)):
            minutes = sum(i.minutes for i in section_items)
            gap = "\n" if number else ""
            title = f"{gap}[b $text-accent]{agendas.SECTION_TITLES[section]}[/]  [$text-muted]{minutes} min[/]"
            options.append(Option(title, disabled=True))
            partner = prepared.partnership.partner_name
            options.extend(Option(self.item_text(item, partner), id=item.id) for item in section_items)
        items.set_options(options)
        ids = [o.id for o in options]
        if keep is not None and keep in ids:
            items.highlighted = ids.index(keep)
        else:
            items.highlighted = next((i for i, o in enumerate(options) if not o.disabled), None)

    def head_text(self) -> Content:
        prepared, now = self.prepared, clock.now()
        session = prepared.session
        when = f"{format_when(session.scheduled_at, now)} ({countdown(session.scheduled_at, now)})"
        if self.agenda.ready_at:
            ready = "[b $text-success]✔ Ready[/] since $ready_at"
        else:
            ready = "[b $text-warning]Not ready[/]: press [b]m[/b] once it looks right"
        theirs = partner_share_line(prepared.partnership, now.date())
        return markup(
            f"Session with [b]$partner[/b], $when, $minutes min\n{ready}"
            + ("\n[$text-muted]$theirs[/]" * bool(theirs)),
            theirs=theirs,
            partner=printable(prepared.partnership.partner_name, one_line=True),
            when=when,
            minutes=self.total_minutes,
            ready_at=format_when(self.agenda.ready_at, now, in_sentence=True) if self.agenda.ready_at else "",
        )

    @staticmethod
    def item_text(item: AgendaItem, partner: str) -> Table:
        """Minutes in a narrow column, the text wrapping beside it (hanging indent); an
        item from the partner's share says so by their first name."""
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=7, justify="right", no_wrap=True)
        grid.add_column(ratio=1)
        text = rich_literal(item.text)
        if item.private:
            text.append("  private", style="bold italic")
        if item.source == PARTNER_SOURCE:
            text.append_text(rich_literal(f"  from {partner.split()[0] if partner.split() else partner}", "italic"))
        grid.add_row(Text(f"{item.minutes} min", style="bold"), text)
        return grid

    # changing the agenda -------------------------------------------------------------

    def selected(self) -> AgendaItem | None:
        option = self.query_one("#agenda-items", OptionList).highlighted_option
        if self.prepared is None or option is None or option.id is None:
            return None
        return next((i for i in self.agenda.items if i.id == option.id), None)

    def change(self, agenda: Agenda, keep: str | None = None) -> None:
        """Show the new agenda at once and save it in the background."""
        self.prepared.agenda = agenda
        self.render_agenda(keep)
        store, session_id = self.app.store, self.prepared.session.id
        self.app.save_latest(self.save_key, lambda: save_agenda(store, session_id, agenda), what="the agenda")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.prepared is None and action != "back":
            return False
        return True

    @on(OptionList.OptionSelected, "#agenda-items")
    def edit_selected(self) -> None:
        item = self.selected()
        if item is None:
            return

        def done(form: ItemForm | None) -> None:
            if form is not None:
                self.change(agenda_edits.edit_text(self.agenda, item.id, form.text), keep=item.id)

        self.app.push_screen(AgendaItemDialog(ItemForm(printable(item.text))), done)

    def action_add(self) -> None:
        if len(self.agenda.items) + 1 > self.total_minutes:
            self.notify(f"A {self.total_minutes}-minute session has no room for another item; remove one first.")
            return
        item = self.selected()
        section = item.section.value if item else Section.EXPLORE.value
        limit = self.total_minutes - len(self.agenda.items)
        minutes = min(agendas.DEFAULT_NEW_ITEM_MINUTES, limit)

        def done(form: ItemForm | None) -> None:
            if form is None:
                return
            try:
                agenda = agenda_edits.add_item(
                    self.agenda,
                    form.text,
                    Section(form.section),
                    self.total_minutes,
                    minutes=int(form.minutes),
                    private=form.private,
                )
            except ValueError as error:
                notify_literal(self, str(error), severity="warning")
                return
            self.change(agenda, keep=_newest_id(agenda))

        initial = ItemForm("", section, str(minutes))
        self.app.push_screen(AgendaItemDialog(initial, sections=SECTION_CHOICES, minutes_limit=limit), done)

    def action_delete(self) -> None:
        item = self.selected()
        if item is None:
            return
        if len(self.agenda.items) == 1:
            self.notify("An agenda keeps at least one item; edit this one instead.", severity="warning")
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.change(agenda_edits.delete_item(self.agenda, item.id, self.total_minutes))

        self.app.push_screen(
            ConfirmDialog(
                markup("Delete “$text”?", text=printable(item.text[:60], one_line=True)), yes="Delete", no="Keep"
            ),
            done,
        )

    def action_reroll(self) -> None:
        item = self.selected()
        if item is None:
            return
        if item.source != "prompt":
            self.notify("Only prompts from the bank can be rerolled; press f to pick one instead.", severity="warning")
            return
        rerolled = agenda_edits.reroll(
            self.agenda,
            item.id,
            list(self.app.banks.prompts.values()),
            self.prepared.partnership,
            seed=random.randrange(1 << 30),
        )
        if rerolled is self.agenda:
            self.notify("No other prompt fits this section.", severity="warning")
            return
        self.change(rerolled, keep=item.id)

    def action_find(self) -> None:
        item = self.selected()
        if item is None:
            return
        partnership = self.prepared.partnership
        prompts = self.app.banks.for_partnership(partnership.focus_role.value, partnership.stance.value)
        on_agenda = agendas.prompt_ids(self.agenda)
        options = [
            (p.id, p.section, p.text)
            for p in sorted(prompts, key=lambda p: (p.section != item.section.value, p.section, p.id))
            if p.id not in on_agenda
        ]

        def done(prompt_id: str | None) -> None:
            if prompt_id:
                prompt = self.app.banks.prompts[prompt_id]
                self.change(agenda_edits.replace_prompt(self.agenda, item.id, prompt), keep=item.id)

        self.app.push_screen(PickDialog("Replace with a prompt from the bank", options), done)

    def action_move(self, offset: int) -> None:
        item = self.selected()
        if item:
            self.change(agenda_edits.move_item(self.agenda, item.id, offset), keep=item.id)

    def action_minutes(self, delta: int) -> None:
        """One minute more or less on the chosen item (see `agenda_edits.nudge`)."""
        item = self.selected()
        if item is None:
            return
        try:
            self.nudged = agenda_edits.nudge(self.agenda, item.id, delta, self.nudged)
        except ValueError as error:
            notify_literal(self, str(error), severity="warning")
            return
        self.change(self.nudged.result, keep=item.id)

    def set_item_minutes(self, item: AgendaItem, minutes: int) -> None:
        limit = self.total_minutes - (len(self.agenda.items) - 1)
        if not 1 <= minutes <= limit:
            self.notify(f"A time box here can be 1 to {limit} minutes.", severity="warning")
            return
        self.change(agenda_edits.set_minutes(self.agenda, item.id, minutes, self.total_minutes), keep=item.id)

    def action_set_minutes(self) -> None:
        item = self.selected()
        if item is None:
            return
        limit = self.total_minutes - (len(self.agenda.items) - 1)

        def check(text: str) -> str | None:
            try:
                agenda_edits.check_item_minutes(text, limit)
            except FieldError as error:
                return str(error)
            return None

        def done(text: str | None) -> None:
            if text is not None:
                self.set_item_minutes(item, int(text))

        self.app.push_screen(
            TextDialog(
                "Time box (minutes)",
                str(item.minutes),
                check=check,
                hint="The other items grow or shrink so the session still adds up.",
            ),
            done,
        )

    def action_private(self) -> None:
        item = self.selected()
        if item:
            self.change(agenda_edits.toggle_private(self.agenda, item.id), keep=item.id)

    def action_ready(self) -> None:
        ready = None if self.agenda.ready_at else clock.now()
        self.change(agenda_edits.mark_ready(self.agenda, ready))
        self.notify("Agenda marked ready." if ready else "Agenda marked not ready.")

    def action_back(self) -> None:
        self.app.show_dashboard()


def _newest_id(agenda: Agenda) -> str:
    return max(agenda.items, key=lambda i: int(i.id[1:]) if i.id[1:].isdigit() else 0).id
