"""Benchmark the executor: a 10-rule policy over N users against its floor and a naive per-user evaluator.

    .venv/bin/python benchmarks/bench_executor.py --users 20000          # while developing
    .venv/bin/python benchmarks/bench_executor.py --users 1000000 --days 90

The floor is one query evaluating the same audience predicates in a single scan of user_traits (what any
executor must at least do; the issue's target is a run within 3x of it). A second floor also evaluates the
suppressions and stop conditions, every predicate the run evaluates. The naive evaluator decides user by user
in Python on a sample, scaled up.
The warehouse is built in a child process so the peak memory printed is the run's, not the generator's.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import yaml

from orchestrator.compile import audiences_query
from orchestrator.executor import run
from orchestrator.executor.context import RunContext, quoted
from orchestrator.executor.evaluate_conditions import flag_definitions
from orchestrator.executor.plan import build_plan
from orchestrator.spec import parse_spec

POLICY = Path(__file__).with_name("executor_policy.yaml")


def _build(path: str, users: int, days: int) -> None:
    from warehouse.build import build_warehouse

    build_warehouse(path, users=users, days=days, seed=7)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def cpu_timed(fn: Callable[[], Any]) -> float:
    """Return the process's CPU seconds (every DuckDB thread) `fn` took: steadier than wall time on a shared
    machine."""
    started = time.process_time()
    fn()
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--sample", type=int, default=50_000, help="users the naive evaluator decides")
    parser.add_argument("--db", type=Path, default=None, help="reuse a built warehouse at this path")
    args = parser.parse_args()

    db = args.db or Path(tempfile.mkdtemp(prefix="mcc_bench_")) / "bench.duckdb"
    if not db.exists():
        print(f"building a warehouse of {args.users:,} users over {args.days} days at {db} ...", flush=True)
        seconds, _ = timed(lambda: _run_child(str(db), args.users, args.days))
        print(f"  built in {seconds:.1f}s")
    con = duckdb.connect(str(db))
    plan = build_plan([(parse_spec(yaml.safe_load(POLICY.read_text())), 1)])
    from warehouse.meta import data_end

    as_of = data_end(con)
    users = con.execute("SELECT count(*) FROM user_traits").fetchone()[0]  # type: ignore[index]

    named = {f"r{i}": p.rule.audience for i, p in enumerate(plan.rules)}
    floor_sql = audiences_query(named, as_of=as_of).sql(dialect="duckdb")
    counts = ", ".join(f'count(*) FILTER (WHERE "{name}")' for name in named)
    # The floor of every predicate the run evaluates: the audiences plus the suppressions and stop conditions.
    flags = flag_definitions(RunContext(con=con, run_id="bench", as_of=as_of, plan=plan, actor="bench"))[1]
    every = named | flags
    every_sql = audiences_query(every, as_of=as_of).sql(dialect="duckdb")
    every_counts = ", ".join(f"count(*) FILTER (WHERE {quoted(name)})" for name in every)
    # A floor that also writes its answer: one row per (user, rule) in an audience, to a temp table.
    columns = ", ".join(f'"{name}"' for name in named)
    pairs = (
        f"SELECT user_id, rule FROM (UNPIVOT ({floor_sql}) ON {columns} INTO NAME rule VALUE hit) WHERE hit"
    )

    from orchestrator.executor.context import run_id_for
    from orchestrator.executor.tables import ensure_executor_tables

    ensure_executor_tables(con)  # a one-time upgrade of older control tables is not a run's cost
    con.execute(f"SELECT {counts} FROM ({floor_sql})").fetchall()  # warm the cache for all alike
    # Best of three, the floors and the run taking turns: on a shared machine a burst of load then hits
    # one round of each, not every measurement of one of them.
    # The run must persist its decisions (one row per user and rule considered) in the warehouse file: a
    # floor that also does, its pairs inserted into a table of the file and rolled back.
    con.execute(f"CREATE OR REPLACE TABLE main._bench_pairs_kept AS {pairs} LIMIT 0")
    persisted = f"BEGIN; INSERT INTO main._bench_pairs_kept {pairs}; ROLLBACK"
    floors, everys, outs, kept, runs, floor_cpus, run_cpus = [], [], [], [], [], [], []
    for _ in range(3):
        floors.append(timed(lambda: con.execute(f"SELECT {counts} FROM ({floor_sql})").fetchall())[0])
        floor_cpus.append(cpu_timed(lambda: con.execute(f"SELECT {counts} FROM ({floor_sql})").fetchall()))
        everys.append(timed(lambda: con.execute(f"SELECT {every_counts} FROM ({every_sql})").fetchall())[0])
        outs.append(timed(lambda: con.execute(f"CREATE OR REPLACE TEMP TABLE _bench_pairs AS {pairs}"))[0])
        kept.append(timed(lambda: con.execute(persisted))[0])
        _reset(con, run_id_for(as_of))  # run this as-of time again
        started_cpu = time.process_time()
        runs.append(timed(lambda: run(con, actor="bench", plan=plan, traits_table="user_traits")))
        run_cpus.append(time.process_time() - started_cpu)
    floor_seconds, every_seconds, floor_out_seconds, floor_kept_seconds = min(floors), min(everys), min(outs), min(kept)
    con.execute("DROP TABLE main._bench_pairs_kept")
    floor_cpu, run_cpu = min(floor_cpus), min(run_cpus)
    run_seconds, result = min(runs, key=lambda r: r[0])
    # The run commits its rows to disk; folding them into the file's metadata waits for the next checkpoint.
    checkpoint_seconds, _ = timed(lambda: con.execute("CHECKPOINT"))
    decisions = sum(result.counts.values())
    try:
        asof_seconds, _ = timed(lambda: run(con, actor="bench", plan=plan, dry_run=True))
        asof_text = f"{asof_seconds:8.2f} s"
    except duckdb.Error as exc:  # a warehouse built by an older traits model lacks its helper tables
        asof_text = f"n/a ({str(exc).splitlines()[0]})"

    from orchestrator.preview import preview
    from warehouse.catalog import load_catalog

    catalog = load_catalog()
    preview_seconds, _ = timed(lambda: preview(con, plan.rules[0].rule, catalog, as_of=as_of))

    sample = sorted(
        random.Random(7).sample(
            [r[0] for r in con.execute("SELECT user_id FROM user_traits").fetchall()], min(args.sample, users)
        )
    )
    from naive_executor import naive_run

    naive_seconds, naive = timed(lambda: naive_run(con, plan, sample, as_of))
    executor: dict[str, dict[str, str]] = {}
    for user_id, rule_id, outcome in _sample_decisions(con, result.run_id, sample):
        executor.setdefault(user_id, {})[rule_id] = outcome
    agree = sum(naive[u] == executor.get(u, {}) for u in sample)
    naive_scaled = naive_seconds * users / len(sample)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"users {users:,}  rules {len(plan.rules)}  decisions {decisions:,}  sends queued {result.sends:,}")
    row(f"floor (one scan, the {len(named)} audiences)", floor_seconds, "the issue's floor")
    row("floor, every predicate the run evaluates", every_seconds, f"{len(every)} conditions")
    row("floor writing its (user, rule) pairs", floor_out_seconds, "to a temp table")
    row("  ... to a table of the warehouse file", floor_kept_seconds, "persisted, as the run's decisions must be")
    row(
        "executor run (traits table given)",
        run_seconds,
        f"{run_seconds / floor_seconds:.2f}x floor (target <= 3x), "
        f"{run_seconds / every_seconds:.2f}x every-predicate floor, "
        f"{run_seconds / floor_kept_seconds:.2f}x the floor persisting its pairs",
    )
    print(f"{'  in CPU time (every thread)':<41}{run_cpu:8.2f} s   ({run_cpu / floor_cpu:.2f}x the floor's "
          f"{floor_cpu:.2f} s; steadier than wall time on a shared machine)")
    steps = result.step_seconds
    rest = run_seconds - steps["write_decisions"] - steps["write_outbox"]
    row(
        "  of which the decisions query",
        steps["write_decisions"],
        "scan to rows written: the chain runs here",
    )
    row("  of which the outbox", steps["write_outbox"], "read back from the run's decisions")
    row("  of which the rest", rest, "lock, plan tables, cap history, commit")
    row(
        "checkpoint after a run (not in the run)", checkpoint_seconds, "DuckDB's, at 16 MB of WAL or on close"
    )
    print(f"executor dry run, traits as of computed  {asof_text}")
    print(f"preview of one rule                      {preview_seconds:8.2f} s   (target < 0.5 s)")
    print(
        f"naive per-user on {len(sample):,} users             {naive_seconds:8.2f} s   scaled to {users:,}: "
        f"{naive_scaled:.1f} s = {naive_scaled / run_seconds:.0f}x the executor (target >= 50x)"
    )
    print(f"naive and executor agree on {agree:,} of {len(sample):,} sampled users")
    print(f"peak memory (RSS)                        {peak_mb:8.0f} MB  (target < 4096 MB)")
    print("steps: " + ", ".join(f"{k} {v:.2f}s" for k, v in result.step_seconds.items()))


def row(label: str, seconds: float, note: str = "") -> None:
    print(f"{label:<41}{seconds:8.2f} s" + (f"   ({note})" if note else ""))


def _reset(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    for table in ("runs", "decisions", "outbox", "outbox_waiting"):
        row = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'mcc' AND table_name = ?", [table]
        ).fetchone()
        if row and row[0]:
            con.execute(f"DELETE FROM mcc.{table} WHERE run_id = ?", [run_id])
    con.execute("CHECKPOINT")  # the next run's commit should not pay for compacting the rows deleted here


def _sample_decisions(
    con: duckdb.DuckDBPyConnection, run_id: str, sample: list[str]
) -> list[tuple[str, str, str]]:
    con.execute("CREATE OR REPLACE TEMP TABLE _bench_sample (user_id VARCHAR)")
    con.executemany("INSERT INTO _bench_sample VALUES (?)", [(u,) for u in sample])
    return con.execute(
        "SELECT user_id, rule_id, outcome FROM mcc.decisions WHERE run_id = ? AND user_id IN"
        " (SELECT user_id FROM _bench_sample)",
        [run_id],
    ).fetchall()


def _run_child(path: str, users: int, days: int) -> None:
    child = multiprocessing.get_context("spawn").Process(target=_build, args=(path, users, days))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"building the warehouse failed (exit {child.exitcode})")


if __name__ == "__main__":
    main()
