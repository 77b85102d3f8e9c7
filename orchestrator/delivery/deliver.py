"""`deliver`: send every due outbox message once, retry transient failures, park the rest with the reason."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime

import duckdb

from orchestrator.delivery.destinations import parse_target
from orchestrator.delivery.due import due_messages, skip_reason
from orchestrator.delivery.http import RetryPolicy, SendFailed
from orchestrator.delivery.models import DeliveryReport
from orchestrator.delivery.record import record, sync_outbox_status
from orchestrator.executor.tables import ensure_executor_tables


def default_now(con: duckdb.DuckDBPyConnection) -> datetime:
    """Return the warehouse's now (its data end), as runs use, so scheduled steps fall due reproducibly."""
    from warehouse.meta import data_end

    return data_end(con)


def deliver(
    con: duckdb.DuckDBPyConnection,
    target: str,
    *,
    now: datetime | None = None,
    max_attempts: int = 4,
    policy: RetryPolicy | None = None,
    env: Mapping[str, str] = os.environ,
) -> DeliveryReport:
    """Send the due outbox messages to `target`; a message already delivered, parked or skipped is not sent."""
    destination = parse_target(target, env)
    policy = policy or RetryPolicy(max_attempts=max_attempts)
    ensure_executor_tables(con)
    when = now or default_now(con)
    sync_outbox_status(con)  # an earlier call that stopped part way left its outbox rows behind
    due = due_messages(con, when)
    report = DeliveryReport(target=destination.name, now=when, due=len(due))
    # Steps of one message go in order within a call, so a step due now waits for its previous step here.
    for message in due:
        reason = skip_reason(con, message)
        if reason == "wait":
            report.due -= 1
            continue
        if reason is not None:
            record(
                con,
                message,
                status="skipped",
                attempts=0,
                destination=destination.name,
                now=when,
                error=reason,
            )
            report.skipped += 1
            continue
        try:
            attempts = destination.send(message, policy)
        except SendFailed as failure:
            record(
                con,
                message,
                status="parked",
                attempts=failure.attempts,
                destination=destination.name,
                now=when,
                error=failure.reason,
            )
            report.parked += 1
            report.attempts += failure.attempts
            report.parked_reasons[message.idempotency_key] = failure.reason
            continue
        record(con, message, status="delivered", attempts=attempts, destination=destination.name, now=when)
        report.delivered += 1
        report.attempts += attempts
    sync_outbox_status(con)
    return report
