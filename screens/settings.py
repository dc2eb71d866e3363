"""Settings: the profile, the current partnership and its cadence, other partnerships,
the theme, and where the data and its backups live."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time
from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from companion import clock, schedule
from companion import partnerships as core
from companion.cadences import CadenceChange, cancel_orphans, change_cadence, preview_cadence
from companion.dates import format_date, format_date_time
from companion.errors import ValidationError
from companion.health import loose_permissions
from companion.models import WEEKDAYS, Frequency, Partnership, Profile
from companion.terminal_text import printable
from companion.validation import OnboardingForm
from screens.base import CompanionScreen
from screens.dialogs import DIALOG_CSS, ConfirmDialog, FormDialog
from screens.onboarding import FOCUS_OPTIONS, FREQUENCY_OPTIONS, STANCE_OPTIONS, first_session_preview
from screens.text import markup, notify_literal, rich_literal
from screens.widgets import FormRow

WEEKDAY_OPTIONS = [(day, str(index)) for index, day in enumerate(WEEKDAYS)]
WEEK_OF_MONTH_OPTIONS = [("First", "1"), ("Second", "2"), ("Third", "3"), ("Fourth", "4"), ("Last", "-1")]
PROFILE_FIELDS = ("name", "role")
PARTNERSHIP_FIELDS = ("partner_name", "stance", "focus_role", "session_minutes")
CADENCE_FIELDS = ("frequency", "weekday", "week_of_month", "at")


def read_value(screen: Screen, field: str) -> str:
    """What a form control holds, as text ("" for a Select with nothing chosen)."""
    widget = screen.query_one(f"#{field}")
    if isinstance(widget, Select):
        return "" if widget.value is Select.NULL else str(widget.value)
    return widget.value


def set_value(screen: Screen, field: str, value: str) -> None:
    widget = screen.query_one(f"#{field}")
    if widget.value != value:
        widget.value = value


def quoted(path: Path) -> str:
    """A path in single quotes for a POSIX shell."""
    return "'" + str(path).replace("'", "'\\''") + "'"


def _stat_or_none(path: Path):
    try:
        return path.stat()
    except OSError:
        return None  # removed since it was listed


def file_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def week_of(day) -> str:
    """The week of the month a monthly cadence starting on `day` meets in."""
    nth = (day.day - 1) // 7 + 1
    return "-1" if nth > 4 else str(nth)


class SettingsScreen(CompanionScreen):
    """One scrolling form in sections; each section saves on its own button."""

    CSS_PATH = "settings.tcss"
    AUTO_FOCUS = "#name"
    BINDINGS = [
        Binding("escape", "back", "Back", id="settings_back", tooltip="Back to the dashboard"),
        Binding("ctrl+s", "save", "Save", id="settings_save", tooltip="Save the profile and the current partnership"),
        Binding(
            "ctrl+r",
            "change_cadence",
            "Cadence",
            id="settings_change_cadence",
            tooltip="Meet on the cadence in the form from now on; history keeps its times",
        ),
        Binding(
            "ctrl+o",
            "switch_partnership",
            "Switch",
            id="settings_switch_partnership",
            tooltip="Make the highlighted partnership the current one",
        ),
        Binding(
            "ctrl+n", "add_partnership", "Add partner", id="settings_add_partnership", tooltip="Add another partnership"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.partnership: Partnership | None = None
        self.loaded: dict[str, str] = {}  # each field as last read from the data file
        # Sections whose save was refused: their fields are checked again as you type.
        self.checking: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="settings"):
            yield Static("Profile", classes="form-section -first")
            yield FormRow("Your name", Input(id="name", placeholder="e.g. Alex Morgan", compact=True), field="name")
            yield FormRow(
                "Your role", Input(id="role", placeholder="e.g. Staff engineer (optional)", compact=True), field="role"
            )

            yield Static("Current partnership", id="partnership-title", classes="form-section")
            yield FormRow("Partner's name", Input(id="partner_name", compact=True), field="partner_name")
            yield FormRow(
                "You are the",
                Select(STANCE_OPTIONS, id="stance", prompt="Choose mentor or mentee", compact=True),
                field="stance",
            )
            yield FormRow(
                "Focus role",
                Select(FOCUS_OPTIONS, id="focus_role", prompt="The mentee's role", compact=True),
                field="focus_role",
                hint="The mentee's role: picks the agenda prompts.",
            )
            yield FormRow(
                "Session length",
                Input(id="session_minutes", placeholder="minutes", compact=True),
                field="session_minutes",
                hint="15 to 240 minutes; built agendas are rescaled.",
            )
            with Horizontal(classes="section-actions"):
                yield Button(
                    "Save",
                    id="save",
                    variant="primary",
                    compact=True,
                    tooltip="Save the profile and the partnership (Ctrl+S)",
                )
                yield Static("", id="save-state")

            yield Static("Cadence", classes="form-subsection")
            yield Static("", id="cadence-now")
            yield FormRow(
                "Meet", Select(FREQUENCY_OPTIONS, id="frequency", allow_blank=False, compact=True), field="frequency"
            )
            yield FormRow(
                "On", Select(WEEKDAY_OPTIONS, id="weekday", prompt="Choose a day", compact=True), field="weekday"
            )
            yield FormRow(
                "Week of the month",
                Select(WEEK_OF_MONTH_OPTIONS, id="week_of_month", allow_blank=False, compact=True),
                field="week_of_month",
            )
            yield FormRow("At", Input(id="at", placeholder="18:00, 9:30, 6pm", compact=True), field="at")
            yield Static("", id="cadence-preview")
            with Horizontal(classes="section-actions"):
                yield Button("Change cadence", id="change-cadence", variant="primary", compact=True, tooltip="Ctrl+R")

            yield Static("Partnerships", classes="form-section")
            yield OptionList(id="partnership-list")
            with Horizontal(classes="list-actions"):
                yield Button(
                    "Switch to it",
                    id="switch",
                    compact=True,
                    tooltip="Make the highlighted partnership current (Ctrl+O, or Enter)",
                )
                yield Button("Add partnership…", id="add-partnership", compact=True, tooltip="Ctrl+N")

            yield Static("Theme", classes="form-section")
            yield FormRow(
                "Theme",
                Select(
                    [(name, name) for name in sorted(self.app.available_themes)],
                    id="theme",
                    value=self.app.theme,
                    allow_blank=False,
                    compact=True,
                ),
                field="theme",
                hint="Applies at once. Also in the palette: Ctrl+P.",
            )

            yield Static("Data", classes="form-section")
            yield Static("", id="data-paths")
            yield Static("", id="permissions")
            yield Static("", id="backups")
            yield Static("", id="restore-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self.theme_changed)
        self.refresh_data()

    # reading the data file -------------------------------------------------------------

    def refresh_data(self) -> None:
        """Show what is stored; fields the person has edited but not saved keep their text."""
        store = self.app.store
        me = core.profile(store) or Profile(name="")
        partnership = core.current_partnership(store)
        switched = self.partnership is None or partnership is None or partnership.id != self.partnership.id
        self.partnership = partnership
        self.load_values({"name": me.name, "role": me.role})
        if partnership is not None:
            # Another partnership is current: its own values replace the form's.
            self.load_values({**self.partnership_form(partnership), **self.cadence_form(partnership)}, force=switched)
        self.render_partnership_title()
        self.render_partnerships()
        self.render_data()
        self.update_cadence_preview()
        self.update_save_state()

    def load_values(
        self, values: dict[str, str], *, force: bool = False, fields: tuple[str, ...] | None = None
    ) -> None:
        """Put stored values in the form; an edited field keeps its text unless `force`.
        Text goes in as the inputs show it, control characters made visible."""
        for field, value in values.items():
            if fields is not None and field not in fields:
                continue
            value = printable(value)
            if force or field not in self.loaded or read_value(self, field) == self.loaded[field]:
                set_value(self, field, value)
            self.loaded[field] = value

    def changed_fields(self, fields: tuple[str, ...]) -> list[str]:
        return [f for f in fields if f in self.loaded and read_value(self, f) != self.loaded[f]]

    def render_partnership_title(self) -> None:
        title = self.query_one("#partnership-title", Static)
        partner = self.partnership.partner_name if self.partnership else "none yet"
        title.update(Text.assemble("Current partnership: ", rich_literal(partner, "not bold", one_line=True)))
        now = self.query_one("#cadence-now", Static)
        if self.partnership is None:
            now.update("")
            return
        cadence = self.partnership.cadence
        since = "since the start" if len(self.partnership.cadences) == 1 else f"since {format_date(cadence.since)}"
        now.update(f"Now: {cadence.describe()}, {since}.")

    def render_partnerships(self) -> None:
        options = self.query_one("#partnership-list", OptionList)
        keep = options.highlighted_option.id if options.highlighted_option else None
        current = self.partnership.id if self.partnership else None
        items = []
        for partnership in core.list_partnerships(self.app.store):
            is_current = partnership.id == current
            label = Text()
            label.append("● " if is_current else "  ", style="bold")
            label.append_text(rich_literal(partnership.partner_name, "bold" if is_current else "", one_line=True))
            if is_current:
                label.append("  current", style="italic")
            label.append(
                f"\n  you are the {partnership.stance.value} · {partnership.focus_role.label} · "
                f"{partnership.cadence.describe()} · {partnership.session_minutes} min"
            )
            items.append(Option(label, id=str(partnership.id)))
        options.set_options(items)
        ids = [o.id for o in items]
        target = keep if keep in ids else (str(current) if str(current) in ids else None)
        if target is not None:
            options.highlighted = ids.index(target)

    def render_data(self) -> None:
        store = self.app.store
        paths = Table.grid(padding=(0, 2))
        paths.add_column(style="dim", no_wrap=True)
        paths.add_column(overflow="fold")
        paths.add_row("Data folder", rich_literal(str(store.data_dir)))
        paths.add_row("Data file", rich_literal(str(store.path)))
        paths.add_row("Backups in", rich_literal(str(store.backups_dir)))
        self.query_one("#data-paths", Static).update(paths)

        # Reported, never changed: the folder may be someone's home or a shared folder.
        loose = loose_permissions(store.data_dir) if store.path.exists() else []
        warning = self.query_one("#permissions", Static)
        warning.display = bool(loose)
        warning.update(rich_literal("\n".join(f"⚠ {line}" for line in loose), style="bold"))

        backups = [(path, stat) for path in store.backups() if (stat := _stat_or_none(path))]
        shown = self.query_one("#backups", Static)
        if not backups:
            shown.update(
                Text(
                    "No backups yet. A copy of the data file is taken before the first change of "
                    "each day; the last 14 are kept.",
                    style="italic",
                )
            )
        else:
            table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False, header_style="bold")
            table.add_column("Backup, newest first", overflow="fold")
            table.add_column("Saved", no_wrap=True)
            table.add_column("Size", justify="right", no_wrap=True)
            for path, stat in backups:
                saved = datetime.fromtimestamp(stat.st_mtime)
                table.add_row(
                    rich_literal(path.name),
                    f"{format_date(saved, weekday=False)} {saved:%H:%M}",
                    file_size(stat.st_size),
                )
            shown.update(table)
        example = backups[0][0] if backups else store.backups_dir / "companion-YYYY-MM-DD.json"
        hint = Text("To restore a backup, quit Companion, then run in a shell:\n", style="italic")
        # One argument a line (with shell line continuations), so long paths stay readable.
        hint.append(printable(f"cp \\\n  {quoted(example)} \\\n  {quoted(store.path)}"), style="bold not italic")
        self.query_one("#restore-hint", Static).update(hint)

    # the profile and the partnership ---------------------------------------------------

    def form_problems(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        for check, fields in (
            (core.clean_profile, PROFILE_FIELDS),
            (core.clean_partnership_fields, PARTNERSHIP_FIELDS),
        ):
            try:
                check(*(read_value(self, f) for f in fields))
            except ValidationError as error:
                problems.update(error.problems)
        return problems

    def show_problems(self, problems: dict[str, str], fields: tuple[str, ...]) -> None:
        for row in self.query(FormRow):
            if row.field in fields:
                row.show_error(problems.get(row.field))

    def focus_first(self, problems: dict[str, str]) -> None:
        first = next((row.field for row in self.query(FormRow) if row.field in problems), None)
        if first:
            control = self.query_one(f"#{first}")
            control.focus()
            self.query_one("#settings", VerticalScroll).scroll_to_widget(control.parent.parent, animate=False)

    def update_save_state(self) -> None:
        pending = self.changed_fields(PROFILE_FIELDS + PARTNERSHIP_FIELDS)
        self.query_one("#save-state", Static).update("Unsaved changes" if pending else "")

    def action_save(self) -> None:
        problems = self.form_problems()
        fields = PROFILE_FIELDS + PARTNERSHIP_FIELDS
        self.show_problems(problems, fields)
        if problems:
            self.checking.add("form")
            self.focus_first(problems)
            self.notify("Some answers need a fix; see the messages in red.", severity="warning")
            return
        profile_changed = bool(self.changed_fields(PROFILE_FIELDS))
        partnership_changed = bool(self.changed_fields(PARTNERSHIP_FIELDS)) and self.partnership is not None
        if not profile_changed and not partnership_changed:
            self.notify("Nothing changed since the last save.")
            return
        store = self.app.store
        values = {f: read_value(self, f) for f in fields}
        partnership_id = self.partnership.id if self.partnership else None
        button = self.query_one("#save", Button)
        button.disabled = True

        def work() -> dict[str, str] | None:
            try:
                with store.transaction():  # both or neither
                    if profile_changed:
                        core.update_profile(store, values["name"], values["role"])
                    if partnership_changed:
                        core.update_partnership(store, partnership_id, *(values[f] for f in PARTNERSHIP_FIELDS))
            except ValidationError as error:
                return error.problems
            return None

        def saved(problems: dict[str, str] | None) -> None:
            button.disabled = False
            if problems:
                self.show_problems(problems, fields)
                self.focus_first(problems)
                self.notify("Not saved; see the message in red.", severity="warning")
                return
            self.checking.discard("form")
            self.load_values(self.stored_values(), force=True, fields=fields)
            self.app.refresh_screens()
            self.update_subtitle()
            self.notify("Settings saved.")

        self.app.save_in_background(
            work, saved, on_failed=lambda: setattr(button, "disabled", False), what="the settings"
        )

    def stored_values(self) -> dict[str, str]:
        """Profile and partnership fields as stored now (after a save)."""
        store = self.app.store
        me = core.profile(store) or Profile(name="")
        partnership = core.current_partnership(store)
        return {"name": me.name, "role": me.role, **(self.partnership_form(partnership) if partnership else {})}

    @staticmethod
    def partnership_form(partnership: Partnership) -> dict[str, str]:
        return dict(
            partner_name=partnership.partner_name,
            stance=partnership.stance.value,
            focus_role=partnership.focus_role.value,
            session_minutes=str(partnership.session_minutes),
        )

    def update_subtitle(self) -> None:
        partnership = core.current_partnership(self.app.store)
        if partnership is not None:
            self.app.sub_title = printable(f"with {partnership.partner_name}", one_line=True)

    # the cadence ---------------------------------------------------------------------

    def cadence_values(self) -> dict[str, Any]:
        frequency = read_value(self, "frequency")
        week = read_value(self, "week_of_month")
        return dict(
            frequency=frequency,
            weekday=read_value(self, "weekday"),
            at=read_value(self, "at"),
            week_of_month=int(week) if frequency == Frequency.MONTHLY.value and week else None,
        )

    def update_cadence_preview(self) -> None:
        self.query_one("#row-week_of_month").display = read_value(self, "frequency") == Frequency.MONTHLY.value
        preview = self.query_one("#cadence-preview", Static)
        if self.partnership is None:
            preview.update("")
            return
        now = clock.now()
        try:
            cadence = preview_cadence(self.partnership, now=now, **self.cadence_values())
            problems: dict[str, str] = {}
        except ValidationError as error:
            cadence, problems = None, error.problems
        if "cadence" in self.checking:
            self.show_problems(problems, CADENCE_FIELDS)
        if cadence is None:
            preview.update("")
            return
        if self.is_current_cadence(cadence):
            preview.update(Text("This is the cadence in force.", style="italic"))
            return
        trial = replace(self.partnership, cadences=[*self.partnership.cadences, cadence])
        first = schedule.next_occurrence(trial, max(now, datetime.combine(cadence.since, time())))
        text = Text.assemble(
            "New: ",
            (cadence.describe(), "bold"),
            ", applies from ",
            (format_date(cadence.since), "bold"),
            "; earlier sessions keep their times.",
        )
        if first is not None:
            text.append(f"\nFirst session on it: {format_date_time(first)}.")
        preview.update(text)

    def is_current_cadence(self, cadence) -> bool:
        now = self.partnership.cadence
        return (now.frequency, now.weekday, now.at, now.week_of_month) == (
            cadence.frequency,
            cadence.weekday,
            cadence.at,
            cadence.week_of_month,
        )

    def action_change_cadence(self) -> None:
        if self.partnership is None:
            return
        values = self.cadence_values()
        try:
            cadence = preview_cadence(self.partnership, now=clock.now(), **values)
        except ValidationError as error:
            self.checking.add("cadence")
            self.show_problems(error.problems, CADENCE_FIELDS)
            self.focus_first(error.problems)
            return
        if self.is_current_cadence(cadence):
            self.notify(f"You already meet {cadence.describe()}.")
            return
        store, partnership_id, now = self.app.store, self.partnership.id, clock.now()
        button = self.query_one("#change-cadence", Button)
        button.disabled = True

        def work() -> CadenceChange | dict[str, str]:
            try:
                return change_cadence(store, partnership_id, now=now, **values)
            except ValidationError as error:
                return error.problems

        def done(result: CadenceChange | dict[str, str]) -> None:
            button.disabled = False
            if isinstance(result, dict):
                self.checking.add("cadence")
                self.show_problems(result, CADENCE_FIELDS)
                notify_literal(self, "; ".join(result.values()), title="Cadence not changed", severity="warning")
                return
            self.checking.discard("cadence")
            self.show_problems({}, CADENCE_FIELDS)
            self.cadence_changed(result)

        self.app.save_in_background(
            work, done, on_failed=lambda: setattr(button, "disabled", False), what="the cadence"
        )

    def cadence_changed(self, change: CadenceChange) -> None:
        self.load_values(self.cadence_form(change.partnership), force=True, fields=CADENCE_FIELDS)
        self.app.refresh_screens()
        self.notify(
            f"From {format_date(change.cadence.since, year=False)}: {change.cadence.describe()}.",
            title="Cadence changed",
        )
        if not change.orphans:
            return
        count = len(change.orphans)
        one = count == 1
        # Short lines: the dialog's label does not wrap.
        lines = [f"  {format_date_time(s.scheduled_at)}" for s in change.orphans[:5]]
        if count > 5:
            lines.append(f"  and {count - 5} more")
        question = "\n".join(
            [
                f"{'This planned session' if one else f'These {count} planned sessions'} of the old cadence",
                f"{'does' if one else 'do'} not fit the new one:",
                *lines,
                f"Cancel {'it' if one else 'them'}? If kept, {'it stays' if one else 'they stay'} planned "
                f"as {'an extra session' if one else 'extra sessions'}.",
            ]
        )

        def answered(cancel: bool | None) -> None:
            if not cancel:
                return
            store, now = self.app.store, clock.now()

            def cancelled(sessions: list) -> None:
                self.app.refresh_screens()
                self.notify(f"Cancelled {len(sessions)} planned session{'s' if len(sessions) != 1 else ''}.")

            self.app.save_in_background(lambda: cancel_orphans(store, change, now), cancelled, what="the cancellations")

        self.app.push_screen(
            ConfirmDialog(
                question, yes="Cancel them" if count > 1 else "Cancel it", no="Keep them" if count > 1 else "Keep it"
            ),
            answered,
        )

    @staticmethod
    def cadence_form(partnership: Partnership) -> dict[str, str]:
        cadence = partnership.cadence
        return dict(
            frequency=cadence.frequency.value,
            weekday=str(cadence.weekday),
            week_of_month=str(cadence.week_of_month) if cadence.week_of_month else week_of(clock.today()),
            at=cadence.at.strftime("%H:%M"),
        )

    # partnerships ----------------------------------------------------------------------

    def highlighted_partnership(self) -> Partnership | None:
        option = self.query_one("#partnership-list", OptionList).highlighted_option
        return self.app.store.get(Partnership, int(option.id)) if option else None

    def action_switch_partnership(self) -> None:
        target = self.highlighted_partnership()
        if target is None:
            self.notify("Highlight a partnership in the list first.", severity="warning")
            return
        if self.partnership is not None and target.id == self.partnership.id:
            notify_literal(self, f"Your partnership with {target.partner_name} is already the current one.")
            return
        unsaved = self.changed_fields(PARTNERSHIP_FIELDS + CADENCE_FIELDS)
        if unsaved and self.partnership is not None:
            self.app.push_screen(
                ConfirmDialog(
                    markup(
                        "Switch to $target? Your unsaved changes to the partnership with $current will be discarded.",
                        target=printable(target.partner_name, one_line=True),
                        current=printable(self.partnership.partner_name, one_line=True),
                    ),
                    yes="Switch",
                    no="Stay",
                ),
                lambda yes: self.switch_to(target) if yes else None,
            )
            return
        self.switch_to(target)

    def switch_to(self, target: Partnership) -> None:
        store = self.app.store

        def switched(partnership: Partnership) -> None:
            self.checking.clear()
            for row in self.query(FormRow):
                row.show_error(None)
            self.app.refresh_screens()  # refreshes this screen, too
            self.update_subtitle()
            notify_literal(self, f"Now showing your partnership with {partnership.partner_name}.")

        self.app.save_in_background(lambda: core.switch_partnership(store, target.id), switched, what="the switch")

    @on(OptionList.OptionSelected, "#partnership-list")
    def partnership_chosen(self) -> None:
        self.action_switch_partnership()

    def action_add_partnership(self) -> None:
        if core.profile(self.app.store) is None:
            return
        self.app.push_screen(PartnershipDialog(), self.partnership_added)

    def partnership_added(self, result: tuple[Partnership, bool] | None) -> None:
        if result is None:
            return
        partnership, make_current = result
        store, now = self.app.store, clock.now()

        def added(stored: Partnership) -> None:
            if make_current:
                self.app.refresh_screens()
                self.update_subtitle()
                notify_literal(self, f"Added your partnership with {stored.partner_name}; it is the current one now.")
            else:
                self.render_partnerships()
                options = self.query_one("#partnership-list", OptionList)
                options.highlighted = options.option_count - 1
                notify_literal(self, f"Added your partnership with {stored.partner_name}. Ctrl+O switches to it.")

        self.app.save_in_background(
            lambda: core.add_partnership(store, partnership, now, make_current=make_current),
            added,
            what="the new partnership",
        )

    # the theme -----------------------------------------------------------------------

    @on(Select.Changed, "#theme")
    def theme_chosen(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.app.theme:
            self.app.theme = str(event.value)  # the app remembers it

    def theme_changed(self, _theme: Any) -> None:
        """The theme changed elsewhere (the command palette): show it here."""
        select = self.query_one("#theme", Select)
        if select.value != self.app.theme:
            select.value = self.app.theme

    # events --------------------------------------------------------------------------

    @on(Input.Changed)
    @on(Select.Changed)
    def field_changed(self, event: Input.Changed | Select.Changed) -> None:
        field = event.control.id
        if field in CADENCE_FIELDS:
            self.update_cadence_preview()
        elif field in PROFILE_FIELDS + PARTNERSHIP_FIELDS:
            if "form" in self.checking:
                self.show_problems(self.form_problems(), PROFILE_FIELDS + PARTNERSHIP_FIELDS)
            self.update_save_state()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "session_minutes":
            self.action_save()
        elif event.input.id == "at":
            self.action_change_cadence()
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#change-cadence")
    def change_pressed(self) -> None:
        self.action_change_cadence()

    @on(Button.Pressed, "#switch")
    def switch_pressed(self) -> None:
        self.action_switch_partnership()

    @on(Button.Pressed, "#add-partnership")
    def add_pressed(self) -> None:
        self.action_add_partnership()

    def action_back(self) -> None:
        unsaved = self.changed_fields(PROFILE_FIELDS + PARTNERSHIP_FIELDS)
        if not unsaved:
            self.app.show_dashboard()
            return
        self.app.push_screen(
            ConfirmDialog(
                "Leave without saving your changes to the profile and partnership?", yes="Discard", no="Keep editing"
            ),
            lambda discard: self.app.show_dashboard() if discard else None,
        )


class PartnershipDialog(FormDialog[tuple[Partnership, bool] | None]):
    """Another partnership: the partner part of the first-run questions."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="PartnershipDialog")
        + """
    PartnershipDialog > Vertical { max-width: 84; height: 90%; }
    PartnershipDialog VerticalScroll { height: 1fr; }
    PartnershipDialog FormRow .form-label { width: 18; }
    PartnershipDialog FormRow .form-hint, PartnershipDialog FormRow .field-error { padding-left: 18; }
    PartnershipDialog #new-preview { color: $text-success; height: auto; margin: 0 0 1 0; }
    PartnershipDialog Checkbox { margin-left: 17; }
    PartnershipDialog FormRow { margin: 0; }
    PartnershipDialog FormRow.-invalid { margin: 0 0 1 0; }
    """
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="partnership_dialog_cancel"),
        Binding("ctrl+s", "save", "Add", id="partnership_dialog_save"),
    ]
    DISCARD_QUESTION = "Discard this new partnership?"
    TEXT_FIELDS = ("partner_name", "at", "session_minutes", "start_date")
    CHOICE_FIELDS = ("stance", "focus_role", "frequency", "weekday")

    def compose(self) -> ComposeResult:
        form = OnboardingForm()
        with Vertical() as box:
            box.border_title = "Add a partnership"
            with VerticalScroll():
                yield FormRow(
                    "Partner's name",
                    Input(id="partner_name", placeholder="e.g. Jo", compact=True),
                    field="partner_name",
                )
                yield FormRow(
                    "You are the",
                    Select(STANCE_OPTIONS, id="stance", prompt="Choose mentor or mentee", compact=True),
                    field="stance",
                )
                yield FormRow(
                    "Focus role",
                    Select(FOCUS_OPTIONS, id="focus_role", prompt="The mentee's role", compact=True),
                    field="focus_role",
                    hint="The mentee's role picks the prompt bank.",
                )
                yield FormRow(
                    "Meet",
                    Select(FREQUENCY_OPTIONS, id="frequency", value=form.frequency, allow_blank=False, compact=True),
                    field="frequency",
                )
                yield FormRow(
                    "On", Select(WEEKDAY_OPTIONS, id="weekday", prompt="Choose a day", compact=True), field="weekday"
                )
                yield FormRow("At", Input(form.at, id="at", placeholder="18:00, 9:30, 6pm", compact=True), field="at")
                yield FormRow(
                    "Session length",
                    Input(form.session_minutes, id="session_minutes", placeholder="minutes", compact=True),
                    field="session_minutes",
                    hint="Minutes, 15 to 240.",
                )
                yield FormRow(
                    "Starting",
                    Input(form.start_date, id="start_date", placeholder="today, next tue, 12 Dec", compact=True),
                    field="start_date",
                    hint="2026-12-01, 12 Dec, tomorrow, friday, in 2 weeks.",
                )
                yield Static("", id="new-preview")
                yield Checkbox("Switch to it now", value=True, id="make-current", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Add", id="save", variant="primary")

    def on_mount(self) -> None:
        self.initial = self.read_form()
        self.query_one("#partner_name", Input).focus()

    def read_form(self) -> OnboardingForm:
        return OnboardingForm(**{f: read_value(self, f) for f in self.TEXT_FIELDS + self.CHOICE_FIELDS})

    def build(self) -> Partnership:
        return core.build_partnership(self.app.store, self.read_form(), clock.today())

    checking = False  # after a refused "Add", every field is checked as you type

    @on(Input.Changed)
    @on(Select.Changed)
    def changed(self) -> None:
        preview = self.query_one("#new-preview", Static)
        try:
            partnership = self.build()
            problems: dict[str, str] = {}
        except ValidationError as error:
            partnership, problems = None, error.problems
        if self.checking:
            self.show_problems(problems)
        if partnership is None:
            preview.update("")
            return
        preview.update(first_session_preview(partnership))

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "start_date":
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            partnership = self.build()
        except ValidationError as error:
            self.checking = True
            self.show_problems(error.problems)
            self.focus_first_problem(error.problems)
            return
        self.dismiss((partnership, self.query_one("#make-current", Checkbox).value))
