"""`mcc run`, `mcc explain`, `mcc deliver`, `mcc measure`: the executor, its explanations, delivery, lift."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    import duckdb

from cli.common import console, default_actor, globals_of, json_option, plain, print_json
from orchestrator.compile.as_of import naive_utc
from warehouse.connection import connect
from warehouse.errors import InputError


def parse_timestamp(value: str | None, option: str) -> datetime | None:
    """Parse an ISO timestamp option, or raise a one-line error naming the option.

    The warehouse keeps UTC without a zone (as RudderStack's timestamps are), so a time given with an offset
    ("2026-10-19T12:00+05:00") is that instant in UTC, and one without is read as UTC already.
    """
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"not a timestamp: {value!r}", where=option,
            accepted="ISO 8601, e.g. 2026-03-01T12:00:00 (UTC), or with an offset: 2026-03-01T12:00:00+05:00",
        ) from None
    return naive_utc(when)


def _require_expected(con: duckdb.DuckDBPyConnection, expected: list[str], actor: str) -> None:
    """Refuse, and write to the audit log, a run that was meant to execute a version that is not approved.

    A deploy script says `--expect upgrade_nudge@3`; if v3 is only proposed (or rejected, or superseded) the
    run stops before deciding anything, rather than silently executing whatever else is approved.
    """
    from orchestrator.registry import Registry

    for item in expected:
        rule_id, sep, version = item.partition("@")
        if not sep or not version.isdigit():
            raise InputError(f"--expect {item!r} is not RULE_ID@VERSION", accepted="e.g. upgrade_nudge@2")
        Registry(con).require_active(rule_id, int(version), actor)


def register(app: typer.Typer) -> None:
    @app.command("run")
    def run_cmd(
        ctx: typer.Context,
        as_of: str = typer.Option(
            None, "--as-of", help="Run as of this time, YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: the end of the "
            "data); a run before the data's end is a backtest on the traits as they were then."
        ),
        dry_run: bool = typer.Option(False, "--dry-run", help="Compute and print the counts; write nothing."),
        actor: str = typer.Option(None, "--as", help="Who runs it (default: the OS user)."),
        traits_table: str = typer.Option(
            None,
            "--traits-table",
            help="Read traits from this table instead of computing them as of the run.",
        ),
        expect: list[str] = typer.Option(
            None,
            "--expect",
            help="RULE_ID@VERSION that must be the active approved version, else refuse (and audit) the run.",
        ),
        json_out: bool = json_option(),
    ) -> None:
        """Apply the approved rules: one decision per user and rule, sends queued in the outbox."""
        from cli.execute_render import render_run
        from orchestrator.executor import run

        who = actor or default_actor()
        con = connect(globals_of(ctx).db)
        try:
            _require_expected(con, expect or [], who)
            with nullcontext() if json_out else console.status("running the approved rules"):
                result = run(
                    con,
                    as_of=parse_timestamp(as_of, "--as-of"),
                    dry_run=dry_run,
                    actor=who,
                    traits_table=traits_table,
                )
        finally:
            con.close()
        print_json(result) if json_out else render_run(result)

    @app.command("runs")
    def runs_cmd(
        ctx: typer.Context,
        limit: int = typer.Option(20, "--limit", min=1, help="How many runs to list, latest as-of first."),
        json_out: bool = json_option(),
    ) -> None:
        """List the runs: when, by whom, how they ended, their decisions and where their messages stand."""
        from cli.execute_render import render_runs
        from orchestrator.run_history import list_runs

        con = connect(globals_of(ctx).db, read_only=True)
        try:
            runs = list_runs(con, limit)
        finally:
            con.close()
        print_json({"runs": runs}) if json_out else render_runs(runs)

    @app.command("explain")
    def explain_cmd(
        ctx: typer.Context,
        user_id: str = typer.Argument(..., help="A user id as the warehouse stores it (e.g. u0000009; see mcc traits)."),
        rule: str = typer.Option(None, "--rule", help="Only this rule id."),
        run_id: str = typer.Option(None, "--run", help="This run id, e.g. run_20261019T000000 (default: the latest)."),
        json_out: bool = json_option(),
    ) -> None:
        """Why this user got, or did not get, each rule, step by step."""
        from cli.execute_render import render_explanation
        from orchestrator.explain import explain

        con = connect(globals_of(ctx).db)
        try:
            explanation = explain(con, user_id, rule_id=rule, run_id=run_id)
        finally:
            con.close()
        print_json(explanation) if json_out else render_explanation(explanation)

    @app.command("deliver")
    def deliver_cmd(
        ctx: typer.Context,
        to: str = typer.Option(..., "--to", help="file:PATH, webhook:URL, braze, customerio or iterable."),
        retry_parked: bool = typer.Option(
            False, "--retry-parked", help="Send the parked messages again (after fixing what failed them)."
        ),
        as_of: str = typer.Option(
            None, "--as-of",
            help="Send what is due by this time, YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: the end of the data; "
            "after `mcc run --as-of T`, pass T to send what that run queued).",
        ),
        json_out: bool = json_option(),
    ) -> None:
        """Send the due outbox messages; credentials come from the environment."""
        from cli.execute_render import render_delivery
        from orchestrator.delivery import deliver

        con = connect(globals_of(ctx).db)
        try:
            with nullcontext() if json_out else console.status(plain(f"delivering to {to}")) as status:
                progress = None if status is None else lambda n: status.update(plain(f"delivering to {to}: {n:,} done"))
                report = deliver(con, to, now=parse_timestamp(as_of, "--as-of"), progress=progress,
                                 retry_parked=retry_parked)
        finally:
            con.close()
        print_json(report) if json_out else render_delivery(report)

    @app.command("measure")
    def measure_cmd(
        ctx: typer.Context,
        rule: str = typer.Option(None, "--rule", help="Only this rule id."),
        as_of: str = typer.Option(
            None, "--as-of", help="Count conversions up to this time, YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: the "
            "end of the data)."
        ),
        json_out: bool = json_option(),
    ) -> None:
        """Lift of each rule over its holdout, and of the program over the global control group."""
        from cli.execute_render import render_measure
        from orchestrator.measure import measure
        from orchestrator.measure.coverage import coverage_notes

        con = connect(globals_of(ctx).db)
        try:
            report = measure(con, rule_id=rule, as_of=parse_timestamp(as_of, "--as-of"))
            notes = coverage_notes(con, report.as_of)
        finally:
            con.close()
        print_json({**report.model_dump(mode="json"), "notes": notes}) if json_out else render_measure(report, notes)
