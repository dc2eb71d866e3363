"""`companion completion SHELL`: a script generated from the command-line parser."""

from __future__ import annotations

import argparse
import shutil
import subprocess

import pytest

from companion.cli import build_parser
from tests.conftest import run_cli


def subcommands() -> list[str]:
    (commands,) = (a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return list(commands.choices)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_a_script_that_knows_every_subcommand(shell):
    result = run_cli("completion", shell)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    for command in subcommands():
        assert command in result.stdout, command
    assert "data" in result.stdout and "json" in result.stdout  # options too (fish writes `-l json`)


def test_the_bash_script_is_valid_and_completes_commands_and_shells(tmp_path):
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    script = tmp_path / "companion.bash"
    script.write_text(run_cli("completion", "bash").stdout)
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0
    probe = (
        f"source {script}\n"
        'COMP_WORDS=(companion sta); COMP_CWORD=1; _shtab_companion; echo "${COMPREPLY[@]}"\n'
        'COMP_WORDS=(companion completion ""); COMP_CWORD=2; _shtab_companion; echo "${COMPREPLY[@]}"\n'
    )
    shown = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=30)
    assert shown.stdout.splitlines() == ["status", "bash zsh fish"], shown.stderr


@pytest.mark.parametrize("args", [["completion", "tcsh"], ["completion"]])
def test_an_unknown_or_missing_shell_is_one_line_of_usage(args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "usage: companion completion bash|zsh|fish\n"


def test_help_lists_the_completion_command():
    result = run_cli("--help")
    assert "completion" in result.stdout
    assert "shell completion script" in result.stdout
