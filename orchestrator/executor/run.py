"""The executor's pipeline: define every decision as temp views, then write them in one transaction.

The compute steps only define views (and a few small temp tables: rules, steps, cap counts), so no decision
is computed before the transaction opens: `write_decisions` runs the whole chain as one query inside it,
and the counts, holdout assignments and outbox are read back from this run's fresh decision rows (by
`run_id`: a run's rows fill row groups of their own, so earlier runs are skipped cheaply). A failure
anywhere rolls all of it back. Inserts run with `preserve_insertion_order` off (rows land in any order;
readers order what they read), and the connection's setting is restored afterwards.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import duckdb

from orchestrator.executor.apply_caps import apply_caps, held_by_channel_cap
from orchestrator.executor.apply_flags import apply_stop_conditions, apply_suppressions
from orchestrator.executor.arbitrate import arbitrate
from orchestrator.executor.assign_holdouts import assign_holdouts
from orchestrator.executor.context import CANDIDATES, STEPS, RunContext, run_id_for
from orchestrator.executor.decide import decide
from orchestrator.executor.evaluate_conditions import evaluate_conditions
from orchestrator.executor.message_history import message_history
from orchestrator.executor.plan import RunPlan, load_plan
from orchestrator.executor.register_rules import register_rules
from orchestrator.executor.result import OUTCOMES, RunResult
from orchestrator.executor.run_lock import claim, mark_failed, wall_clock
from orchestrator.executor.snapshot_traits import snapshot_traits
from orchestrator.executor.tables import ensure_executor_tables
from orchestrator.executor.withdraw_pending import WITHDRAWN, withdraw_pending
from orchestrator.executor.write_decisions import write_decisions
from orchestrator.executor.write_outbox import write_outbox
from warehouse.errors import RunError
from warehouse.meta import data_end, get_meta

Step = Callable[[RunContext], None]

# Computing steps only define temp views and small tables; WRITE_STEPS compute and write in one transaction.
COMPUTE_STEPS: list[Step] = [
    snapshot_traits,
    register_rules,
    evaluate_conditions,
    apply_suppressions,
    apply_stop_conditions,
    assign_holdouts,
    arbitrate,
    message_history,
    apply_caps,
    decide,
]
# withdraw_pending before write_outbox: it reads the queue earlier runs left (mcc.outbox_waiting), which this
# run's own messages would only lengthen
WRITE_STEPS: list[Step] = [write_decisions, withdraw_pending, write_outbox]
STEP_NAMES = [s.__name__ for s in COMPUTE_STEPS + WRITE_STEPS]


class InjectedFailure(RunError):
    """The crash a test asked for with `fail_after_step`."""


# How far past the end of its data a run may decide: a daily run a little after the last load is normal; a
# week later every trait ("days since", windows, trial days left) is read from data that stopped long ago.
MAX_DAYS_PAST_DATA = 7


def resolve_as_of(con: duckdb.DuckDBPyConnection, as_of: datetime | None) -> datetime:
    """Return the given as-of time, or the end of the warehouse's data, to the second.

    Refuses a time more than MAX_DAYS_PAST_DATA days after the data's end: its decisions would be made on
    traits frozen at that end, and its sends queued as if they were current. Refuses a time before the data
    starts (when the warehouse records it): there is nobody to decide for.
    """
    end = data_end(con)
    when = (as_of or end).replace(microsecond=0)
    start = get_meta(con, "data_start")
    if start is not None and when < datetime.fromisoformat(start):
        raise RunError(  # nobody exists yet: every count would be zero, and the as-of marked as run
            f"as of {when:%Y-%m-%d %H:%M} is before the warehouse's data starts ({start})",
            where="--as-of",
            accepted=f"a time from {start} to {end + timedelta(days=MAX_DAYS_PAST_DATA):%Y-%m-%d %H:%M}",
        )
    if when > end + timedelta(days=MAX_DAYS_PAST_DATA):
        raise RunError(
            f"as of {when:%Y-%m-%d %H:%M} is {(when - end).days} days after the warehouse's data ends "
            f"({end:%Y-%m-%d %H:%M}): every trait would be read from data that stopped then",
            where="--as-of",
            accepted=f"a time up to {end + timedelta(days=MAX_DAYS_PAST_DATA):%Y-%m-%d %H:%M}, "
            "or load newer events first (mcc collect load)",
        )
    return when


def _perform(ctx: RunContext, steps: list[Step], fail_after_step: str | None) -> None:
    for step in steps:
        started = time.perf_counter()
        step(ctx)
        ctx.timings[step.__name__] = round(time.perf_counter() - started, 4)
        if fail_after_step == step.__name__:
            raise InjectedFailure(f"injected failure after step {step.__name__}", where=ctx.run_id)


def _all_outcomes(rows: list[tuple[str, int]]) -> dict[str, int]:
    found = {str(outcome): int(n) for outcome, n in rows}
    return {outcome: found.get(outcome, 0) for outcome in OUTCOMES}


def _by_rule(rows: list[tuple[str, str, int]]) -> dict[str, dict[str, int]]:
    """Return (rule, outcome, count) rows as each rule's decisions by outcome, every outcome listed."""
    rules = sorted({str(rule) for rule, _, _ in rows})
    return {rule: _all_outcomes([(o, n) for r, o, n in rows if r == rule]) for rule in rules}


