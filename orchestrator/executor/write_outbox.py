"""Step 6: each winner's channel-plan steps go to the outbox under an idempotency key."""

from __future__ import annotations

from orchestrator.executor.context import CANDIDATES, STEPS, RunContext


def write_outbox(ctx: RunContext) -> None:
    """Queue step 0 at the run time and later steps at their delay; a key already queued is left alone.

    The key is (rule, version, user, step, day of the run), so two runs on one day never queue a second
    copy of the same message.
    """
    ctx.con.execute(
        f"""INSERT INTO mcc.outbox
            (idempotency_key, run_id, rule_id, rule_version, user_id, channel, step, template_key, only_if,
             send_after, created_at, status)
        SELECT * FROM (
            SELECT printf('%s:v%d:%s:%d:%s', c.rule_id, c.rule_version, c.user_id, s.step,
                          strftime($as_of, '%Y%m%d')) AS idempotency_key,
                   $run_id, c.rule_id, c.rule_version, c.user_id, s.channel, s.step, s.template_key, s.only_if,
                   s.scheduled_at, $as_of, 'pending'
            FROM {CANDIDATES} c JOIN {STEPS} s USING (rule_id) WHERE c.outcome = 'send') q
        WHERE q.idempotency_key NOT IN (
            -- A key names its run's day and created_at is that run's as-of time, so only rows created the
            -- same day can hold it: the check reads one day of the outbox, not its whole history.
            SELECT idempotency_key FROM mcc.outbox
            WHERE created_at >= date_trunc('day', $as_of) AND created_at < date_trunc('day', $as_of) + INTERVAL 1 DAY)
        ORDER BY q.user_id, q.rule_id, q.step""",
        {"run_id": ctx.run_id, "as_of": ctx.as_of},
    )
