"""The run lock: a row in `mcc.runs` with status `running`, claimed in a transaction.

A second run while one is running is refused. A lock older than `STALE_AFTER` (wall-clock time since
`started_at`) belongs to a process that died without releasing it, so the next run takes it over and
marks the old row `abandoned`. Run ids are derived from the as-of time, so a run that failed is completed
by the next run for the same time, and a complete one is never run twice. Runs go forward in time: one before
the latest completed run is refused.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import duckdb

from warehouse.errors import RunError

STALE_AFTER = timedelta(minutes=30)


def wall_clock() -> datetime:
    """Return the naive UTC wall-clock time the lock ages by."""
    return datetime.now(UTC).replace(tzinfo=None)


def claim(
    con: duckdb.DuckDBPyConnection, run_id: str, as_of: datetime, actor: str, record: dict[str, str | None]
) -> bool:
    """Claim the lock for `run_id`; return False if that run is already complete, raise if another runs.

    `record` holds the run's `rule_versions`, `plan_json` and `traits_source` columns.
    """
    now = wall_clock()
    try:
        con.execute("BEGIN TRANSACTION")
        running = con.execute(
            "SELECT run_id, actor, started_at FROM mcc.runs WHERE status = 'running' ORDER BY started_at"
        ).fetchall()
        for other_id, other_actor, started_at in running:
            if started_at is not None and now - started_at < STALE_AFTER:
                raise RunError(
                    f"run {other_id} started by {other_actor} at {started_at:%Y-%m-%d %H:%M:%S} is still running",
                    where="mcc.runs",
                    accepted=f"wait for it to finish; a lock older than {STALE_AFTER} is taken over",
                )
            con.execute(
                "UPDATE mcc.runs SET status = 'abandoned', finished_at = ? WHERE run_id = ?", [now, other_id]
            )
        status = con.execute("SELECT status FROM mcc.runs WHERE run_id = ?", [run_id]).fetchone()
        if status is not None and status[0] == "succeeded":
            con.execute("ROLLBACK")
            return False
        _refuse_going_back(con, as_of)
        con.execute("DELETE FROM mcc.runs WHERE run_id = ?", [run_id])
        con.execute(
            "INSERT INTO mcc.runs (run_id, as_of, status, actor, started_at, rule_versions, plan_json, traits_source)"
            " VALUES (?, ?, 'running', ?, ?, ?, ?, ?)",
            [
                run_id,
                as_of,
                actor,
                now,
                record.get("rule_versions"),
                record.get("plan_json"),
                record.get("traits_source"),
            ],
        )
        con.execute("COMMIT")
    except RunError:
        con.execute("ROLLBACK")
        raise
    except duckdb.TransactionException as exc:
        con.execute("ROLLBACK")
        raise RunError("another run claimed the lock at the same moment", where="mcc.runs") from exc
    return True


def _refuse_going_back(con: duckdb.DuckDBPyConnection, as_of: datetime) -> None:
    """Refuse a run before the latest completed one: runs go forward in time.

    Its sends would land after what the later run decided and queued, unseen by that run's caps (a cap counts
    the messages before a run's time), and its withdrawals would judge the later run's messages by older
    data: people messaged twice, with no error anywhere. A dry run, which writes nothing, may look at any time.
    """
    row = con.execute("SELECT max(as_of) FROM mcc.runs WHERE status = 'succeeded'").fetchone()
    latest = row[0] if row else None
    if latest is not None and as_of < latest:
        raise RunError(
            f"as of {as_of:%Y-%m-%d %H:%M} is before the latest completed run (as of {latest:%Y-%m-%d %H:%M}): "
            "runs go forward in time, or people get messages the later run already decided on",
            where="--as-of",
            accepted=f"a time at or after {latest:%Y-%m-%d %H:%M}, or --dry-run to look at an earlier one",
        )


def mark_failed(con: duckdb.DuckDBPyConnection, run_id: str, error: str) -> None:
    """Release the lock of a run that stopped between steps; its next attempt completes it."""
    con.execute(
        "UPDATE mcc.runs SET status = 'failed', finished_at = ?, error = ? WHERE run_id = ?",
        [wall_clock(), error, run_id],
    )