def _rule_counts(con: duckdb.DuckDBPyConnection, source: str, run_id: str | None = None) -> dict[str, dict[str, int]]:
    """Return each rule's decisions by outcome, from this run's decision rows or a dry run's candidates."""
    where = " WHERE run_id = ?" if run_id is not None else ""
    rows = con.execute(f"SELECT rule_id, outcome, count(*) FROM {source}{where} GROUP BY ALL",
                       [run_id] if run_id is not None else []).fetchall()
    return _by_rule(rows)


def _written_counts(con: duckdb.DuckDBPyConnection, run_id: str) -> tuple[dict[str, int], int]:
    """Return this run's decisions by outcome and its outbox rows, read back inside the write transaction."""
    rows = con.execute(
        "SELECT outcome, count(*) FROM mcc.decisions WHERE run_id = ? GROUP BY outcome", [run_id]
    ).fetchall()
    sends = con.execute("SELECT count(*) FROM mcc.outbox WHERE run_id = ?", [run_id]).fetchone()
    return _all_outcomes(rows), int(sends[0]) if sends else 0


def _dry_counts(ctx: RunContext) -> tuple[dict[str, int], int]:
    """Return the candidates by outcome and the sends they would queue, evaluating the chain once."""
    con = ctx.con
    rows = con.execute(
        f"""SELECT outcome, count(*), sum(CASE WHEN outcome = 'send' THEN coalesce(s.n, 0) ELSE 0 END)
        FROM {CANDIDATES} LEFT JOIN (SELECT rule_id, count(*) AS n FROM {STEPS} GROUP BY rule_id) s USING (rule_id)
        GROUP BY outcome"""
    ).fetchall()
    sends = sum(int(sends) for _, _, sends in rows)
    if ctx.plan.channel_caps:  # the later steps write_outbox leaves out: their channel is at its cap
        dropped = con.execute(
            f"""SELECT count(*) FROM {CANDIDATES} c JOIN {STEPS} s USING (rule_id)
            WHERE c.outcome = 'send' AND {held_by_channel_cap('c.user_id', 's.step', 's.channel')}"""
        ).fetchone()
        sends -= int(dropped[0]) if dropped else 0
    return _all_outcomes([(o, n) for o, n, _ in rows]), sends


