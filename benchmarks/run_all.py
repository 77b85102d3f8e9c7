"""Run every benchmark in turn; each prints its own figures and ratios against its in-process baseline.

    python benchmarks/run_all.py            # the issue's sizes (1M users: several minutes each)
    python benchmarks/run_all.py --users 50000   # a quick pass at a smaller size
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent

# (script, size flag, size at the scale)
BENCHMARKS: list[tuple[str, list[str], int]] = [
    ("bench_warehouse.py", ["--users"], 1_000_000),
    ("bench_preview.py", ["--users"], 1_000_000),
    ("bench_executor.py", ["--users"], 1_000_000),
    ("bench_agent.py", ["--users"], 100_000),
    ("bench_delivery.py", ["--users"], 20_000),
    ("collect_load.py", [], 100_000),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=None, help="override every benchmark's size")
    parser.add_argument("--only", action="append", default=[], help="run only scripts whose name contains this")
    args = parser.parse_args()
    failed = 0
    for script, flag, size in BENCHMARKS:
        if args.only and not any(part in script for part in args.only):
            continue
        n = str(args.users or size)
        cmd = [sys.executable, str(HERE / script), *([*flag, n] if flag else [n])]
        print(f"\n=== {script} ({n})", flush=True)
        failed += subprocess.call(cmd) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
