"""What every command shares: the global options, JSON output, and errors rendered at the edge.

Imports here stay light (typer, rich, the error module) so `mcc --help` and `mcc rules list` start fast
and never load LangGraph.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperGroup

from cli.startup import EXIT_INTERRUPTED, INTERRUPTED
from warehouse.connection import default_db_path
from warehouse.errors import InputError, MccError


def _width() -> int | None:
    """Leave terminals to rich; give pipes and files room for the tables (rich assumes 80 columns there)."""
    if os.environ.get("COLUMNS") or sys.stdout.isatty():
        return None
    return 120


console = Console(width=_width())
err_console = Console(stderr=True, width=_width())


@dataclass
class Globals:
    """Options given before the command (`mcc --db PATH rules list`)."""

    db: Path
    json: bool = False


def globals_of(ctx: typer.Context) -> Globals:
    """Return the root's options from any nested command's context."""
    root = ctx.find_root()
    obj = root.obj
    if not isinstance(obj, Globals):  # a command invoked without the root callback (tests of sub-apps)
        obj = Globals(db=default_db_path())
        root.obj = obj
    return obj


def _remember_json(ctx: typer.Context, value: bool) -> bool:
    if value:
        globals_of(ctx).json = True
    return value


def json_option() -> Any:
    """The `--json` flag every data-printing command takes: one JSON object on stdout, errors too."""
    return typer.Option(False, "--json", help="Print one JSON object on stdout.", callback=_remember_json)


def default_actor() -> str:
    """The OS user, the actor when `--as` is not given."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "unknown")


def to_jsonable(obj: Any) -> Any:
    """Convert pydantic models, paths, dates and sets for json.dumps."""
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, Path):
        return str(obj)
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    if isinstance(obj, int | float | str | bool) or obj is None:
        return obj
    return str(obj)


def print_json(obj: Any) -> None:
    """Print exactly one JSON object on stdout."""
    sys.stdout.write(json.dumps(to_jsonable(obj), indent=2, default=str) + "\n")
    sys.stdout.flush()


def plain(value: object) -> Text:
    r"""Return a value as text rich prints as typed: never read as markup, emoji codes or highlights.

    Names, descriptions, comments, warehouse values and error messages (which quote input) are not ours:
    a `[/]` in them would crash a markup string and `[bold]` would restyle it.

    Control characters (a terminal escape: clearing the screen, writing the clipboard) and bidi overrides
    (which reorder what a reviewer reads) are shown escaped, never sent to the terminal.

    >>> plain("users [at risk]").plain, plain(None).plain, plain("a\x1b[2Jb\u202e").plain
    ('users [at risk]', '', 'a\\x1b[2Jb\\u202e')
    """
    return Text("" if value is None else _TERMINAL_UNSAFE.sub(_escaped, str(value)))


# C0 and C1 controls but tab and newline, DEL, and the bidi embeddings, overrides and isolates.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def render_error(exc: MccError, *, as_json: bool) -> None:
    """Print an error as one line on stderr (and as the JSON object on stdout with --json)."""
    if as_json:
        print_json(exc.to_dict())
    # the message quotes what the person typed: it follows our label as plain text
    err_console.print(Text.assemble(("error:", "bold red"), " ", plain(exc)), soft_wrap=True)


# The exit code of a usage error (a missing option, a bad value, an unknown command): typer's usage errors
# are a class of its private vendored click, so they are told apart from its other errors by this code.
USAGE_EXIT_CODE = 2


class Interrupted(MccError):
    """The person pressed Ctrl-C: reported as one line and exit code 130."""


class MccGroup(TyperGroup):
    """Root group: turns any MccError from any subcommand into one line and exit code 1.

    Also, with `--json` anywhere on the line, a usage error (a missing option, a bad value) prints its JSON
    object on stdout before typer's usage box; and Ctrl-C is one line and exit code 130, including the
    RuntimeError DuckDB raises in place of the KeyboardInterrupt when it stops a query.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # remembered before parsing: a usage error comes before the --json callback could run
        ctx.meta["mcc.json_requested"] = "--json" in args
        return super().parse_args(ctx, args)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with _noting_interrupts():
            return super().main(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MccError as exc:
            render_error(exc, as_json=_json_wanted(ctx))
            raise typer.Exit(1) from None
        except typer.TyperException as exc:  # public base of typer's (vendored click's) errors
            if exc.exit_code != USAGE_EXIT_CODE:
                raise
            if _json_wanted(ctx):
                print_json({"error": "UsageError", "message": exc.format_message(), "where": None,
                            "accepted": "see --help"})
            raise
        except BrokenPipeError:  # the reader left (`mcc rules list | head`): stop quietly, as shell tools do
            _silence_stdout()
            raise typer.Exit(1) from None
        except OSError as exc:  # a path the file system refuses (too long, not permitted, a directory): one line
            if _INTERRUPTS:
                raise
            render_error(_os_problem(exc), as_json=_json_wanted(ctx))
            raise typer.Exit(1) from None
        except (KeyboardInterrupt, Exception) as exc:
            if not isinstance(exc, KeyboardInterrupt) and not _INTERRUPTS:
                raise
            render_error(Interrupted(INTERRUPTED), as_json=_json_wanted(ctx))
            raise typer.Exit(EXIT_INTERRUPTED) from None




def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's final flush of what is left does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _os_problem(exc: OSError) -> InputError:
    """Return the error a person reads for what the operating system refused, naming the path it refused."""
    if exc.filename is None:
        return InputError(str(exc), accepted="check the path, its permissions and free space")
    name = str(exc.filename)
    shown = name if len(name) <= 120 else f"{name[:60]}…{name[-40:]} ({len(name)} characters)"
    return InputError(f"{exc.strerror or exc}: {shown}", where="path",
                      accepted="a path the file system can open (names under 255 characters, permissions to read or write)")


def _json_wanted(ctx: Any) -> bool:
    """Return whether the command line asked for --json (its callback ran, or parsing stopped before it)."""
    obj = ctx.find_root().obj
    return (isinstance(obj, Globals) and obj.json) or bool(ctx.meta.get("mcc.json_requested"))


_INTERRUPTS: list[int] = []  # SIGINTs seen by this process's command (DuckDB may swallow the KeyboardInterrupt)


@contextmanager
def _noting_interrupts() -> Iterator[None]:
    """Note each Ctrl-C before Python raises KeyboardInterrupt for it (main thread only; else do nothing)."""
    def note(signum: int, frame: FrameType | None) -> None:
        _INTERRUPTS.append(signum)
        signal.default_int_handler(signum, frame)

    _INTERRUPTS.clear()
    try:
        previous = signal.signal(signal.SIGINT, note)
    except ValueError:  # not the main thread: signals cannot be handled here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
