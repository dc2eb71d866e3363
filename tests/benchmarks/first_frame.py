"""Run one app headless until its first frame is on screen, then report and exit.

Usage: python -m tests.benchmarks.first_frame bare|dashboard|progress [DATA_DIR]
Prints the wall-clock time (time.time()) at which the first frame had been drawn, and
leaves at once with os._exit, so tear-down is not counted. The parent subtracts the
moment it started the process: interpreter start-up and imports count, for both apps.

`progress` starts the app with the progress screen pushed on mount in place of the
dashboard (so the dashboard's own work is not counted) and reports the progress screen's
first frame.
"""

from __future__ import annotations

import os
import sys
import time


def first_frame_reached() -> None:
    print(f"{time.time():.6f}", flush=True)
    os._exit(0)


def run_bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Label

    class Bare(App):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Label("Hello")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(first_frame_reached)

    Bare().run(headless=True, size=(100, 30))


def run_screen(data_dir: str, screen_module: str, screen_class: str, *, instead_of_dashboard: bool = False) -> None:
    import importlib
    from pathlib import Path

    from companion.cli import build_app

    app = build_app(Path(data_dir))
    screen_type = getattr(importlib.import_module(screen_module), screen_class)
    original = screen_type.on_mount

    def on_mount(self) -> None:
        original(self)
        self.call_after_refresh(first_frame_reached)

    screen_type.on_mount = on_mount
    if instead_of_dashboard:  # the app's on_mount pushes this screen where the dashboard would be
        app.show_dashboard = lambda: app.push_screen(screen_type())
    app.run(headless=True, size=(100, 30))


if __name__ == "__main__":
    which = sys.argv[1]
    if which == "bare":
        run_bare()
    elif which == "dashboard":
        run_screen(sys.argv[2], "screens.dashboard", "DashboardScreen")
    elif which == "progress":
        run_screen(sys.argv[2], "screens.progress", "ProgressScreen", instead_of_dashboard=True)
    else:
        raise SystemExit(f"unknown target {which}")
