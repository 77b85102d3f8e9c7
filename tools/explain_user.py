"""explain_user: why a user did or did not get a rule in the latest run, step by step."""

from __future__ import annotations

from orchestrator.explain import explain
from orchestrator.explain_model import Explanation
from tools.context import ToolContext
from tools.results import returns_tool_error


@returns_tool_error
def explain_user(ctx: ToolContext, user_id: str, rule_id: str | None = None) -> Explanation:
    """Explain each rule's decision for one user in the latest run: audience checks, suppressions, holdout,
    arbitration, caps and the messages queued, with the trait values behind each check.

    `user_id` is a stitched user id (dim_users.user_id); `rule_id` narrows the answer to one rule.
    """
    with ctx.warehouse.sandbox() as con:
        return explain(con, user_id, rule_id=rule_id)
