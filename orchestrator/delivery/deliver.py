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

from orchestrator.delivery.destinations import Destination, DestinationDown, Result, parse_target
from orchestrator.delivery.due import PREVIOUS_STEP, WAIT, due_steps, due_with_reasons, live_rule_ids
from orchestrator.delivery.http import RetryPolicy, SendFailed
from orchestrator.delivery.models import DeliveryReport, OutboxMessage
from orchestrator.delivery.record import Outcome, record_batch, sync_outbox_status
from orchestrator.executor.tables import ensure_executor_tables
from orchestrator.executor.waiting import WAITING, add_waiting
from warehouse.errors import DeliveryError

BATCH_SIZE = 1000
Progress = Callable[[int], None]  # called with the number of messages done so far


def default_now(con: duckdb.DuckDBPyConnection) -> datetime:
    """Return the warehouse's now (its data end), as runs use, so scheduled steps fall due reproducibly."""
    from warehouse.meta import data_end

    return data_end(con)


def requeue_parked(con: duckdb.DuckDBPyConnection) -> int:
    """Forget the outcome of every parked message, and of the later steps skipped because it was parked, so the
    next delivery sends them; return how many. One transaction: a failure changes nothing."""
    where = f"status = 'parked' OR (status = 'skipped' AND last_error = '{PREVIOUS_STEP}parked')"
    con.execute("BEGIN TRANSACTION")
    try:
        row = con.execute(f"SELECT count(*) FROM mcc.deliveries WHERE {where}").fetchone()
        # waiting again: back in mcc.outbox_waiting, in this transaction
        add_waiting(con, f"""SELECT * FROM mcc.outbox
                    WHERE idempotency_key IN (SELECT idempotency_key FROM mcc.deliveries WHERE {where})""")
        con.execute(f"DELETE FROM mcc.deliveries WHERE {where}")
        con.execute(
            "UPDATE mcc.outbox SET status = 'pending' WHERE status IN ('parked', 'skipped') AND idempotency_key NOT IN"
            " (SELECT idempotency_key FROM mcc.deliveries)"
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return int(row[0]) if row else 0


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
    retry_parked: bool = False,
) -> DeliveryReport:
    """Send the due outbox messages to `target`; a message already delivered, parked or skipped is not sent.

    `retry_parked` first puts the parked messages back in the queue (after an outage is fixed), with the
    later steps skipped only because their previous step was parked; withdrawn, retired and engaged-with
    skips stay final.
    """
    destination = parse_target(target, env)
    policy = policy or RetryPolicy(max_attempts=max_attempts)
    ensure_executor_tables(con)
    requeued = requeue_parked(con) if retry_parked else 0
    sync_outbox_status(con)  # an earlier call that stopped part way left its outbox rows behind
    when = now or default_now(con)
    report = DeliveryReport(target=destination.name, now=when, due=0, requeued=requeued)
    live = live_rule_ids(con)  # a retired rule's queued messages are skipped, not sent
    for step in due_steps(con, when):
        due = [(m, reason) for m, reason in due_with_reasons(con, when, step, live) if reason != WAIT]
        report.due += len(due)
        for start in range(0, len(due), batch_size):
            batch, down = _send_batch(due[start : start + batch_size], destination, policy, report)
            record_batch(con, batch, destination=destination.name, now=when)
            if progress:
                progress(report.delivered + report.parked + report.skipped)
            if down is not None:
                sync_outbox_status(con)
                raise _stopped(destination.name, down, report)
    sync_outbox_status(con)
    report.scheduled_later, report.next_send_after = scheduled_after(con, when)
    return report


def scheduled_after(con: duckdb.DuckDBPyConnection, now: datetime) -> tuple[int, datetime | None]:
    """Return how many waiting messages fall due after `now`, and when the first does (read from the queue)."""
    row = con.execute(f"SELECT count(*), min(send_after) FROM {WAITING} WHERE send_after > ?", [now]).fetchone()
    return (int(row[0]), row[1]) if row else (0, None)


def _stopped(target: str, down: DestinationDown, report: DeliveryReport) -> DeliveryError:
    """Return the error that ends a delivery to a destination that stopped answering, with what was done."""
    left = report.due - report.delivered - report.parked - report.skipped
    return DeliveryError(
        f"stopped: {target} is not answering: {down.reason}; {report.delivered:,} delivered, "
        f"{report.parked:,} parked, {left:,} left queued for the next deliver",
        where="--to",
        accepted="a destination that answers; run deliver again when it is back (nothing is sent twice)",
    )


def _send_batch(
    due: list[tuple[OutboxMessage, str | None]], destination: Destination, policy: RetryPolicy,
    report: DeliveryReport,
) -> tuple[list[Outcome], DestinationDown | None]:
    """Send the batch's messages that have no reason to be skipped, all at once; count each outcome.

    When the destination stops answering part way, the messages it settled are returned and the others
    (unsent, or failed only for want of an answer) are left out: they stay queued, not parked.
    """
    sendable = [message for message, reason in due if reason is None]
    down = None
    try:
        sent: list[Result | None] = list(destination.send_all(sendable, policy)) if sendable else []
    except DestinationDown as exc:
        down, sent = exc, exc.results
    results = iter(sent)
    outcomes = []
    for message, reason in due:
        if reason is not None:
            report.skipped += 1
            report.skipped_reasons[reason] = report.skipped_reasons.get(reason, 0) + 1
            outcomes.append(Outcome(message, "skipped", 0, reason))
            continue
        result = next(results)
        if result is None or (down is not None and isinstance(result, SendFailed) and result.retryable):
            continue  # not settled before the destination went quiet: stays queued
        if isinstance(result, SendFailed):
            report.parked += 1
            report.attempts += result.attempts
            report.parked_reasons[message.idempotency_key] = result.reason
            outcomes.append(Outcome(message, "parked", result.attempts, result.reason))
        else:
            report.delivered += 1
            report.attempts += result
            outcomes.append(Outcome(message, "delivered", result))
    return outcomes, down
