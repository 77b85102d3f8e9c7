"""Time `mcc collect load` on N generated RudderStack messages, against a baseline measured here.

The baseline is parsing the same JSON lines with `json.loads` and nothing else: the ratio says how much the
server rules, tracking plan, flattening and bulk insert cost on top of reading the file.

Then the peak memory each of loading N and 3N messages adds, each measured in a fresh process: the resident
size (DuckDB's included), the same with DuckDB's memory_limit capped, and Python's own allocations under
tracemalloc. A load that streams its file needs about the same Python memory for both sizes. The first
resident figure also holds DuckDB's buffer pool, which keeps inserted pages cached up to its memory_limit
(80% of RAM unless set), so it grows with the data until that limit; capped, the rest stays flat.

    .venv/bin/python benchmarks/collect_load.py [N]
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
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


def write_messages(path: Path, n: int) -> None:
    """Write n messages as JSON lines, a line at a time, so the writer's memory stays small."""
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps(message(i, rng)) + "\n")


def resident_kib(field: str) -> int:
    """Return this process's resident size (VmRSS) or its peak (VmHWM) in KiB.

    Not ru_maxrss alone: Linux carries it over from the parent process across exec, so a child started by a
    parent that was once large reports the parent's peak. /proc is read where there is one.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS


# How a child process measures one load: the resident peak with DuckDB as configured by default, the
# resident peak with DuckDB's buffer pool capped (what is left grows only if the loader's own memory does),
# and the peak of Python's allocations under tracemalloc (which slows the load, so it runs alone).
MODES = ("resident", "capped", "traced")
CAPPED_DUCKDB = "128MB"


def measure_peak(path: Path, mode: str) -> None:
    """Load the file into a fresh warehouse and print the peak memory the load added, as JSON (run in a child)."""
    import duckdb as db  # imported before measuring, as every import the load needs

    import warehouse.collect.loader  # noqa: F401

    with tempfile.TemporaryDirectory() as tmp:  # a fresh warehouse: a second load would be all duplicates
        con = db.connect(str(Path(tmp) / "peak.duckdb"))
        if mode == "capped":
            con.execute(f"SET memory_limit = '{CAPPED_DUCKDB}'")
        before = resident_kib("VmRSS")
        if mode == "traced":
            tracemalloc.start()
        load_file(con, path)
        con.close()
    peak = tracemalloc.get_traced_memory()[1] // 1024 if mode == "traced" else resident_kib("VmHWM") - before
    print(json.dumps({"kib": peak}))


def peak_of(path: Path, mode: str) -> int:
    """Run `measure_peak` in a fresh process and return the peak it measured, in KiB."""
    done = subprocess.run([sys.executable, __file__, "--peak", mode, str(path)],
                          check=True, capture_output=True, text=True)
    kib: int = json.loads(done.stdout.splitlines()[-1])["kib"]
    return kib


def memory(n: int) -> None:
    """Print the peak memory of loading n and 3n messages, each way, and the ratio between the two sizes."""
    peaks: dict[int, dict[str, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in (n, 3 * n):
            path = Path(tmp) / f"events_{size}.jsonl"
            write_messages(path, size)
            peaks[size] = {mode: peak_of(path, mode) for mode in MODES} | {"file": path.stat().st_size // 1024}
            path.unlink()
    print(f"peak memory added by the load, MiB: resident / resident with DuckDB memory_limit={CAPPED_DUCKDB}"
          " / Python (tracemalloc)")
    for size, peak in peaks.items():
        print(f"  {size:>8} msgs  file {peak['file'] / 1024:7.1f}  "
              + "  ".join(f"{mode} {peak[mode] / 1024:7.1f}" for mode in MODES))
    ratios = ", ".join(f"{mode} {peaks[3 * n][mode] / max(peaks[n][mode], 1):.2f}x" for mode in MODES)
    print(f"3x the messages needs: {ratios} (3.00x would mean memory grows with the file)")


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
    if len(sys.argv) == 4 and sys.argv[1] == "--peak":
        measure_peak(Path(sys.argv[3]), sys.argv[2])
    else:
        size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
        main(size)
        memory(size)
