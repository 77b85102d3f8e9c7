"""`mcc warehouse build|status|ingest|export-events`, `mcc traits USER_ID`, `mcc sql "SELECT ..."`."""

from __future__ import annotations

import importlib.util
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from cli.common import console, globals_of, json_option, plain, print_json
from warehouse.errors import GuardError, InputError
from warehouse.scenarios import DEFAULT_SCENARIOS, SCENARIOS  # names only: a light module

if TYPE_CHECKING:
    import duckdb

SQL_ROW_LIMIT = 200


def _rich_table(title: str, columns: list[str], rows: list[tuple[Any, ...]]) -> Table:
    """Return a table of warehouse values (and query aliases), every cell shown as typed."""
    table = Table(title=plain(title))
    for c in columns:
        table.add_column(plain(c))
    for r in rows:
        table.add_row(*(plain(v) for v in r))
    return table


def _trait_rows(traits: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Return (trait, value, unit) rows: the catalog's unit says what a bare number counts ('score 0-100')."""
    from warehouse.catalog import load_catalog

    units = {spec.name: spec.unit or "" for spec in load_catalog().traits}
    return [(name, "(no value)" if value is None else value, units.get(name, "")) for name, value in traits.items()]


def _build_words(build: dict[str, Any]) -> str:
    """Return how the warehouse was generated in words ("seed 3, 3,000 users, 30 days; scenarios: a, b")."""
    build = {key: value for key, value in build.items() if value not in (None, "")}
    if not build:  # a warehouse filled by `mcc collect` or `warehouse ingest`
        return "not generated (loaded by collection)"
    parts = [f"seed {build['seed']}"] if "seed" in build else []
    for key in ("users", "days"):
        if key in build:
            value = str(build[key])
            parts.append(f"{int(value):,} {key}" if value.isdigit() else f"{value} {key}")
    scenarios = str(build.get("scenarios") or "").replace(",", ", ")
    return ", ".join(parts) + (f"; scenarios: {scenarios}" if scenarios else "")


def _print_summary(summary: dict[str, Any]) -> None:
    window = summary["window"]
    span = (f"{window['start']} → {window['end']}" if window["start"] else
            f"up to {window['end']}" if window["end"] else "no events yet")
    console.print(Text.assemble(("window", "bold"), f" {span}   ", ("build", "bold"), f" {_build_words(summary['build'])}"))
    console.print(_rich_table("tables", ["table", "rows"], [(k, f"{v:,}") for k, v in summary["tables"].items()]))
    for trait, dist in summary["traits"].items():
        console.print(Text.assemble((trait, "bold"), ": ", ", ".join(f"{k} {v:,}" for k, v in dist.items())))
    rows = [(s["scenario_id"], s["kind"], s["dimension"], s["segment"], s["metric"], s["cause"],
             "yes" if s["is_red_herring"] else "") for s in summary["scenarios"]]
    console.print(_rich_table("planted scenarios", ["scenario", "kind", "dimension", "segment", "metric", "cause",
                                                    "red herring"], rows))


def _build(db: Path, users: int, days: int, seed: int, scenarios: list[str], json_out: bool) -> dict[str, Any]:
    from warehouse.build import STEPS, build_warehouse

    if json_out:
        return build_warehouse(db, users=users, days=days, seed=seed, scenarios=scenarios).model_dump(mode="json")
    columns = (SpinnerColumn(), TextColumn("{task.description:<10}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as bars:
        tasks = {s: bars.add_task(s, total=1, start=False) for s in STEPS}
        current: list[str] = []

        def on_step(name: str, index: int, total: int) -> None:
            if current:
                bars.update(tasks[current[-1]], completed=1)
            bars.start_task(tasks[name])
            current.append(name)

        report = build_warehouse(db, users=users, days=days, seed=seed, scenarios=scenarios, progress=on_step)
        bars.update(tasks[current[-1]], completed=1)
    console.print(plain(f"built {db} in {report.total_seconds:.1f} s: {report.raw_events:,} raw events "
                        f"({report.events_per_second:,.0f}/s)"))
    return report.model_dump(mode="json")


def register(app: typer.Typer) -> None:
    wh = typer.Typer(help="Build, inspect and feed the warehouse.", no_args_is_help=True)
    app.add_typer(wh, name="warehouse")

    @wh.command("build")
    def build(
        ctx: typer.Context,
        users: int = typer.Option(20000, "--users", help="Users to generate (1..5,000,000)."),
        days: int = typer.Option(60, "--days", help="Days of data (7..365)."),
        seed: int = typer.Option(7, "--seed", help="Random seed; the same seed gives the same data."),
        scenario: list[str] = typer.Option(
            None, "--scenario",
            help=f"Planted scenario, repeatable: {', '.join(SCENARIOS)} (default: {', '.join(DEFAULT_SCENARIOS)}; "
            "shadow_events is always planted).",
        ),
        force: bool = typer.Option(False, "--force", help="Replace an existing warehouse file."),
        json_out: bool = json_option(),
    ) -> None:
        """Generate a synthetic workout app's raw events, then stitch and model them."""
        from warehouse.build import check_arguments, check_target
        from warehouse.connection import connect
        from warehouse.scenarios import DEFAULT_SCENARIOS, resolve
        from warehouse.summary import describe_warehouse

        db = globals_of(ctx).db
        check_arguments(users, days)
        names = list(scenario) if scenario else list(DEFAULT_SCENARIOS)
        resolve(names)
        if db.exists() and not force:
            raise InputError(f"{db} already exists", where="--db", accepted="--force to replace it, or another --db")
        check_target(db)
        report = _build(db, users, days, seed, names, json_out)
        con = connect(db, read_only=True)
        try:
            summary = describe_warehouse(con)
        finally:
            con.close()
        if json_out:
            print_json({"build": report, "summary": summary})
        else:
            _print_summary(summary)

    @wh.command("status")
    def status(ctx: typer.Context, json_out: bool = json_option()) -> None:
        """Show tables, row counts, trait distributions, planted scenarios and the data window."""
        from warehouse.connection import connect
        from warehouse.summary import describe_warehouse

        con = connect(globals_of(ctx).db, read_only=True)
        try:
            summary = describe_warehouse(con)
        finally:
            con.close()
        print_json(summary) if json_out else _print_summary(summary)

    @wh.command("ingest")
    def ingest(
        ctx: typer.Context,
        file: Path = typer.Argument(..., help="RudderStack payloads: JSON lines or /v1/batch bodies."),
        strict: bool = typer.Option(False, "--strict", help="Load nothing if any message is refused."),
        json_out: bool = json_option(),
    ) -> None:
        """Load a file of events, then refresh identities, canonical tables and traits incrementally."""
        from warehouse.collect.loader import load_file
        from warehouse.connection import connect
        from warehouse.refresh import refresh

        con = connect(globals_of(ctx).db)
        try:
            with console.status(plain(f"loading {file}")) if not json_out else nullcontext():
                load = load_file(con, file, strict=strict)
            with console.status("refreshing models") if not json_out else nullcontext():
                refreshed = refresh(con)
        finally:
            con.close()
        if json_out:
            print_json({"load": load, "refresh": refreshed})
            return
        console.print(f"loaded {load.loaded:,} of {load.input:,} messages ({load.quarantined:,} quarantined, "
                      f"{load.duplicates:,} duplicates)", highlight=False)
        if load.quarantined:
            console.print(plain(f"see why with `mcc collect quarantine --source {load.source}`"))
        console.print(f"refreshed in {refreshed.seconds:.2f} s: {refreshed.new_events:,} new events, "
                      f"{refreshed.restitched:,} ids re-stitched, {refreshed.users:,} users' traits as of "
                      f"{refreshed.as_of}", highlight=False)

    @wh.command("export-events")
    def export(
        ctx: typer.Context,
        out: Path = typer.Option(..., "--out", help="File to write JSON lines to."),
        limit: int | None = typer.Option(None, "--limit", min=1, help="At most this many events."),
        json_out: bool = json_option(),
    ) -> None:
        """Write raw events back out as RudderStack JSON payloads (exercises the collect path)."""
        from warehouse.collect.export import export_events
        from warehouse.connection import connect

        if not out.parent.exists():
            raise InputError(f"directory {out.parent} does not exist", where="--out", accepted="a writable path")
        con = connect(globals_of(ctx).db, read_only=True)
        try:
            written = export_events(con, out, limit=limit)
        finally:
            con.close()
        print_json({"out": str(out), "events": written}) if json_out else console.print(
            plain(f"wrote {written} events to {out}"))

    @app.command("traits")
    def traits(ctx: typer.Context, user_id: str = typer.Argument(..., help="A user id, anonymous id or email:ADDR."),
               as_of: str = typer.Option(None, "--as-of", help="As of this time, as a run then saw them: "
                                         "YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: the end of the data)."),
               json_out: bool = json_option()) -> None:
        """Show one user's traits as of the end of the data, or as of a time."""
        from cli.execute_cmds import parse_timestamp
        from warehouse.connection import connect
        from warehouse.user_lookup import user_traits

        when = parse_timestamp(as_of, "--as-of")
        con = connect(globals_of(ctx).db, read_only=True)
        try:
            found = user_traits(con, user_id, when)
        finally:
            con.close()
        if json_out:
            print_json(found)
            return
        console.print(_rich_table(f"traits of {found['user_id']} as of {found['as_of']}", ["trait", "value", "unit"],
                                  _trait_rows(found["traits"])))

    @app.command("sql")
    def sql(ctx: typer.Context, query: str = typer.Argument(..., help="One read-only SELECT."),
            json_out: bool = json_option()) -> None:
        """Run one read-only query through the parser guard and the sandboxed connection."""
        from warehouse.connection import connect_sandboxed

        if not query.strip():
            raise InputError("empty query", accepted="one SELECT statement")
        safe = _guarded(query)
        con = connect_sandboxed(globals_of(ctx).db)
        try:
            columns, rows = _fetch(con, safe)
        finally:
            con.close()
        if json_out:
            print_json({"columns": columns, "rows": [list(r) for r in rows], "truncated": len(rows) == SQL_ROW_LIMIT})
        else:
            console.print(_rich_table("", columns, rows))


def _fetch(con: duckdb.DuckDBPyConnection, query: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run a guarded query; a query DuckDB cannot run (a misspelt column, an overflow) is the typist's to fix."""
    import duckdb

    try:
        cursor = con.execute(query)
        return [d[0] for d in cursor.description or []], cursor.fetchmany(SQL_ROW_LIMIT)
    except duckdb.InterruptException as exc:
        raise GuardError("the query was stopped at the sandbox's time limit", where="sql",
                         accepted="a narrower query: filter by time or segment, aggregate before joining") from exc
    except duckdb.Error as exc:
        raise InputError(f"DuckDB could not run the query: {duckdb_message(exc)}", where="sql",
                         accepted="tables and columns of the warehouse (`mcc warehouse status` lists the tables)") from exc


def duckdb_message(exc: Exception) -> str:
    """Return DuckDB's message as one line: its first paragraph (with any 'Candidate bindings'), not the caret."""
    paragraph = str(exc).strip().split("\n\n", 1)[0]
    return " ".join(line.strip() for line in paragraph.splitlines() if line.strip())


def _guarded(query: str) -> str:
    """Return the query after engineer E's parser guard when it is installed (the sandbox always applies)."""
    if importlib.util.find_spec("tools.sql_guard") is None:
        return query
    from tools.sql_guard import guard

    return guard(query)
