"""Step 4c: frequency caps, global then per rule, can turn a win into `capped`."""

from __future__ import annotations

from orchestrator.executor.context import CANDIDATES, HISTORY, RULES, RunContext


def apply_caps(ctx: RunContext) -> None:
    """Close winners whose messages in a cap window already reach the cap, naming the count and the cap."""
    con = ctx.con
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _mcc_global_caps (ord INTEGER, max_sends INTEGER, per_days INTEGER)"
    )
    caps = [(i, c.max_sends, c.per_days) for i, c in enumerate(ctx.plan.global_caps)]
    if caps:
        con.executemany("INSERT INTO _mcc_global_caps VALUES (?, ?, ?)", caps)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {CANDIDATES} AS
        WITH winners AS (SELECT user_id, rule_id FROM {CANDIDATES} WHERE outcome = 'send'),
        global_hits AS (
            SELECT w.user_id, g.ord, g.max_sends, g.per_days, count(h.sent_at) AS n
            FROM winners w CROSS JOIN _mcc_global_caps g
            LEFT JOIN {HISTORY} h ON h.user_id = w.user_id AND h.sent_at > $as_of - to_days(g.per_days)
            GROUP BY ALL HAVING count(h.sent_at) >= g.max_sends),
        first_global AS (
            SELECT user_id, arg_min(printf('capped: %d messages in the last %d days (global cap %d per %d days)',
                                           n, per_days, max_sends, per_days), ord) AS why
            FROM global_hits GROUP BY user_id),
        rule_hits AS (
            SELECT w.user_id, w.rule_id,
                   printf('capped: %d messages of this rule in the last %d days (rule cap %d per %d days)',
                          count(h.sent_at), r.cap_days, r.cap_max, r.cap_days) AS why
            FROM winners w JOIN {RULES} r USING (rule_id)
            LEFT JOIN {HISTORY} h ON h.user_id = w.user_id AND h.rule_id = w.rule_id
                                  AND h.sent_at > $as_of - to_days(r.cap_days)
            WHERE r.cap_max IS NOT NULL
            GROUP BY w.user_id, w.rule_id, r.cap_max, r.cap_days HAVING count(h.sent_at) >= r.cap_max)
        SELECT c.* REPLACE (
            CASE WHEN c.outcome = 'send' AND coalesce(g.why, rh.why) IS NOT NULL THEN 'capped'
                 ELSE c.outcome END AS outcome,
            CASE WHEN c.outcome = 'send' THEN coalesce(g.why, rh.why, c.reason) ELSE c.reason END AS reason)
        FROM {CANDIDATES} c
        LEFT JOIN first_global g ON g.user_id = c.user_id AND c.outcome = 'send'
        LEFT JOIN rule_hits rh ON rh.user_id = c.user_id AND rh.rule_id = c.rule_id""",
        {"as_of": ctx.as_of},
    )