@contextlib.contextmanager
def _unordered_inserts(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Let inserts write rows in any order (faster in parallel), then restore the connection's setting.

    SESSION scope: a plain SET of this option changes it for every connection to the database. Afterwards
    the session value is reset (so later global changes reach this connection again), and set back only
    if this connection had its own value before.
    """
    previous = _insertion_order(con)
    con.execute("SET SESSION preserve_insertion_order = false")
    try:
        yield
    except BaseException:
        # a DuckDB error aborts the transaction, and the reset below would fail in it, hiding that error
        _rollback_quietly(con)
        raise
    finally:
        con.execute("RESET SESSION preserve_insertion_order")
        if _insertion_order(con) != previous:
            con.execute(f"SET SESSION preserve_insertion_order = {str(previous).lower()}")


def _insertion_order(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()
    return bool(row[0]) if row else True


def _finished(con: duckdb.DuckDBPyConnection, run_id: str, as_of: datetime, plan: RunPlan) -> RunResult:
    """Return what the completed run decided with: its rules, and the approved versions it did not run."""
    row = con.execute("SELECT counts, rule_versions FROM mcc.runs WHERE run_id = ?", [run_id]).fetchone()
    counts = json.loads(row[0]) if row and row[0] else {}
    ran: dict[str, int] = json.loads(row[1]) if row and row[1] else {}
    return RunResult(
        run_id=run_id, as_of=as_of, status="already complete", counts=counts, sends=0, rules=sorted(ran),
        not_in_run=[f"{p.rule.id} v{p.version}" for p in plan.rules if ran.get(p.rule.id) != p.version],
    )


def run(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: datetime | None = None,
    dry_run: bool = False,
    actor: str,
    fail_after_step: str | None = None,
    traits_table: str | None = None,
    plan: RunPlan | None = None,
) -> RunResult:
    """Apply the approved rules as of a time: decide for every user and rule, queue the sends."""
    if fail_after_step is not None and fail_after_step not in STEP_NAMES:
        raise RunError(
            f"unknown step {fail_after_step!r}", where="fail_after_step", accepted=", ".join(STEP_NAMES)
        )
    plan = plan or load_plan(con)
    when = resolve_as_of(con, as_of)
    ctx = RunContext(
        con=con, run_id=run_id_for(when), as_of=when, plan=plan, actor=actor, traits_source=traits_table
    )
    if dry_run:
        _perform(ctx, COMPUTE_STEPS, fail_after_step)
        counts, sends = _dry_counts(ctx)
        return RunResult(
            run_id=ctx.run_id,
            as_of=when,
            status="dry run",
            counts=counts,
            sends=sends,
            rules=plan.rule_ids(),
            by_rule=_rule_counts(con, CANDIDATES),
            step_seconds=ctx.timings,
        )
    ensure_executor_tables(con)
    record = {
        "rule_versions": json.dumps({p.rule.id: p.version for p in plan.rules}, sort_keys=True),
        "plan_json": plan.model_dump_json(exclude_none=True),
        "traits_source": traits_table,
    }
    if not claim(con, ctx.run_id, when, actor, record):
        return _finished(con, ctx.run_id, when, plan)
    try:
        _perform(ctx, COMPUTE_STEPS, fail_after_step)
        with _unordered_inserts(con):
            con.execute("BEGIN TRANSACTION")
            _perform(ctx, WRITE_STEPS, fail_after_step)
        counts, sends = _written_counts(con, ctx.run_id)
        by_rule = _rule_counts(con, "mcc.decisions", ctx.run_id)
        withdrawn = _count(con, WITHDRAWN)
        con.execute(
            "UPDATE mcc.runs SET status = 'succeeded', finished_at = ?, counts = ?, sends = ?, error = NULL"
            " WHERE run_id = ?",
            [wall_clock(), json.dumps(counts), sends, ctx.run_id],
        )
        started = time.perf_counter()
        con.execute("COMMIT")
        ctx.timings["commit"] = round(time.perf_counter() - started, 4)
    except BaseException as exc:
        _rollback_quietly(con)
        mark_failed(con, ctx.run_id, str(exc))
        raise
    return RunResult(
        run_id=ctx.run_id,
        as_of=when,
        status="complete",
        counts=counts,
        sends=sends,
        withdrawn=withdrawn,
        rules=plan.rule_ids(),
        by_rule=by_rule,
        step_seconds=ctx.timings,
    )


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def _rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the write transaction if one is open (a failure before BEGIN leaves none)."""
    with contextlib.suppress(duckdb.TransactionException):  # none is open when the failure came before BEGIN
        con.execute("ROLLBACK")
