"""Time `mcc collect load` on N generated RudderStack messages, against a baseline measured here.

The baseline is parsing the same JSON lines with `json.loads` and nothing else: the ratio says how much the
server rules, tracking plan, flattening and bulk insert cost on top of reading the file.

    .venv/bin/python benchmarks/collect_load.py [N]
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

from warehouse.collect.loader import load_file

WORKOUTS = ["strength", "cardio", "yoga", "hiit", "running", "cycling"]


def message(i: int, rng: random.Random) -> dict[str, Any]:
    """Return one plausible message: mostly tracks, some identifies and pages."""
    common: dict[str, Any] = {
        "messageId": f"bench-{i}", "anonymousId": f"anon-{i % 20_000}", "userId": f"user-{i % 15_000}",
        "originalTimestamp": f"2024-05-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00.000Z",
        "sentAt": f"2024-05-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:02.000Z",
        "channel": "mobile",
        "context": {"library": {"name": "rudder-ios", "version": "1.9.0"}, "os": {"name": "iOS", "version": "17"},
                    "device": {"id": f"dev-{i % 20_000}"}, "ip": "10.0.0.1", "campaign": {"source": "google"}},
    }
    kind = rng.random()
    if kind < 0.1:
        return {**common, "type": "identify", "traits": {"email": f"u{i}@example.com", "country": "US",
                                                         "marketing_opt_in": True}}
    if kind < 0.2:
        return {**common, "type": "screen", "name": "Pricing", "properties": {"tab": "plans"}}
    if kind < 0.3:
        return {**common, "type": "track", "event": "plan_selected",
                "properties": {"plan_name": "monthly", "price": 9.99}}
    return {**common, "type": "track", "event": "workout_completed",
            "properties": {"workout_type": rng.choice(WORKOUTS), "duration_min": rng.randint(10, 60)}}


def main(n: int) -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.jsonl"
        path.write_text("".join(json.dumps(message(i, rng)) + "\n" for i in range(n)))
        start, cpu = time.perf_counter(), time.process_time()
        for line in path.read_text().splitlines():
            json.loads(line)
        baseline, baseline_cpu = time.perf_counter() - start, time.process_time() - cpu

        con = duckdb.connect(str(Path(tmp) / "bench.duckdb"))
        start, cpu = time.perf_counter(), time.process_time()
        report = load_file(con, path)
        first, first_cpu = time.perf_counter() - start, time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        again = load_file(con, path)
        reload, reload_cpu = time.perf_counter() - start, time.process_time() - cpu
        con.close()

    print(f"messages            {n}")
    print(f"json.loads baseline {baseline:.2f} s  (CPU {baseline_cpu:.2f} s)")
    print(f"load                {first:.2f} s  ({n / first:,.0f} msg/s, {first / baseline:.1f}x baseline)"
          f"  loaded {report.loaded} quarantined {report.quarantined}")
    print(f"load CPU time       {first_cpu:.2f} s  ({n / first_cpu:,.0f} msg/s of CPU, {first_cpu / baseline_cpu:.1f}x "
          "baseline CPU; wall time suffers when other processes share the cores)")
    print(f"reload (all dupes)  {reload:.2f} s  ({reload / baseline:.1f}x baseline)  duplicates {again.duplicates}")
    print(f"reload CPU time     {reload_cpu:.2f} s  ({reload_cpu / baseline_cpu:.1f}x baseline CPU)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
