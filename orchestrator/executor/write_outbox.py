"""Step 6: each winner's channel-plan steps go to the outbox under an idempotency key."""

from __future__ import annotations

from orchestrator.executor.apply_caps import held_by_channel_cap
from orchestrator.executor.context import STEPS, RunContext
from orchestrator.executor.waiting import COLUMNS, add_waiting

QUEUED = "_mcc_queued"


def write_outbox(ctx: RunContext) -> None:
    """Queue step 0 at the run time and later steps at their delay; a key already queued is left alone.

    The key is (rule, version, user, step, day of the run), so two runs on one day never queue a second
    copy of the same message. This insert is what keeps keys unique (the outbox has no key index: at 1M
    users, indexing 0.5M keys took twice as long as writing the rows): a run has one decision per user and
    rule, skips the day's queued keys, and the run lock keeps a second run from inserting at the same time.
    A later step on a channel where the user is at a channel cap is not queued (step 0 was checked by
    apply_caps: a win it caps is no send). The rows are also added to mcc.outbox_waiting (executor.waiting).
    """
    over_channel_cap = (
        f" AND NOT {held_by_channel_cap('d.user_id', 's.step', 's.channel')}"
        if ctx.plan.channel_caps else ""
    )
    con = ctx.con
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {QUEUED} AS
        SELECT * FROM (
            SELECT concat(d.rule_id, ':v', d.rule_version, ':', d.user_id, ':', s.step, ':', $day) AS idempotency_key,
                   $run_id AS run_id, d.rule_id, d.rule_version, d.user_id, s.channel, s.step, s.template_key,
                   s.scheduled_at AS send_after, s.only_if, $as_of AS created_at
            FROM mcc.decisions d JOIN {STEPS} s USING (rule_id)
            WHERE d.run_id = $run_id AND d.outcome = 'send'{over_channel_cap}) q
        WHERE q.idempotency_key NOT IN (
            -- A key names its run's day and created_at is that run's as-of time, so only rows created the
            -- same day can hold it: the check reads one day of the outbox, not its whole history.
            SELECT idempotency_key FROM mcc.outbox
            WHERE created_at >= date_trunc('day', $as_of) AND created_at < date_trunc('day', $as_of) + INTERVAL 1 DAY)""",
        {"run_id": ctx.run_id, "as_of": ctx.as_of, "day": ctx.as_of.strftime("%Y%m%d")},
    )
    con.execute(f"INSERT INTO mcc.outbox ({COLUMNS}, status) SELECT {COLUMNS}, 'pending' FROM {QUEUED}")
    add_waiting(con, f"SELECT * FROM {QUEUED}")  # every message queued now waits for its delivery
    con.execute(f"DROP TABLE {QUEUED}")  # at 1M users, half a million rows the session need not keep
