"""Steps 2b and 2c: global suppressions, then stop conditions, close open decisions with their reason."""

from __future__ import annotations

from orchestrator.executor.context import CANDIDATES, FLAG_DEFS, FLAG_HITS, RunContext


def _close_flagged(ctx: RunContext, kind: str, outcome: str, verb: str) -> None:
    """Close open candidates hit by a flag of this kind; the first flag in plan order names the reason."""
    ctx.con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {CANDIDATES} AS
        WITH first_hit AS (
            SELECT h.user_id, d.rule_id, arg_min(d.flag_id, d.ord) AS flag_id
            FROM {FLAG_HITS} h JOIN {FLAG_DEFS} d USING (cond_key)
            WHERE d.kind = ? GROUP BY h.user_id, d.rule_id)
        SELECT c.* REPLACE (
            CASE WHEN c.outcome IS NULL AND f.flag_id IS NOT NULL THEN ? ELSE c.outcome END AS outcome,
            CASE WHEN c.outcome IS NULL AND f.flag_id IS NOT NULL THEN ? || f.flag_id ELSE c.reason END AS reason)
        FROM {CANDIDATES} c LEFT JOIN first_hit f USING (user_id, rule_id)""",
        [kind, outcome, f"{verb} by "],
    )


def apply_suppressions(ctx: RunContext) -> None:
    """Mark users hit by a global, policy or rule suppression `suppressed`."""
    _close_flagged(ctx, "suppression", "suppressed", "suppressed")


def apply_stop_conditions(ctx: RunContext) -> None:
    """Mark users who meet a rule's exit criteria `stopped`."""
    _close_flagged(ctx, "stop", "stopped", "stopped")
