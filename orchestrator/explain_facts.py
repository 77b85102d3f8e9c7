"""The facts `explain` reads for one user: trait values, leaf condition results, event counts, caps."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import duckdb

from orchestrator.compile import CompileContext, as_of_expression, audiences_query
from orchestrator.compile.event_condition import event_counts
from orchestrator.describe import describe_condition
from orchestrator.explain_model import ConditionCheck
from orchestrator.spec import EventCondition, TraitCondition, iter_conditions

USER_TRAITS = "_mcc_explain_traits"


def load_user_traits(
    con: duckdb.DuckDBPyConnection, user_id: str, as_of: datetime, traits_source: str | None
) -> dict[str, Any] | None:
    """Put the user's traits as of the run time in a one-row temp table and return them (None: unknown)."""
    if traits_source is None:
        from warehouse.models.traits import traits_query

        source = f"({traits_query(as_of)})"
    else:
        source = traits_source
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {USER_TRAITS} AS SELECT * FROM {source} WHERE user_id = ?", [user_id]
    )
    cursor = con.execute(f"SELECT * FROM {USER_TRAITS}")
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def _event_count(
    con: duckdb.DuckDBPyConnection, leaf: EventCondition, user_id: str, as_of: datetime, events_table: str
) -> int:
    ctx = CompileContext(as_of_expression(as_of), events_table=events_table)
    query = event_counts(leaf, ctx, where="explain").sql(dialect="duckdb")
    row = con.execute(f"SELECT n FROM ({query}) WHERE user_id = ?", [user_id]).fetchone()
    return int(row[0]) if row else 0


def check_leaves(
    con: duckdb.DuckDBPyConnection,
    condition: Any,
    user_id: str,
    as_of: datetime,
    traits: dict[str, Any],
    path: str,
    events_table: str = "fct_events",
) -> tuple[bool, list[ConditionCheck]]:
    """Evaluate a condition and each of its leaves for the user, with the value behind each leaf."""
    leaves = iter_conditions(condition)
    named: dict[str, Any] = {"whole": condition} | {f"leaf_{i}": leaf for i, leaf in enumerate(leaves)}
    query = audiences_query(named, as_of=as_of, traits_table=USER_TRAITS, events_table=events_table)
    cursor = con.execute(query.sql(dialect="duckdb"))
    row = cursor.fetchone()
    results = dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else {}
    checks = [
        ConditionCheck(
            path=f"{path}[{i}]",
            text=describe_condition(leaf),  # as diffs and previews say it: 'workouts_completed >= 3'
            holds=bool(results.get(f"leaf_{i}")),
            value=traits.get(leaf.trait)
            if isinstance(leaf, TraitCondition)
            else _event_count(con, leaf, user_id, as_of, events_table),
        )
        for i, leaf in enumerate(leaves)
    ]
    return bool(results.get("whole")), checks


def messages_in_window(
    con: duckdb.DuckDBPyConnection, user_id: str, run_id: str, as_of: datetime, days: int, rule_id: str | None,
    channel: str | None = None,
) -> int:
    """Count the user's messages (fct_messages plus earlier runs' outbox still waiting) in a cap window, of one
    rule or on one channel when given."""
    from orchestrator.control_schema import FINAL_DELIVERY_STATUSES as FINAL
    from orchestrator.executor.tables import table_exists

    since = as_of - timedelta(days=days)
    total = 0
    rule_filter = (" AND rule_id = $rule" if rule_id else "") + (" AND channel = $channel" if channel else "")
    params: dict[str, Any] = {"u": user_id, "since": since, "as_of": as_of} | (
        {"rule": rule_id} if rule_id else {}
    ) | ({"channel": channel} if channel else {})
    if table_exists(con, "main", "fct_messages"):
        row = con.execute(
            "SELECT count(*) FROM fct_messages WHERE user_id = $u AND sent_at > $since AND sent_at <= $as_of"
            # this run's own deliveries came after its decisions: they did not count against its caps
            " AND message_id NOT IN (SELECT delivery_id FROM mcc.deliveries WHERE run_id = $run)"
            + rule_filter,
            params | {"run": run_id},
        ).fetchone()
        total += int(row[0]) if row else 0
    row = con.execute(
        "SELECT count(*) FROM mcc.outbox WHERE user_id = $u AND run_id <> $run AND send_after > $since"
        " AND send_after <= $as_of AND idempotency_key NOT IN"
        f" (SELECT idempotency_key FROM mcc.deliveries WHERE status IN {FINAL})" + rule_filter,
        params | {"run": run_id},
    ).fetchone()
    return total + (int(row[0]) if row else 0)
