"""Benchmark a run after a long outbox history against the same run with none, in one process.

    .venv/bin/python benchmarks/bench_outbox_history.py --users 20000            # about two minutes
    .venv/bin/python benchmarks/bench_outbox_history.py --users 50000 --history 30

The history is real: `--history` daily runs of the 10-rule benchmark policy before the measured time, each
followed by a delivery to a file (so most earlier messages are final, and the last day's later steps still
wait). The measured run is the same as-of time on a copy of the warehouse with that history and on a copy
with none; each is timed `--repeat` times on a fresh copy (the run writes), best of. A run's cost should not
grow with its history: the steps that read earlier runs' waiting messages (withdraw_pending, message_history)
are printed on their own.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import yaml

from orchestrator.delivery import deliver
from orchestrator.executor import run
from orchestrator.executor.plan import RunPlan, build_plan
from orchestrator.spec import parse_spec

POLICY = Path(__file__).with_name("executor_policy.yaml")
HISTORY_STEPS = ("withdraw_pending", "message_history")


def _build(path: Path, users: int, days: int) -> None:
    from warehouse.build import build_warehouse

    build_warehouse(path, users=users, days=days, seed=7)


def _make_history(path: Path, plan: RunPlan, as_of: datetime, days: int, out: Path) -> tuple[int, int]:
    """Run and deliver once a day for `days` days before `as_of`; return the outbox and deliveries rows."""
    con = duckdb.connect(str(path))
    try:
        for back in range(days, 0, -1):
            when = as_of - timedelta(days=back)
            run(con, actor="bench", plan=plan, traits_table="user_traits", as_of=when)
            deliver(con, f"file:{out}", now=when)
            out.unlink(missing_ok=True)  # the file's contents are not the point: its size is not measured
        con.execute("CHECKPOINT")
        outbox = con.execute("SELECT count(*) FROM mcc.outbox").fetchone()
        deliveries = con.execute("SELECT count(*) FROM mcc.deliveries").fetchone()
        return (int(outbox[0]) if outbox else 0), (int(deliveries[0]) if deliveries else 0)
    finally:
        con.close()


def _timed_run(source: Path, work: Path, plan: RunPlan, as_of: datetime) -> tuple[float, dict[str, float], int]:
    """Run at `as_of` on a fresh copy of `source`; return the wall seconds, the step seconds, the withdrawn."""
    shutil.copyfile(source, work)
    con = duckdb.connect(str(work))
    try:
        started = time.perf_counter()
        result = run(con, actor="bench", plan=plan, traits_table="user_traits", as_of=as_of)
        return time.perf_counter() - started, result.step_seconds, result.withdrawn
    finally:
        con.close()
        work.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=60, help="days of generated events")
    parser.add_argument("--history", type=int, default=30, help="daily runs (each delivered) before the one timed")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", type=Path, default=None, help="reuse a built warehouse at this path (left unchanged)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="mcc_bench_history_"))
    empty = folder / "empty.duckdb"
    if args.db:
        shutil.copyfile(args.db, empty)
    else:
        print(f"building a warehouse of {args.users:,} users over {args.days} days ...", flush=True)
        _build(empty, args.users, args.days)
    plan = build_plan([(parse_spec(yaml.safe_load(POLICY.read_text())), 1)])
    con = duckdb.connect(str(empty))
    try:
        from orchestrator.executor.tables import ensure_executor_tables
        from warehouse.meta import data_end

        as_of = data_end(con).replace(microsecond=0)
        users = con.execute("SELECT count(*) FROM user_traits").fetchone()[0]  # type: ignore[index]
        ensure_executor_tables(con)  # a one-time upgrade is no run's cost
        con.execute("CHECKPOINT")
    finally:
        con.close()

    history = folder / "history.duckdb"
    shutil.copyfile(empty, history)
    started = time.perf_counter()
    outbox, deliveries = _make_history(history, plan, as_of, args.history, folder / "sent.jsonl")
    print(f"{args.history} daily runs and deliveries in {time.perf_counter() - started:.1f}s: "
          f"{outbox:,} outbox rows, {deliveries:,} delivery rows")

    work = folder / "work.duckdb"
    timings: dict[str, list[tuple[float, dict[str, float], int]]] = {"empty": [], "history": []}
    for _ in range(args.repeat):  # taking turns, so a burst of load on a shared machine hits both
        timings["empty"].append(_timed_run(empty, work, plan, as_of))
        timings["history"].append(_timed_run(history, work, plan, as_of))
    best = {name: min(runs, key=lambda r: r[0]) for name, runs in timings.items()}
    names = list(best["empty"][1])
    steps = {name: {step: min(r[1].get(step, 0.0) for r in runs) for step in names} for name, runs in timings.items()}

    print(f"users {users:,}  as of {as_of:%Y-%m-%d %H:%M}  best of {args.repeat}, each on a fresh copy")
    print(f"{'':<40}{'no history':>12}{'history':>12}{'ratio':>8}")
    _row("run (wall)", best["empty"][0], best["history"][0])
    for step in names:  # the steps that read earlier runs' waiting messages first
        if step in HISTORY_STEPS:
            _row(f"  {step} (reads the waiting)", steps["empty"][step], steps["history"][step])
    for step in names:
        if step not in HISTORY_STEPS:
            _row(f"  {step}", steps["empty"][step], steps["history"][step])
    untimed = [best[name][0] - sum(best[name][1].values()) for name in ("empty", "history")]
    _row("  outside the steps (lock, counts)", *untimed)
    print(f"earlier messages the run withdrew: {best['history'][2]:,}")
    shutil.rmtree(folder, ignore_errors=True)


def _row(label: str, empty: float, history: float) -> None:
    ratio = f"{history / empty:7.2f}x" if empty > 0 else "      -"
    print(f"{label:<40}{empty:11.3f}s{history:11.3f}s{ratio}")


if __name__ == "__main__":
    main()
