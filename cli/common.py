"""What every command shares: the global options, JSON output, and errors rendered at the edge.

Imports here stay light (typer, rich, the error module) so `mcc --help` and `mcc rules list` start fast
and never load LangGraph.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperGroup

from warehouse.errors import MccError


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
        obj = Globals(db=Path(os.environ.get("MCC_DB") or "mcc.duckdb"))
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
    """Return a value as text rich prints as typed: never read as markup, emoji codes or highlights.

    Names, descriptions, comments, warehouse values and error messages (which quote input) are not ours:
    a `[/]` in them would crash a markup string and `[bold]` would restyle it.

    >>> plain("users [at risk]").plain, plain(None).plain
    ('users [at risk]', '')
    """
    return Text("" if value is None else str(value))


def render_error(exc: MccError, *, as_json: bool) -> None:
    """Print an error as one line on stderr (and as the JSON object on stdout with --json)."""
    if as_json:
        print_json(exc.to_dict())
    # the message quotes what the person typed: it follows our label as plain text
    err_console.print(Text.assemble(("error:", "bold red"), " ", plain(exc)), soft_wrap=True)


class MccGroup(TyperGroup):
    """Root group: turns any MccError from any subcommand into one line and exit code 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MccError as exc:
            obj = ctx.find_root().obj
            render_error(exc, as_json=isinstance(obj, Globals) and obj.json)
            raise typer.Exit(1) from None
