"""Step 1b: put the plan's rules, channel steps and closing flags into temp tables the set-based steps join on."""

from __future__ import annotations

from datetime import timedelta

from orchestrator.executor.apply_flags import closure_codes
from orchestrator.executor.context import CLOSURES, RULES, STEPS, RunContext


def register_rules(ctx: RunContext) -> None:
    """Write one row per approved rule, per channel-plan step and per closing flag, values as bound parameters."""
    con = ctx.con
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {RULES} (rule_id VARCHAR, rule_version INTEGER, priority INTEGER, policy_id VARCHAR,"
        " holdout_threshold INTEGER, cap_max INTEGER, cap_days INTEGER, send_reason VARCHAR)"
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {STEPS} (rule_id VARCHAR, step INTEGER, channel VARCHAR,"
        " template_key VARCHAR, only_if VARCHAR, scheduled_at TIMESTAMP)"
    )
    from orchestrator.holdout import threshold

    rule_rows = []
    step_rows = []
    for planned in ctx.plan.rules:
        rule = planned.rule
        cap = rule.frequency_cap
        rule_rows.append(
            (
                rule.id,
                planned.version,
                rule.priority,
                planned.policy_id,
                threshold(rule.holdout_share),
                cap.max_sends if cap else None,
                cap.per_days if cap else None,
                f"won arbitration (priority {rule.priority})",  # the reason of each send, joined, not built per row
            )
        )
        at = ctx.as_of
        for index, step in enumerate(rule.channels):
            at = at + timedelta(hours=step.delay_hours)  # delays are cumulative: each waits on the previous
            step_rows.append(
                (rule.id, index, step.channel, step.template_key or rule.template_key, step.only_if, at)
            )
    con.executemany(f"INSERT INTO {RULES} VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rule_rows)
    con.executemany(f"INSERT INTO {STEPS} VALUES (?, ?, ?, ?, ?, ?)", step_rows)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {CLOSURES} (code INTEGER, outcome VARCHAR, reason VARCHAR)")
    closures = [
        (code, outcome, f"{outcome} by {flag_id}") for (outcome, flag_id), code in closure_codes(ctx).items()
    ]
    if closures:
        con.executemany(f"INSERT INTO {CLOSURES} VALUES (?, ?, ?)", closures)
