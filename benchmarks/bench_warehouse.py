"""Benchmark the warehouse: full build, trait build against its floor, incremental refresh against a rebuild.

    .venv/bin/python benchmarks/bench_warehouse.py --users 1000000 --days 90

Prints wall and CPU seconds per step, events per second, peak memory (ru_maxrss), the trait build over
a bare `GROUP BY user_id` on the same fct_events (same process), and one more day of events loaded and
refreshed, against a full rebuild two ways: the models rebuilt from the raw layer already loaded, and every
day loaded and modeled; with a check that the refresh and the rebuild give identical traits.
Targets: build at 1M users under 120 s, traits within 3x the floor, peak memory under 4 GB,
incremental at least 10x faster.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warehouse.build import build_warehouse
from warehouse.holdback import hold_back, release
from warehouse.models.activity import build_activity
from warehouse.models.traits import build_traits
from warehouse.refresh import refresh, remodel


def peak_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Return (wall, cpu) seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def bench_build(path: Path, users: int, days: int, seed: int) -> tuple[float, float]:
    """Build the warehouse; return (total seconds, seconds the raw layer took to load)."""
    report = build_warehouse(path, users=users, days=days, seed=seed)
    print(f"build: {users:,} users, {days} days, {report.raw_events:,} raw events, "
          f"{report.row_counts['fct_events']:,} canonical events")
    for step, wall in report.step_seconds.items():
        print(f"  {step:<10} {wall:8.2f} s wall {report.step_cpu_seconds.get(step, 0):8.2f} s cpu")
    print(f"  total      {report.total_seconds:8.2f} s   {report.events_per_second:,.0f} events/s   "
          f"peak memory {peak_mb():,.0f} MB   (targets: < 120 s, < 4096 MB)")
    return report.total_seconds, report.step_seconds.get("raw", 0.0)


def bench_traits(con: duckdb.DuckDBPyConnection) -> None:
    floor_wall, floor_cpu = timed(lambda: con.execute(
        "CREATE OR REPLACE TEMP TABLE floor_ AS SELECT user_id, count(*) AS n FROM fct_events GROUP BY user_id"))
    activity_wall, activity_cpu = timed(lambda: build_activity(con))
    traits_wall, traits_cpu = timed(lambda: build_traits(con, table="traits_bench"))
    total, total_cpu = activity_wall + traits_wall, activity_cpu + traits_cpu
    print(f"traits: floor (bare GROUP BY user_id over fct_events) {floor_wall:.2f} s wall / {floor_cpu:.2f} s cpu")
    print(f"  user_activity {activity_wall:.2f} s + traits {traits_wall:.2f} s = {total:.2f} s wall "
          f"({total_cpu:.2f} s cpu): {total / floor_wall:.2f}x the floor wall, {total_cpu / floor_cpu:.2f}x cpu "
          "(target <= 3x)")
    con.execute("DROP TABLE traits_bench")


def bench_refresh(con: duckdb.DuckDBPyConnection, build_seconds: float, raw_seconds: float) -> None:
    """One day of new raw rows: loaded and refreshed, against rebuilding the models (and against loading
    every day and rebuilding: the issue's "loading one more day and refreshing, against a full rebuild")."""
    con.execute("CREATE OR REPLACE TABLE traits_full_ AS SELECT * FROM user_traits")
    moved = hold_back(con, days=1)
    rebuild_wall, _ = timed(lambda: remodel(con))
    load_wall, _ = timed(lambda: release(con))  # the day's rows inserted into the raw layer, as a loader does
    started = time.perf_counter()
    report = refresh(con)
    inc_wall = time.perf_counter() - started
    diff = con.execute("SELECT (SELECT count(*) FROM (SELECT * FROM user_traits EXCEPT ALL SELECT * FROM traits_full_))"
                       " + (SELECT count(*) FROM (SELECT * FROM traits_full_ EXCEPT ALL SELECT * FROM user_traits))"
                       ).fetchall()[0][0]
    con.execute("DROP TABLE traits_full_")
    print(f"refresh: one day ({moved:,} raw rows, {report.new_events:,} events, {report.restitched:,} ids re-stitched)")
    print(f"  incremental refresh {inc_wall:.2f} s {report.step_seconds}; loading the day's raw rows {load_wall:.2f} s")
    print(f"  the models rebuilt from the loaded raw layer {rebuild_wall:.2f} s: {rebuild_wall / inc_wall:.1f}x the refresh")
    full = raw_seconds + rebuild_wall
    print(f"  a full rebuild, every day loaded ({raw_seconds:.2f} s) and modeled, {full:.2f} s: "
          f"{full / (load_wall + inc_wall):.1f}x loading the day and refreshing (target >= 10x); "
          f"the whole build with generation {build_seconds:.2f} s: {build_seconds / (load_wall + inc_wall):.1f}x")
    print(f"  traits identical to the full build: {'yes' if diff == 0 else f'NO ({diff} rows differ)'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--path", type=Path, default=None, help="warehouse file (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.path or Path(tmp) / "bench.duckdb"
        build_seconds, raw_seconds = bench_build(path, args.users, args.days, args.seed)
        con = duckdb.connect(str(path))
        con.execute("SET memory_limit='3GB'")
        try:
            bench_traits(con)
            bench_refresh(con, build_seconds, raw_seconds)
        finally:
            con.close()
        print(f"peak memory of the whole run {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
