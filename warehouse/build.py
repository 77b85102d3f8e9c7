"""Build a warehouse from nothing: generate the raw layer, stitch identities, model, write ground truth.

`build_warehouse(path, users=..., days=..., seed=...)` is deterministic: the same arguments give the
same table contents. Each step is timed; `progress(step, index, total)` is called as each step starts.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
from pydantic import BaseModel, Field

from warehouse.connection import connect
from warehouse.errors import DatabaseError, InputError
from warehouse.gen_events import install_clock, prepare_sources
from warehouse.gen_users import generate_users, install_random
from warehouse.ground_truth import write_ground_truth
from warehouse.meta import set_data_end, set_meta
from warehouse.models.activity import build_activity
from warehouse.models.canonical import build_dim_users, build_facts, build_fct_events
from warehouse.models.identity import build_identity
from warehouse.models.traits import build_traits
from warehouse.raw_layer import write_raw
from warehouse.refresh import mark_modeled
from warehouse.scenarios import DEFAULT_SCENARIOS, Scenario, resolve

DEFAULT_END = datetime(2026, 11, 2)  # a fixed "now", so a build never depends on the wall clock
MIN_USERS, MAX_USERS = 1, 5_000_000
MIN_DAYS, MAX_DAYS = 7, 365
BUILD_MEMORY_LIMIT = "3GB"
STEPS = ("generate", "raw", "identity", "events", "activity", "users", "facts", "traits", "checkpoint")

Progress = Callable[[str, int, int], None]


class BuildReport(BaseModel):
    """What a build made and how long each step took."""

    path: str
    users: int
    days: int
    seed: int
    scenarios: list[str]
    data_start: datetime
    data_end: datetime
    step_seconds: dict[str, float] = Field(default_factory=dict)
    step_cpu_seconds: dict[str, float] = Field(default_factory=dict)  # all threads; wall time lies on a busy box
    row_counts: dict[str, int] = Field(default_factory=dict)
    raw_events: int = 0
    total_seconds: float = 0.0

    @property
    def events_per_second(self) -> float:
        return self.raw_events / self.total_seconds if self.total_seconds else 0.0


def check_arguments(users: int, days: int) -> None:
    """Raise InputError when the size is out of range."""
    if not MIN_USERS <= users <= MAX_USERS:
        raise InputError(f"users must be between {MIN_USERS} and {MAX_USERS:,}, got {users}", where="--users",
                         accepted=f"{MIN_USERS}..{MAX_USERS}")
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise InputError(f"days must be between {MIN_DAYS} and {MAX_DAYS}, got {days}", where="--days",
                         accepted=f"{MIN_DAYS}..{MAX_DAYS}")


def check_target(path: Path) -> None:
    """Raise DatabaseError unless a warehouse file can be created at `path`."""
    if path.exists() and path.is_dir():
        raise DatabaseError(f"{path} is a directory", accepted="a file path for the warehouse")
    if not path.parent.exists():
        raise DatabaseError(f"directory {path.parent} does not exist", accepted="a path in an existing directory")
    try:
        # the mode bits lie to root and on read-only mounts: try to create a file next to the target
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".mcc-probe-"):
            pass
    except OSError as exc:
        raise DatabaseError(f"cannot write to {path.parent}: {exc.strerror}",
                            accepted="a path in a writable directory") from exc


def _remove_file(path: Path) -> None:
    """Remove a warehouse file and its WAL, if they exist."""
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            p.unlink(missing_ok=True)
        except OSError as exc:
            raise DatabaseError(f"cannot replace {p}: {exc.strerror}", accepted="a path in a writable directory") from exc


def _move_into_place(built: Path, target: Path) -> None:
    """Replace whatever is at `target` (and its WAL) with the finished warehouse file."""
    _remove_file(target.with_name(target.name + ".wal"))
    try:
        os.replace(built, target)
    except OSError as exc:
        raise DatabaseError(f"cannot replace {target}: {exc.strerror}", accepted="a path in a writable directory") from exc


def build_warehouse(path: str | Path, *, users: int = 20000, days: int = 60, seed: int = 7,
                    scenarios: Iterable[str | Scenario] = DEFAULT_SCENARIOS, end: datetime | None = None,
                    progress: Progress | None = None) -> BuildReport:
    """Generate and model a whole warehouse at `path`, replacing any file there."""
    check_arguments(users, days)
    chosen = resolve(scenarios)
    end = (end or DEFAULT_END).replace(microsecond=0)
    start = end - timedelta(days=days)
    target = Path(path)
    check_target(target)
    # built beside the target and moved over it when whole: an interrupted or failed build leaves the old
    # file (or none) at the path, never half a warehouse that reads as one
    building = target.with_name(f".{target.name}.building")
    _remove_file(building)
    report = BuildReport(path=str(target), users=users, days=days, seed=seed, scenarios=[s.name for s in chosen],
                         data_start=start, data_end=end)
    try:
        con = connect(building, must_exist=False)
        try:
            con.execute(f"SET memory_limit='{BUILD_MEMORY_LIMIT}'")
            con.execute("SET preserve_insertion_order=false")
            # one checkpoint at the end instead of one each time the WAL passes 16 MB
            con.execute("SET checkpoint_threshold='64GB'")
            _run_steps(con, report, chosen, progress)
        except duckdb.IOException as exc:
            raise DatabaseError(f"cannot write {target}: {str(exc).splitlines()[0]}",
                                accepted="a path in a writable directory with free space") from exc
        finally:
            con.close()
        _move_into_place(building, target)
    except BaseException:
        _remove_file(building)
        raise
    return report


def _run_steps(con: duckdb.DuckDBPyConnection, report: BuildReport, chosen: Sequence[Scenario],
               progress: Progress | None) -> None:
    users, days, end = report.users, report.days, report.data_end
    started = time.perf_counter()
    step_start, cpu_start = started, time.process_time()

    def step(name: str) -> None:
        nonlocal step_start, cpu_start
        now, cpu = time.perf_counter(), time.process_time()
        if name != STEPS[0]:
            previous = STEPS[STEPS.index(name) - 1]
            report.step_seconds[previous] = round(now - step_start, 3)
            report.step_cpu_seconds[previous] = round(cpu - cpu_start, 3)
        step_start, cpu_start = now, cpu
        if progress:
            progress(name, STEPS.index(name), len(STEPS))

    step("generate")
    install_random(con, report.seed)
    install_clock(con, report.data_start)
    generate_users(con, users=users, days=days, scenarios=list(chosen))
    sources = prepare_sources(con, users=users, days=days, scenarios=list(chosen))
    set_data_end(con, end)
    step("raw")
    counts = write_raw(con, sources, days=days, end=end)
    report.raw_events = sum(v for k, v in counts.items() if k not in ("tracks", "users"))
    report.row_counts.update({f"raw.{k}": v for k, v in counts.items()})
    for temp in ("gen_sessions", "gen_messages", "gen_tickets", "gen_users"):
        con.execute(f"DROP TABLE IF EXISTS {temp}")
    step("identity")
    report.row_counts["id_graph"] = build_identity(con)
    step("events")
    report.row_counts["fct_events"] = build_fct_events(con)
    step("activity")
    report.row_counts["user_activity"] = build_activity(con, end)
    step("users")
    report.row_counts["dim_users"] = build_dim_users(con)
    step("facts")
    report.row_counts.update(build_facts(con, end))
    step("traits")
    report.row_counts["user_traits"] = build_traits(con, end)
    report.row_counts["mcc.scenarios"] = write_ground_truth(con, chosen, end)
    mark_modeled(con)
    for key, value in (("seed", report.seed), ("users", users), ("days", days),
                       ("scenarios", ",".join(report.scenarios)), ("data_start", report.data_start.isoformat(sep=" "))):
        set_meta(con, key, str(value))
    step("checkpoint")  # writing the whole warehouse to its file: a step of its own, not the traits'
    con.execute("CHECKPOINT")
    now = time.perf_counter()
    report.step_seconds["checkpoint"] = round(now - step_start, 3)
    report.step_cpu_seconds["checkpoint"] = round(time.process_time() - cpu_start, 3)
    report.total_seconds = round(now - started, 3)
