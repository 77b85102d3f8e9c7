"""Step 4c: frequency caps, global, per channel, then per rule, can turn a win into `capped`.

A channel cap counts the user's messages on one channel. It is checked against the channel of the winning
rule's first step, the send the run queues now; a later step on a channel at its cap is left out of the
outbox (write_outbox), and the rest of the rule's plan still goes.
"""

from __future__ import annotations

from orchestrator.executor.context import HISTORY, RULES, STEPS, RunContext

GLOBAL_CAPPED = "_mcc_global_capped"
CHANNEL_CAPPED = "_mcc_channel_capped"
RULE_CAPPED = "_mcc_rule_capped"


def _counted(n: str, noun: str = "'message'") -> str:
    """Return SQL saying `n` of a noun in words: 1 message, 3 messages."""
    return f"{n} || ' ' || {noun} || CASE WHEN {n} = 1 THEN '' ELSE 's' END"


def _span(days: str) -> str:
    """Return SQL saying a window of days in words: day, 7 days ("in the last day", "1 per day")."""
    return f"CASE WHEN {days} = 1 THEN 'day' ELSE {days} || ' days' END"


def count_capped(ctx: RunContext) -> None:
    """Create the users at a global cap and the (user, rule) pairs at a rule cap, with the reason."""
    con = ctx.con
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _mcc_global_caps (ord INTEGER, max_sends INTEGER, per_days INTEGER)"
    )
    caps = [(i, c.max_sends, c.per_days) for i, c in enumerate(ctx.plan.global_caps)]
    if caps:
        con.executemany("INSERT INTO _mcc_global_caps VALUES (?, ?, ?)", caps)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {GLOBAL_CAPPED} AS
        SELECT user_id, arg_min(printf('capped: %s in the last %s (global cap %d per %s)',
                                       {_counted("n")}, {_span("per_days")}, max_sends, {_span("per_days")}), ord) AS why
        FROM (SELECT h.user_id, g.ord, g.max_sends, g.per_days, count(*) AS n
              FROM {HISTORY} h JOIN _mcc_global_caps g ON h.sent_at > $as_of - to_days(g.per_days)
              GROUP BY ALL HAVING count(*) >= g.max_sends)
        GROUP BY user_id""",
        {"as_of": ctx.as_of},
    )
    count_channel_capped(ctx)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {RULE_CAPPED} AS
        SELECT h.user_id, h.rule_id,
               printf('capped: %s of this rule in the last %s (rule cap %d per %s)',
                      {_counted("count(*)")}, {_span("r.cap_days")}, r.cap_max, {_span("r.cap_days")}) AS why
        FROM {HISTORY} h JOIN {RULES} r ON r.rule_id = h.rule_id AND h.sent_at > $as_of - to_days(r.cap_days)
        WHERE r.cap_max IS NOT NULL
        GROUP BY h.user_id, h.rule_id, r.cap_max, r.cap_days HAVING count(*) >= r.cap_max""",
        {"as_of": ctx.as_of},
    )


def count_channel_capped(ctx: RunContext) -> None:
    """Create the (user, channel) pairs at a channel cap, with the reason of the first cap reached."""
    con = ctx.con
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _mcc_channel_caps (ord INTEGER, channel VARCHAR, max_sends INTEGER, per_days INTEGER)"
    )
    caps = [(i, channel, c.max_sends, c.per_days) for i, (channel, c) in enumerate(ctx.plan.channel_caps)]
    if caps:
        con.executemany("INSERT INTO _mcc_channel_caps VALUES (?, ?, ?, ?)", caps)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {CHANNEL_CAPPED} AS
        SELECT user_id, channel,
               arg_min(printf('capped: %s in the last %s (%s cap %d per %s)',
                              {_counted("n", "channel || ' message'")}, {_span("per_days")}, channel, max_sends,
                              {_span("per_days")}), ord) AS why
        FROM (SELECT h.user_id, g.channel, g.ord, g.max_sends, g.per_days, count(*) AS n
              FROM {HISTORY} h JOIN _mcc_channel_caps g
                ON h.channel = g.channel AND h.sent_at > $as_of - to_days(g.per_days)
              GROUP BY ALL HAVING count(*) >= g.max_sends)
        GROUP BY user_id, channel""",
        {"as_of": ctx.as_of},
    )


def held_by_channel_cap(user: str, step: str, channel: str) -> str:
    """Return SQL true for a later channel-plan step whose channel is at the user's cap: it is not queued
    (write_outbox), nor counted among a dry run's sends."""
    return f"({step} > 0 AND ({user}, {channel}) IN (SELECT (user_id, channel) FROM {CHANNEL_CAPPED}))"


def apply_caps(ctx: RunContext) -> None:
    """Add `capped_why` to winners whose messages in a cap window already reach the cap (global first)."""
    count_capped(ctx)
    by_channel, channel_why = "", ""
    if ctx.plan.channel_caps:  # two more joins over every candidate, only when some policy caps a channel
        by_channel = f"""
        LEFT JOIN {STEPS} first ON first.rule_id = c.winner AND first.step = 0
        LEFT JOIN {CHANNEL_CAPPED} cc ON cc.user_id = c.user_id AND cc.channel = first.channel"""
        channel_why = "cc.why, "
    ctx.advance(
        "apply_caps",
        f"""SELECT c.*, CASE WHEN c.winner IS NOT NULL THEN coalesce(g.why, {channel_why}rc.why) END AS capped_why
        FROM {ctx.current} c
        LEFT JOIN {GLOBAL_CAPPED} g ON g.user_id = c.user_id{by_channel}
        LEFT JOIN {RULE_CAPPED} rc ON rc.user_id = c.user_id AND rc.rule_id = c.winner""",
    )
