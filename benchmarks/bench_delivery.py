"""Time `deliver` to a local vendor API: batched vendor calls against one request per message, same process.

    .venv/bin/python benchmarks/bench_delivery.py [--users 20000] [--days 30] [--db FILE]

Builds a warehouse (or reuses --db), runs the benchmark policy once, then delivers the queued first steps
three ways to a server on 127.0.0.1 that answers 200 at once: as a webhook (the baseline: one POST per
message), as Braze (custom events packed 75 to a /users/track call) and as Customer.io (a v2 batch of 100).
Prints messages, HTTP requests and messages per second for each, and the speed-up over the baseline. A real
vendor answers in tens of milliseconds, not the local server's fraction of one, so the saving in requests is
the figure that carries over; the local times bound the overhead of building and recording the sends.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import yaml

from orchestrator.delivery import deliver
from orchestrator.executor import run
from orchestrator.executor.plan import build_plan
from orchestrator.spec import parse_spec
from warehouse.build import build_warehouse

POLICY = Path(__file__).with_name("executor_policy.yaml")
SUCCESS = b'{"message": "success"}'  # what Braze documents for success; Customer.io reads it as no errors


class Counter:
    """Requests the server answered (handler threads add to it)."""

    def __init__(self) -> None:
        self.requests = 0
        self.lock = threading.Lock()

    def add(self) -> None:
        with self.lock:
            self.requests += 1


@contextmanager
def vendor_server(counter: Counter) -> Iterator[str]:
    """Serve 200 and a success body to every POST on 127.0.0.1; yield the base URL."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            counter.add()
            self.send_response(200)
            self.send_header("Content-Length", str(len(SUCCESS)))
            self.end_headers()
            self.wfile.write(SUCCESS)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def forget_deliveries(con: duckdb.DuckDBPyConnection) -> None:
    """Make every queued message due again (the next target starts from the same outbox)."""
    con.execute("DELETE FROM mcc.deliveries")
    con.execute("UPDATE mcc.outbox SET status = 'pending'")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--db", type=Path, default=None, help="reuse a built warehouse (its outbox is changed)")
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="mcc_bench_")) / "delivery.duckdb"
    if not db.exists():
        build_warehouse(db, users=args.users, days=args.days, seed=7)
    con = duckdb.connect(str(db))
    plan = build_plan([(parse_spec(yaml.safe_load(POLICY.read_text())), 1)])
    run(con, actor="bench", plan=plan, traits_table="user_traits")
    counter = Counter()
    figures: list[tuple[str, int, int, float]] = []
    with vendor_server(counter) as url:
        env = {"MCC_BRAZE_URL": url, "MCC_BRAZE_API_KEY": "k", "MCC_CUSTOMERIO_URL": url,
               "MCC_CUSTOMERIO_SITE_ID": "s", "MCC_CUSTOMERIO_API_KEY": "k"}
        for target in (f"webhook:{url}/hook", "braze", "customerio"):
            forget_deliveries(con)
            before = counter.requests
            started = time.perf_counter()
            report = deliver(con, target, env=env)
            seconds = time.perf_counter() - started
            figures.append((target.split(":")[0], report.delivered, counter.requests - before, seconds))
    base_rate = figures[0][1] / figures[0][3]
    print(f"{'target':<12}{'messages':>10}{'requests':>10}{'seconds':>9}{'msg/s':>9}  vs one request per message")
    for name, delivered, requests, seconds in figures:
        rate = delivered / seconds
        versus = "baseline" if name == "webhook" else f"{rate / base_rate:.1f}x faster"
        print(f"{name:<12}{delivered:>10,}{requests:>10,}{seconds:>9.2f}{rate:>9,.0f}  "
              f"{versus}, {delivered / max(requests, 1):.0f} messages a request")


if __name__ == "__main__":
    main()
