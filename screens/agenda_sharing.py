"""The agenda screen's ways of sending the agenda out: copied or saved as Markdown, and the
share file for the partner (screens/share_dialog.py, docs/share-format.md)."""

from __future__ import annotations

from pathlib import Path

from companion import agenda_text
from companion.terminal_text import printable
from screens.dialogs import ConfirmDialog, TextDialog
from screens.text import markup, notify_literal


class AgendaSharing:
    """Mixed into `AgendaScreen`: uses its `prepared`, `agenda` and `total_minutes`."""

    def markdown(self) -> str:
        session, partnership = self.prepared.session, self.prepared.partnership
        return agenda_text.to_markdown(self.agenda, partnership.partner_name, session.scheduled_at, self.total_minutes)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.markdown())
        private = sum(1 for i in self.agenda.items if i.private)
        left_out = f" ({private} private item{'s' * (private != 1)} left out)" if private else ""
        self.notify(f"Agenda copied to the clipboard as Markdown{left_out}.")

    def action_write_file(self) -> None:
        session = self.prepared.session
        name = f"agenda-{self.prepared.partnership.partner_name.lower().replace(' ', '-')}-{session.scheduled_at:%Y-%m-%d}.md"
        default = printable(str(Path.home() / name), one_line=True)

        def check(text: str) -> str | None:
            path = Path(text).expanduser()
            if not text.strip():
                return "Type where to save the file."
            if path.is_dir():
                return f"{path} is a folder; add a file name."
            if not path.parent.is_dir():
                return f"The folder {path.parent} does not exist."
            return None

        def write(text: str | None) -> None:
            if text is None:
                return
            path = Path(text).expanduser()
            if path.exists():
                self.app.push_screen(
                    ConfirmDialog(markup("$path exists. Replace it?", path=path), yes="Replace", no="Cancel"),
                    lambda yes: self.write_markdown(path) if yes else None,
                )
            else:
                self.write_markdown(path)

        self.app.push_screen(TextDialog("Save the agenda as Markdown", default, check=check), write)

    def write_markdown(self, path: Path) -> None:
        text = self.markdown()

        def save() -> Path:
            path.write_text(text, encoding="utf-8")
            return path

        self.app.save_in_background(save, lambda p: notify_literal(self, f"Saved to {p}"), what=f"the file {path}")

    def action_share(self) -> None:
        from screens.share_dialog import ShareDialog

        self.app.push_screen(ShareDialog(self.prepared.partnership))
