"""Placeholder removed by the warehouse work: `mcc warehouse ...`, `mcc traits`, `mcc sql`."""

from __future__ import annotations

import typer

from cli.common import globals_of, json_option, print_json
from warehouse.errors import InputError


def register(app: typer.Typer) -> None:
    @app.command("sql")
    def sql(ctx: typer.Context, query: str, json_out: bool = json_option()) -> None:
        """Run one read-only query."""
        g = globals_of(ctx)
        if not query.strip():
            raise InputError("empty query", accepted="one SELECT statement")
        print_json({"db": str(g.db), "query": query}) if json_out else print(g.db, query)
