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
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from align import __version__
from align.errors import AlignError

try:  # typer >= 0.20 ships its own copy of click
    from typer._click.exceptions import NoArgsIsHelpError
    from typer._click.exceptions import UsageError as ClickUsageError
except ImportError:  # pragma: no cover - older typer on the real click
    from click.exceptions import NoArgsIsHelpError  # type: ignore[no-redef,assignment]
    from click.exceptions import UsageError as ClickUsageError  # type: ignore[no-redef,assignment]

EPILOG = (
    "Exit codes: 0 success; 1 runtime failure (for `align check`: violations found); "
    "2 bad command or input; 3 runtime failure in `align check`; 130/143 interrupted "
    "(SIGINT/SIGTERM). Set ALIGN_DEBUG=1 to see tracebacks."
)

#: Exit code of a runtime failure, per command (1 when not listed). ``align check`` uses
#: 1 for "violations found", so its runtime failures, OS errors included, exit 3.
RUNTIME_FAILURE_CODES: dict[str, int] = {"check": 3}


def _fail(message: str, code: int, exc: BaseException) -> NoReturn:
    """One ``align: error:`` line on stderr (the traceback too with ALIGN_DEBUG), then exit."""
    typer.echo(f"align: error: {message}", err=True)
    if os.environ.get("ALIGN_DEBUG"):
        traceback.print_exception(exc)
    raise typer.Exit(code=code) from None


def _command_path(ctx: Any) -> str:
    names = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(["align", *reversed(names)])


def _usage_error(exc: ClickUsageError) -> NoReturn:
    """click's usage error as one line (typer would draw a five-line boxed panel)."""
    path = _command_path(exc.ctx)
    message = " ".join(exc.format_message().split()).rstrip(".")
    where = path.removeprefix("align ") if path != "align" else ""
    _fail(f"{where + ': ' if where else ''}{message}; see '{path} --help'", exc.exit_code, exc)


class AlignGroup(TyperGroup):
    """The one error boundary: every failure of every command becomes one stderr line.

    * :class:`AlignError`: its message; exit 2 for usage and input errors, else the
      command's runtime code (1; 3 for ``check``, see :data:`RUNTIME_FAILURE_CODES`);
    * OS, network and memory errors: a line from :data:`align.errors.FOREIGN_ERRORS`,
      with the runtime code;
    * click's usage errors: one line, exit 2;
    * SIGTERM, SIGINT, SIGHUP (:mod:`align.shutdown`): temporaries removed, child
      processes stopped, exit 128 + the signal number.

    Anything else is a bug and keeps its traceback. Doing this here (not only in
    :func:`main`) gives ``CliRunner`` tests and ``python -m align`` the same behaviour as
    the installed console script.
    """

    def make_context(self, info_name, args, parent=None, **extra):  # type: ignore[no-untyped-def]
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except NoArgsIsHelpError:
            raise
        except ClickUsageError as exc:
            _usage_error(exc)

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        from align import shutdown
        from align.errors import UsageError, describe_foreign

        with shutdown.handling_signals():
            try:
                return super().invoke(ctx)
            except shutdown.Interrupted as exc:
                _fail(str(exc), exc.exit_code, exc)
            except NoArgsIsHelpError:
                raise
            except ClickUsageError as exc:
                _usage_error(exc)
            except AlignError as exc:
                code = exc.exit_code if isinstance(exc, UsageError) else _runtime_code(ctx)
                _fail(str(exc), code, exc)
            except (Exception, MemoryError) as exc:
                message = describe_foreign(exc)
                if message is None:
                    raise  # a bug: keep the traceback
                _fail(message, _runtime_code(ctx), exc)


def _runtime_code(ctx: Any) -> int:
    return RUNTIME_FAILURE_CODES.get(ctx.invoked_subcommand or "", 1)


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
    max_input_size: Annotated[
        str | None,
        typer.Option("--max-input-size", envvar="ALIGN_MAX_INPUT_SIZE", metavar="SIZE",
                     help="Largest file a command reads whole into memory (default 100M; "
                          "e.g. 500M, 2G). Commands that stream (segment, score) have no limit."),
    ] = None,
) -> None:
    """Translation and cross-lingual alignment toolkit."""
    from align.errors import ConfigError, InputError
    from align.io import parse_size, set_max_input_size

    # Set on every run (None restores the default), so one in-process run never leaks
    # its limit into the next.
    try:
        set_max_input_size(parse_size(max_input_size) if max_input_size else None)
    except InputError as exc:
        raise ConfigError(f"--max-input-size: {exc}") from None


def _register_commands() -> None:
    import align.commands as pkg

    names = [m.name for m in pkgutil.iter_modules(pkg.__path__) if not m.name.startswith("_")]
    rank = {n: i for i, n in enumerate(COMMAND_ORDER)}
    for name in sorted(names, key=lambda n: (rank.get(n, len(rank)), n)):
        module = importlib.import_module(f"align.commands.{name}")
        module.register(app)


_register_commands()


def _library_warnings_to_stderr() -> None:
    """The library's warnings (``align.*`` loggers; it logs nothing above WARNING, errors
    are raised) print like the commands' own messages: ``warning: ...`` on stderr, one
    line, silenced by ``--quiet``."""
    import logging

    logger = logging.getLogger("align")
    if not any(getattr(h, "_align_cli", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("warning: %(message)s"))
        handler._align_cli = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.WARNING)


def main() -> None:
    """Console-script entry point: run the app, print known errors as one line."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `align ... | head` exits quietly
    _library_warnings_to_stderr()
    try:
        app(standalone_mode=True)
    except AlignError as exc:  # raised outside a command (e.g. while registering)
        typer.echo(f"align: error: {exc}", err=True)
        sys.exit(exc.exit_code)
