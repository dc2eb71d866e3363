"""The benchmark harness still runs: `make bench` is not part of the suite, so a Textual
upgrade that broke how the typing benchmark times frames would otherwise go unnoticed."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.demo import write_dataset
from tests.benchmarks.bench_typing import bench_typing
from tests.benchmarks.datasets import NOW

# These read what is drawn: every frame is drawn, as in a terminal (tests/textual_speed.py).
pytestmark = pytest.mark.paints


def test_typing_benchmark_times_keys_while_drafts_are_saved(tmp_path: Path) -> None:
    folder = tmp_path / "small"
    write_dataset(folder, sessions=30, seed=7, now=NOW)

    median, slowest, control, control_slowest = bench_typing({"10000": folder}, repeat=1)

    assert "saves)" in median.name and "(0 saves)" not in median.name
    for result in (median, slowest, control, control_slowest):
        assert 0 < result.ours_ms < 10_000 and 0 < result.baseline_ms < 10_000
    assert median.budget == slowest.budget == 1.5
