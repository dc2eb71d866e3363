"""Crash and concurrency safety of the data file, with real processes (docs/storage.md).

- A writer killed with SIGKILL at a random instant leaves a file that parses, holding every
  note whose write was confirmed.
- Two processes writing at the same time lose nothing.
- Every command refuses a file it cannot read, with a message naming it, and leaves it alone.
"""

from __future__ import annotations

import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from companion import health
from companion.store import Store

from .conftest import FROZEN_NOW, REPO, read_tables, run_cli
from .depth import DEEP

# A long-lived writer: opens the store, says "ready", then adds notes and prints
# "ok <text>" for each one only after `add_note` returned (the write is then on disk).
WRITER = r"""
import sys
from pathlib import Path

from companion import clock
from companion.notes import add_note
from companion.store import Store

folder, prefix, count, wait = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "wait"
store = Store(Path(folder)).open()
print("ready", flush=True)
if wait:
    sys.stdin.readline()
for i in range(count):
    text = f"{prefix}-{i}"
    note, _, _ = add_note(store, text, clock.now())
    print(f"ok {note.id} {text}", flush=True)
"""


def child_env(**changes: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(changes)
    return env


def start_writer(folder: Path, prefix: str, count: int, *, wait: bool = False, now: str = FROZEN_NOW):
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), prefix, str(count), "wait" if wait else "go"],
        stdin=subprocess.PIPE if wait else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(COMPANION_NOW=now),
        cwd=REPO,
    )


def confirmed_lines(out: str) -> list[str]:
    """The `ok` lines a writer printed in full (a line cut by the kill does not count)."""
    complete = out.split("\n")[:-1]
    return [line for line in complete if line.startswith("ok ")]


def notes_on_disk(path: Path) -> list[str]:
    tables, _ = read_tables(path)  # raises DataFileError if the file does not parse
    return [doc["text"] for doc in tables.get("notes", {}).values()]


def check_backups_parse(folder: Path) -> None:
    backups = folder / "backups"
    if backups.is_dir():
        for backup in backups.iterdir():
            if ".tmp-" not in backup.name:
                read_tables(backup)


def temp_files(folder: Path) -> list[Path]:
    found = []
    for where in (folder, folder / "backups"):
        if where.is_dir():
            found += [p for p in where.iterdir() if ".tmp-" in p.name]
    return found


# --- SIGKILL at random instants ------------------------------------------------------------

ROUNDS_IN_PROCESS_LOOP = 40 if DEEP else 24  # a long-lived writer adding notes in a loop
ROUNDS_REAL_CLI = 20 if DEEP else 12  # `python -m companion note …`, one process per round


