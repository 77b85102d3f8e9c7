"""`mcc collect load FILE` and `mcc collect serve`: RudderStack payloads into the raw layer."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from cli.common import console, globals_of, json_option, plain, print_json
from warehouse.connection import connect

if TYPE_CHECKING:  # the loader pulls in numpy and sqlglot: imported when a collect command runs
    from warehouse.collect.loader import LoadReport


def _print_report(report: LoadReport) -> None:
    table = Table(title=plain(f"collect load {report.source}"))
    table.add_column("outcome")
    table.add_column("messages", justify="right")
    for outcome in ("loaded", "quarantined", "duplicates"):
        table.add_row(outcome, str(getattr(report, outcome)))
    table.add_row("input", str(report.input), style="bold")
    console.print(table)
    if report.quarantined:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(report.by_violation.items()))
        console.print(plain(f"{report.quarantined} messages quarantined ({kinds}); see why with "
                            f"`mcc collect quarantine --source {report.source}`"))


def register(app: typer.Typer) -> None:
    collect = typer.Typer(help="Collect RudderStack payloads into the raw layer.", no_args_is_help=True)
    app.add_typer(collect, name="collect")

    @collect.command("load")
    def load(
        ctx: typer.Context,
        file: Path = typer.Argument(
            ..., help="JSON lines, a JSON array or /v1/batch bodies; gzip-compressed too (read as it streams)."
        ),
        strict: bool = typer.Option(False, "--strict", help="Load nothing and exit 1 if any message is refused."),
        source: str | None = typer.Option(None, "--source", help="Source name recorded in the quarantine (default: file name)."),
        json_out: bool = json_option(),
    ) -> None:
        """Load a file of RudderStack payloads; bad messages are quarantined, duplicates skipped."""
        from warehouse.collect.loader import load_file

        con = connect(globals_of(ctx).db, must_exist=False)
        try:
            with nullcontext() if json_out else console.status(plain(f"loading {file}")):
                report = load_file(con, file, source=source, strict=strict)
        finally:
            con.close()
        if json_out:
            print_json(report)
        else:
            _print_report(report)

    @collect.command("quarantine")
    def quarantine(
        ctx: typer.Context,
        source: str | None = typer.Option(
            None, "--source",
            help="Only messages from this source: the name `collect load` recorded (the file's name, e.g. day1.jsonl, "
            "not its path), or its --source.",
        ),
        limit: int = typer.Option(20, "--limit", min=1, max=10000, help="At most this many, newest first."),
        json_out: bool = json_option(),
    ) -> None:
        """Show the messages the loader refused, newest first: where they came from and why."""
        from warehouse.collect.quarantine import QUARANTINE_SHOWN, quarantine_sources, recent_quarantine

        con = connect(globals_of(ctx).db, read_only=True)
        try:
            refused = recent_quarantine(con, source=source, limit=limit)
            # a source with nothing refused: name the ones that have some (a path typed for a file name, say)
            others = quarantine_sources(con) if source is not None and not refused else []
        finally:
            con.close()
        if json_out:
            print_json({"messages": refused})
            return
        if not refused:
            known = f"; sources with quarantined messages: {', '.join(others)}" if others else ""
            console.print(plain("No quarantined messages" + (f" from {source}" if source else "") + known + "."))
            return
        table = Table(title="quarantined messages, newest first")
        for column in QUARANTINE_SHOWN:
            table.add_column(column.replace("_", " "))
        for row in refused:  # messages quote what clients sent: printed as typed
            table.add_row(*(plain(row[c]) for c in QUARANTINE_SHOWN))
        console.print(table)

    @collect.command("serve")
    def serve(
        ctx: typer.Context,
        port: int = typer.Option(8080, "--port", min=0, max=65535, help="Port to listen on (0: any free one)."),
        write_key: str = typer.Option(..., "--write-key", help="The write key clients send as Basic auth user."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to bind."),
    ) -> None:
        """Accept RudderStack HTTP API calls (/v1/batch, /v1/track, ...) and load them as they arrive."""
        from warehouse.collect.server import serve_forever

        # a logged line holds the request path a client sent: printed as typed
        serve_forever(globals_of(ctx).db, host=host, port=port, write_key=write_key,
                      echo=lambda line: console.print(plain(line)))
