"""Time `preview` at 1M users against a baseline count of the same audience, in the same process.

    .venv/bin/python benchmarks/bench_preview.py [--users 1000000] [--days 14] [--path FILE] [--synthetic]

Builds the warehouse with `warehouse.build.build_warehouse` (or, with --synthetic, a user_traits and a
fct_events made in SQL), then prints, for the two examples, the median time of `preview` and of the baseline
`SELECT count(*) FROM (<the audience's SELECT>)`, and their ratio. Target: preview under 0.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import duckdb

from orchestrator.compile import audience_sql
from orchestrator.preview import preview
from orchestrator.spec import Policy, load_spec_file
from warehouse.catalog import Catalog, load_catalog

EXAMPLES = Path(__file__).parents[1] / "examples"
SQL_TYPES = {"int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "enum": "VARCHAR", "string": "VARCHAR"}


def synthetic_warehouse(path: Path, users: int, catalog: Catalog) -> None:
    """Make user_traits (every catalog trait, values from hashes) and pricing/workout events in SQL."""
    con = duckdb.connect(str(path))
    columns = []
    for i, trait in enumerate(catalog.traits):
        h = f"hash(i, {i})"
        if trait.name == "user_id":
            expr = "'u' || i"
        elif trait.type == "enum":
            values = ", ".join(f"'{v}'" for v in trait.values or [])
            expr = f"([{values}])[1 + ({h} % {len(trait.values or [])})::INT]"
        elif trait.type == "bool":
            expr = f"{h} % 2 = 0"
        elif trait.type == "int":
            expr = f"({h} % {int(trait.max or 12) + 1})::BIGINT"
        elif trait.type == "float":
            expr = f"({h} % 1000) / 10.0"
        else:
            expr = "NULL"
        columns.append(f"{expr} AS {trait.name}")
    con.execute(f"CREATE TABLE user_traits AS SELECT {', '.join(columns)} FROM range({users}) r(i)")
    con.execute(
        "CREATE TABLE fct_events AS SELECT 'e' || i AS event_id,"
        " TIMESTAMP '2026-01-31' - INTERVAL (hash(i) % 40) DAY AS event_time, 'u' || (hash(i, 1) % $users) AS user_id,"
        " CASE WHEN i % 3 = 0 THEN 'pricing_viewed' ELSE 'workout_completed' END AS event_name, 'ios' AS device_os,"
        " '{\"workout_type\": \"yoga\"}'::JSON AS properties FROM range($events) r(i)",
        {"users": users, "events": users * 3},
    )
    con.execute("CREATE SCHEMA mcc; CREATE TABLE mcc.meta (key VARCHAR PRIMARY KEY, value VARCHAR);"
                "INSERT INTO mcc.meta VALUES ('data_end', '2026-01-31 00:00:00')")
    con.close()


def run_all(con: duckdb.DuckDBPyConnection, statements: list[str]) -> None:
    """Run each statement and drain its rows."""
    for statement in statements:
        con.execute(statement).fetchall()


def median_seconds(action: Callable[[], object], repeats: int = 5) -> float:
    action()  # warm up the buffer pool
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--path", type=Path, default=None, help="reuse or create this warehouse file")
    parser.add_argument("--synthetic", action="store_true", help="make user_traits in SQL instead of building")
    args = parser.parse_args()
    catalog = load_catalog()
    path = args.path or Path(tempfile.mkdtemp()) / "bench_preview.duckdb"
    if not path.exists():
        started = time.perf_counter()
        if args.synthetic:
            synthetic_warehouse(path, args.users, catalog)
        else:
            from warehouse.build import build_warehouse

            build_warehouse(path, users=args.users, days=args.days)
        print(f"built {path} ({'synthetic' if args.synthetic else 'build_warehouse'}) in {time.perf_counter() - started:.1f} s")
    con = duckdb.connect(str(path), read_only=True)
    users = con.execute("SELECT count(*) FROM user_traits").fetchall()[0][0]
    print(f"{users} users in user_traits")
    for name in ("upgrade_nudge.yaml", "trial_priority_policy.yaml"):
        spec = load_spec_file(EXAMPLES / name)
        rules = spec.rules if isinstance(spec, Policy) else [spec]
        baseline_sql = [f"SELECT count(*) FROM ({audience_sql(r.audience)})" for r in rules]
        baseline = median_seconds(partial(run_all, con, baseline_sql))
        scan = median_seconds(partial(run_all, con, ["SELECT count(*) FROM user_traits"]))
        elapsed = median_seconds(partial(preview, con, spec, catalog))
        print(f"{name}: preview {elapsed:.3f} s | baseline count of the same audience(s) {baseline:.3f} s "
              f"(ratio {elapsed / baseline:.2f}x) | plain count(*) {scan:.4f} s | target < 0.5 s: "
              f"{'met' if elapsed < 0.5 else 'NOT met'}")
    con.close()


if __name__ == "__main__":
    main()
