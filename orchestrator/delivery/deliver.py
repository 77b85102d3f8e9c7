"""`deliver`: send every due outbox message once, retry transient failures, park the rest with the reason.

Messages go out step number by step number (every due first step, then every due second step, ...), so a
later step is judged after the step before it was recorded in this same call. Within a step, a batch of
messages goes to the destination at once (a vendor packs it into as few requests as its API takes) and
the outcomes are recorded a batch at a time: a crash between sending and recording repeats at most one
batch of sends on the next call, under the same idempotency keys the channel APIs deduplicate on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import datetime

import duckdb

from orchestrator.delivery.destinations import Destination, parse_target
from orchestrator.delivery.due import WAIT, due_steps, due_with_reasons
from orchestrator.delivery.http import RetryPolicy, SendFailed
from orchestrator.delivery.models import DeliveryReport, OutboxMessage
from orchestrator.delivery.record import Outcome, record_batch, sync_outbox_status
from orchestrator.executor.tables import ensure_executor_tables

BATCH_SIZE = 1000
Progress = Callable[[int], None]  # called with the number of messages done so far


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
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> DeliveryReport:
    """Send the due outbox messages to `target`; a message already delivered, parked or skipped is not sent."""
    destination = parse_target(target, env)
    policy = policy or RetryPolicy(max_attempts=max_attempts)
    ensure_executor_tables(con)
    sync_outbox_status(con)  # an earlier call that stopped part way left its outbox rows behind
    when = now or default_now(con)
    report = DeliveryReport(target=destination.name, now=when, due=0)
    for step in due_steps(con, when):
        due = [(m, reason) for m, reason in due_with_reasons(con, when, step) if reason != WAIT]
        report.due += len(due)
        for start in range(0, len(due), batch_size):
            batch = _send_batch(due[start : start + batch_size], destination, policy, report)
            record_batch(con, batch, destination=destination.name, now=when)
            if progress:
                progress(report.delivered + report.parked + report.skipped)
    sync_outbox_status(con)
    return report


def _send_batch(due: list[tuple[OutboxMessage, str | None]], destination: Destination, policy: RetryPolicy,
                report: DeliveryReport) -> list[Outcome]:
    """Send the batch's messages that have no reason to be skipped, all at once; count each outcome."""
    sendable = [message for message, reason in due if reason is None]
    results = iter(destination.send_all(sendable, policy) if sendable else [])
    outcomes = []
    for message, reason in due:
        if reason is not None:
            report.skipped += 1
            outcomes.append(Outcome(message, "skipped", 0, reason))
            continue
        result = next(results)
        if isinstance(result, SendFailed):
            report.parked += 1
            report.attempts += result.attempts
            report.parked_reasons[message.idempotency_key] = result.reason
            outcomes.append(Outcome(message, "parked", result.attempts, result.reason))
        else:
            report.delivered += 1
            report.attempts += result
            outcomes.append(Outcome(message, "delivered", result))
    return outcomes
