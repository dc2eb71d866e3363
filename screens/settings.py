"""Settings: the profile, the current partnership and its cadence, other partnerships,
the theme, and where the data and its backups live."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Header, Input, OptionList, Select, Static

from companion import clock
from companion import partnerships as core
from companion.dates import format_date
from companion.errors import ValidationError
from companion.models import Partnership, Profile
from companion.terminal_text import printable
from screens.agreement_section import AgreementSection
from screens.base import CompanionScreen
from screens.cadence_section import CadenceSection
from screens.dialogs import ConfirmDialog
from screens.footer import CompanionFooter
from screens.partnership_dialog import PartnershipDialog
from screens.settings_data import DataSection
from screens.settings_form import (
    CADENCE_FIELDS,
    PARTNERSHIP_FIELDS,
    PROFILE_FIELDS,
    cadence_form,
    focus_first_problem,
    partnership_form,
    partnership_list_rows,
    partnership_option,
    partnership_rows,
    profile_rows,
    read_value,
    set_value,
    show_problems,
    theme_rows,
)
from screens.text import markup, notify_literal, rich_literal
from screens.widgets import FormRow
from screens.your_data_section import YourDataSection


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
            "ctrl+t", "add_partnership", "Add partner", id="settings_add_partnership", tooltip="Add another partnership"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.partnership: Partnership | None = None
        self.loaded: dict[str, str] = {}  # each field as last read from the data file
        # After a refused save, the profile and partnership are checked again as you type.
        self.checking = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="settings"):
            yield from profile_rows()
            yield from partnership_rows()
            yield CadenceSection()
            yield AgreementSection()
            yield from partnership_list_rows()
            yield from theme_rows(sorted(self.app.available_themes), self.app.theme)
            yield YourDataSection()
            yield Static("Data", classes="form-section")
            yield DataSection()
        yield CompanionFooter()

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
            values = {**partnership_form(partnership), **cadence_form(partnership, clock.today())}
            self.load_values(values, force=switched)
        self.render_partnership_title()
        self.query_one(CadenceSection).show(partnership)
        self.query_one(AgreementSection).show(partnership)
        self.render_partnerships()
        self.query_one(DataSection).show(store)
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
        partner = self.partnership.partner_name if self.partnership else "none yet"
        title = Text.assemble("Current partnership: ", rich_literal(partner, "not bold", one_line=True))
        self.query_one("#partnership-title", Static).update(title)

    def render_partnerships(self) -> None:
        options = self.query_one("#partnership-list", OptionList)
        keep = options.highlighted_option.id if options.highlighted_option else None
        current = self.partnership.id if self.partnership else None
        items = [partnership_option(p, p.id == current) for p in core.list_partnerships(self.app.store)]
        options.set_options(items)
        ids = [o.id for o in items]
        target = keep if keep in ids else (str(current) if str(current) in ids else None)
        if target is not None:
            options.highlighted = ids.index(target)

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

    def update_save_state(self) -> None:
        pending = self.changed_fields(PROFILE_FIELDS + PARTNERSHIP_FIELDS)
        state = self.query_one("#save-state", Static)
        text = "Unsaved changes" if pending else ""
        if str(state.content) != text:  # an update lays the whole screen out again
            state.update(text)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        problems = self.form_problems()
        fields = PROFILE_FIELDS + PARTNERSHIP_FIELDS
        show_problems(self, problems, fields)
        if problems:
            self.checking = True
            focus_first_problem(self, problems)
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
                core.update_profile_and_partnership(
                    store,
                    profile_fields={f: values[f] for f in PROFILE_FIELDS} if profile_changed else None,
                    partnership_id=partnership_id,
                    partnership_fields={f: values[f] for f in PARTNERSHIP_FIELDS} if partnership_changed else None,
                )
            except ValidationError as error:
                return error.problems
            return None

        def saved(problems: dict[str, str] | None) -> None:
            button.disabled = False
            if problems:
                show_problems(self, problems, fields)
                focus_first_problem(self, problems)
                self.notify("Not saved; see the message in red.", severity="warning")
                return
            self.checking = False
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
        return {"name": me.name, "role": me.role, **(partnership_form(partnership) if partnership else {})}

    def update_subtitle(self) -> None:
        partnership = core.current_partnership(self.app.store)
        if partnership is not None:
            self.app.show_partner(partnership.partner_name)

    # the cadence (see screens/cadence_section.py) --------------------------------------

    def action_change_cadence(self) -> None:
        self.query_one(CadenceSection).change()

    @on(CadenceSection.Changed)
    def cadence_changed(self, event: CadenceSection.Changed) -> None:
        change = event.change
        self.load_values(cadence_form(change.partnership, clock.today()), force=True, fields=CADENCE_FIELDS)
        self.app.refresh_screens()
        self.notify(
            f"From {format_date(change.cadence.since, year=False)}: {change.cadence.describe()}.",
            title="Cadence changed",
        )

    # partnerships ----------------------------------------------------------------------

    def highlighted_partnership(self) -> Partnership | None:
        option = self.query_one("#partnership-list", OptionList).highlighted_option
        return self.app.store.get(Partnership, int(option.id)) if option else None

    @on(Button.Pressed, "#switch")
    def action_switch_partnership(self) -> None:
        target = self.highlighted_partnership()
        if target is None:
            self.notify("Highlight a partnership in the list first.", severity="warning")
            return
        if self.partnership is not None and target.id == self.partnership.id:
            notify_literal(self, f"Your partnership with {target.partner_name} is already the current one.")
            return
        if target.id is not None:
            self.app.partner_switch.switch(target.id)  # asks first through before_partner_switch

    def before_partner_switch(self, target: Partnership, proceed: Callable[[], None]) -> None:
        """The form shows the current partnership: unsaved changes to it would give way to
        the next one's, so ask first (`9`, the palette and Ctrl+O all come here)."""
        unsaved = self.changed_fields(PARTNERSHIP_FIELDS + CADENCE_FIELDS)
        if not unsaved or self.partnership is None:
            proceed()
            return
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
            lambda yes: proceed() if yes else None,
        )

    def partner_switched(self) -> None:
        self.checking = self.query_one(CadenceSection).checking = False
        for row in self.query(FormRow):
            row.show_error(None)
        self.refresh_data()

    @on(OptionList.OptionSelected, "#partnership-list")
    def partnership_chosen(self) -> None:
        self.action_switch_partnership()

    @on(Button.Pressed, "#add-partnership")
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
        if event.control.id in PROFILE_FIELDS + PARTNERSHIP_FIELDS:  # the cadence section has its own
            if self.checking:
                show_problems(self, self.form_problems(), PROFILE_FIELDS + PARTNERSHIP_FIELDS)
            self.update_save_state()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "session_minutes":
            self.action_save()
        elif event.input.id == "at":
            self.action_change_cadence()
        else:
            self.focus_next()

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