@pytest.mark.slow
def test_a_writer_killed_at_any_instant_leaves_a_whole_file(onboarded: Store, data_dir: Path) -> None:
    rng = random.Random(20261124)
    path = onboarded.path
    confirmed: set[str] = set()
    unconfirmed_seen: set[str] = set()
    base_day = datetime.fromisoformat(FROZEN_NOW)
    killed_mid_run = 0

    def check_after(round_name: str, texts_this_round: set[str]) -> None:
        on_disk = notes_on_disk(path)
        assert len(on_disk) == len(set(on_disk)), f"{round_name}: a note was stored twice"
        missing = confirmed - set(on_disk)
        assert not missing, f"{round_name}: confirmed notes lost: {sorted(missing)[:5]}"
        # At most the one note in flight when the kill came is on disk unconfirmed.
        extra = (set(on_disk) & texts_this_round) - confirmed
        assert len(extra) <= 1, f"{round_name}: unconfirmed notes on disk: {extra}"
        unconfirmed_seen.update(extra)
        check_backups_parse(data_dir)

    # Long-lived writers, killed 0–150 ms after they start writing. Every third round is a
    # new day, so kills also land during daily backups and their pruning.
    for round_no in range(ROUNDS_IN_PROCESS_LOOP):
        now = (base_day + timedelta(days=round_no // 3)).isoformat()
        prefix = f"n-{round_no}"
        proc = start_writer(data_dir, prefix, 100_000, now=now)
        try:
            ready = proc.stdout.readline()
            assert ready == "ready\n", f"writer did not start: {ready!r} {proc.stderr.read()}"
            # Every other round lets the first note through before the kill window opens, so
            # that a loaded machine, slow to write its first note, still has kills land
            # between writes and not only before them.
            first = proc.stdout.readline() if round_no % 2 else ""
            time.sleep(rng.uniform(0, 0.150))
            proc.send_signal(signal.SIGKILL)
            out, err = proc.communicate(timeout=30)
            out = first + out
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == -signal.SIGKILL, f"writer ended on its own: {err}"
        lines = confirmed_lines(out)
        confirmed.update(line.split(" ", 2)[2] for line in lines)
        check_after(f"round {round_no}", {f"{prefix}-{i}" for i in range(len(lines) + 1)})

    # The real command, one process per round. Starting Python takes most of its run, so the
    # kill lands in a window 0–150 ms wide around the end of a typical run (measured here),
    # where the write is; runs that finish first must have stored their note.
    durations = []
    for i in range(3):
        started = time.perf_counter()
        result = run_cli("--data", str(data_dir), "note", f"calibrate-{i}")
        durations.append(time.perf_counter() - started)
        assert result.returncode == 0, result.stderr
        confirmed.add(f"calibrate-{i}")
    # Kill around the moment a note is written. A machine under load makes a run's length
    # vary, so the aim follows what happens: earlier after a run that finished, a little
    # later after one that was killed.
    aim = max(0.0, statistics.median(durations) - 0.100)
    for round_no in range(ROUNDS_REAL_CLI):
        text = f"cli-{round_no}"
        proc = subprocess.Popen(
            [sys.executable, "-m", "companion", "--data", str(data_dir), "note", text],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
            cwd=REPO,
        )
        try:
            time.sleep(aim + rng.uniform(0, 0.150))
            proc.send_signal(signal.SIGKILL)
            out, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if proc.returncode == 0:
            confirmed.add(text)
            aim *= 0.8
        else:
            assert proc.returncode == -signal.SIGKILL, f"companion note failed: {err}"
            killed_mid_run += 1
            aim += 0.02
        check_after(f"cli round {round_no}", {text})

    # The test only means something if kills landed while notes were being written.
    assert len(confirmed) > ROUNDS_IN_PROCESS_LOOP // 2
    assert killed_mid_run > 0

    # The next open tidies up what the killed writers left, and the file is whole and private.
    Store(data_dir).open()
    assert temp_files(data_dir) == []
    assert set(notes_on_disk(path)) >= confirmed
    assert os.stat(path).st_mode & 0o777 == 0o600
    daily = [p for p in (data_dir / "backups").iterdir() if re.fullmatch(r"companion-[\d-]+\.json", p.name)]
    assert 0 < len(daily) <= 14
    assert health.check(data_dir).problems == []


# --- two writers at once ---------------------------------------------------------------------


@pytest.mark.slow
def test_two_processes_writing_at_once_lose_nothing(onboarded: Store, data_dir: Path) -> None:
    per_writer = 200
    writers = [start_writer(data_dir, name, per_writer, wait=True) for name in ("p0", "p1")]
    try:
        for proc in writers:
            assert proc.stdout.readline() == "ready\n", proc.stderr.read()
        for proc in writers:  # both are past their imports: start them together
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = [proc.communicate(timeout=120) for proc in writers]
    finally:
        for proc in writers:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for proc, (out, err) in zip(writers, results):
        assert proc.returncode == 0, err
        assert len(confirmed_lines(out)) == per_writer

    tables, _ = read_tables(onboarded.path)
    notes = tables["notes"]
    texts = [doc["text"] for doc in notes.values()]
    assert len(notes) == 2 * per_writer
    assert sorted(texts) == sorted(f"p{w}-{i}" for w in (0, 1) for i in range(per_writer))
    printed_ids = [int(line.split(" ")[1]) for out, _ in results for line in confirmed_lines(out)]
    assert len(set(printed_ids)) == len(printed_ids)
    assert sorted(printed_ids) == sorted(int(i) for i in notes)
    for out, _ in results:  # each id printed is the note that process wrote
        for line in confirmed_lines(out):
            _, doc_id, text = line.split(" ", 2)
            assert notes[doc_id]["text"] == text


# --- broken files through the command line -------------------------------------------------

BROKEN_FILES = {
    "broken-json": b'{"notes": {"1": {"text": "half',
    "empty": b"",
    "null": b"null",
    "not-utf8": b'{"notes": {"1": {"text": "caf\xe9"}}}',
    "newer-schema": b'{"meta": {"1": {"schema": 99}}, "notes": {}}',
}
COMMANDS = {
    "note": ["note", "x"],
    "status": ["status"],
    "check": ["check"],
    "app": [],
}


def run_app_entry(*args: str) -> subprocess.CompletedProcess:
    """Plain `companion`: like `run_cli`, but with no terminal to draw on."""
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        env=dict(os.environ),
        cwd=REPO,
    )


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("kind", sorted(BROKEN_FILES))
def test_every_command_refuses_a_broken_file_and_leaves_it_alone(data_dir: Path, kind: str, command: str) -> None:
    data_dir.mkdir(mode=0o700)
    path = data_dir / "companion.json"
    path.write_bytes(BROKEN_FILES[kind])
    os.chmod(path, 0o600)
    before = os.stat(path)
    content = path.read_bytes()

    args = COMMANDS[command]
    result = run_app_entry(*args) if command == "app" else run_cli(*args)

    assert result.returncode == 1, (result.stdout, result.stderr)
    assert str(path.resolve()) in result.stderr
    assert "\x1b[" not in result.stdout  # the app did not start drawing
    after = os.stat(path)
    assert path.read_bytes() == content
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
        before.st_ino,
        before.st_mtime_ns,
        before.st_size,
    )
    assert temp_files(data_dir) == []
    assert not (data_dir / "backups").exists()
