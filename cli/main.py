"""The `mcc` command line. Each area registers its commands from its own module; heavy packages
(LangGraph, OpenAI) are imported inside the commands that need them."""

from __future__ import annotations

import importlib
from pathlib import Path

from cli.startup import quiet_ctrl_c_while_loading

with quiet_ctrl_c_while_loading():  # typer, rich and every command module: the slow part of startup
    import typer

    from cli.common import Globals, MccGroup
    from warehouse.connection import default_db_path

app = typer.Typer(
    cls=MccGroup,
    help="Command Center: warehouse-native orchestration for lifecycle marketing.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    db: Path = typer.Option(
        None, "--db", help="Warehouse file (DuckDB). Default: $MCC_DB or ./mcc.duckdb.", show_default=False
    ),
) -> None:
    """Command Center (mcc)."""
    ctx.obj = Globals(db=db or default_db_path())


# Each module defines `register(app)`; a module missing while its area is being built is skipped.
COMMAND_MODULES = [
    "cli.warehouse_cmds",
    "cli.collect_cmds",
    "cli.rules_cmds",
    "cli.execute_cmds",
    "cli.agent_cmds",
    "cli.eval_cmds",
]


def register_commands(target: typer.Typer) -> None:
    """Import each area's command module and let it register its commands (a module not yet written is skipped)."""
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(target)


with quiet_ctrl_c_while_loading():
    register_commands(app)


def main() -> None:
    app()
