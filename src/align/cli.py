"""The ``align`` command line: a thin typer layer over the library API.

Each command lives in its own module under :mod:`align.commands` and registers itself
on :data:`app`; this module only builds the app and maps errors to exit codes. Heavy
libraries (torch, transformers, datasets) are imported inside commands, never here.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import signal
import sys
import traceback
from typing import Annotated

import typer
from typer.core import TyperGroup

from align import __version__
from align.errors import AlignError

EPILOG = (
    "Exit codes: 0 success; 1 runtime failure (for `align check`: violations found); "
    "2 bad command or input; 3 runtime failure in `align check`. "
    "Set ALIGN_DEBUG=1 to see tracebacks."
)

def _report(exc: AlignError) -> None:
    typer.echo(f"align: error: {exc}", err=True)
    if os.environ.get("ALIGN_DEBUG"):
        traceback.print_exc()


class AlignGroup(TyperGroup):
    """Turns an :class:`AlignError` from any command into one stderr line and its exit code.

    Doing it here (not only in :func:`main`) gives ``CliRunner`` tests and ``python -m
    align`` the same exit codes as the installed console script.
    """

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except AlignError as exc:
            _report(exc)
            raise typer.Exit(code=exc.exit_code) from None


app = typer.Typer(
    name="align",
    cls=AlignGroup,
    help="Translation and cross-lingual alignment toolkit: clean, segment, align, check "
    "glossary terms, translate, score and publish parallel text.",
    epilog=EPILOG,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

# Order of commands in `align --help`; modules not listed here follow alphabetically.
COMMAND_ORDER = (
    "clean", "segment", "detect", "convert", "pair", "corpus", "eval", "glossary", "check",
    "translate", "score", "publish",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"align {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True,
                     help="Print the version and exit."),
    ] = False,
) -> None:
    """Translation and cross-lingual alignment toolkit."""


def _register_commands() -> None:
    import align.commands as pkg

    names = [m.name for m in pkgutil.iter_modules(pkg.__path__) if not m.name.startswith("_")]
    rank = {n: i for i, n in enumerate(COMMAND_ORDER)}
    for name in sorted(names, key=lambda n: (rank.get(n, len(rank)), n)):
        module = importlib.import_module(f"align.commands.{name}")
        module.register(app)


_register_commands()


def main() -> None:
    """Console-script entry point: run the app, print known errors as one line."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `align ... | head` exits quietly
    try:
        app(standalone_mode=True)
    except AlignError as exc:  # raised outside a command (e.g. while registering)
        _report(exc)
        sys.exit(exc.exit_code)
