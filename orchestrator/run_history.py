"""What ran, when and by whom: each recorded run with its decisions by outcome and where its messages stand.

Read from `mcc.runs` (one row per run attempt: running, succeeded, failed, or abandoned when a later run took
over its stale lock) and `mcc.outbox` (each queued message's delivery status, brought up to date by
`mcc deliver`). Dry runs write no row, so they are not listed.
"""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
from pydantic import BaseModel, Field

from orchestrator.executor.tables import table_exists

RUNS_SQL = """
SELECT run_id, as_of, status, actor, started_at, finished_at, counts, sends, rule_versions, error
FROM mcc.runs ORDER BY as_of DESC, started_at DESC LIMIT $limit
"""
MESSAGES_SQL = "SELECT run_id, status, count(*) FROM mcc.outbox WHERE run_id IN (SELECT unnest($ids)) GROUP BY ALL"


class RunSummary(BaseModel):
    """One recorded run."""

    run_id: str
    as_of: datetime = Field(description="the time the run decided as of (its traits and caps)")
    status: str = Field(description="running | succeeded | failed | abandoned")
    actor: str
    started_at: datetime
    finished_at: datetime | None = None
    seconds: float | None = Field(None, description="from start to finish")
    decisions: dict[str, int] = Field(default_factory=dict, description="decisions by outcome")
    sends: int = Field(0, description="messages queued (every channel-plan step)")
    messages: dict[str, int] = Field(default_factory=dict, description="its queued messages by delivery status "
                                     "(pending, delivered, parked, skipped, withdrawn)")
    rules: dict[str, int] = Field(default_factory=dict, description="rule id -> the approved version it ran")
    error: str | None = None


def list_runs(con: duckdb.DuckDBPyConnection, limit: int = 20) -> list[RunSummary]:
    """Return the latest runs by as-of time (at most `limit`), newest first; none before the first run."""
    if not table_exists(con, "mcc", "runs"):
        return []
    rows = con.execute(RUNS_SQL, {"limit": limit}).fetchall()
    messages: dict[str, dict[str, int]] = {}
    if rows and table_exists(con, "mcc", "outbox"):
        for run_id, status, n in con.execute(MESSAGES_SQL, {"ids": [r[0] for r in rows]}).fetchall():
            messages.setdefault(run_id, {})[status] = int(n)
    return [
        RunSummary(
            run_id=run_id, as_of=as_of, status=status, actor=actor, started_at=started, finished_at=finished,
            seconds=round((finished - started).total_seconds(), 2) if finished else None,
            decisions=json.loads(counts) if counts else {}, sends=sends or 0, messages=messages.get(run_id, {}),
            rules=json.loads(versions) if versions else {}, error=error,
        )
        for run_id, as_of, status, actor, started, finished, counts, sends, versions, error in rows
    ]
