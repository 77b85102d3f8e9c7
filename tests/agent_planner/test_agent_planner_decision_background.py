"""Decision prompts that give business context before the ask ("Context: … Ask: …", "Background - … Request:
…"): the background is no program (it drafted one named "ask" and turned the scope around), and "keep the
upgrade offer last" names the upgrade offer, not a "keep upgrade offer"."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import iter_conditions


@pytest.mark.parametrize(
    ("prompt", "ids", "scope"),
    [
        (
            "Context: our Android retention dropped last quarter and leadership wants a fix. Ask: for Android "
            "users, put the streak saver above the comeback push for users inactive 7+ days, and keep the upgrade "
            "offer last.",
            ["streak_saver", "comeback_push", "upgrade_offer"],
            T("device_os", "eq", "android"),
        ),
        (
            "Background - we're overwhelmed with billing tickets this month.\nRequest: for trial users, the "
            "billing follow-up comes first, then the upgrade offer.",
            ["billing_follow_up", "upgrade_offer"],
            T("subscription_status", "eq", "trial"),
        ),
    ],
)
def test_the_background_before_the_ask_is_no_program(
    planner: CatalogPlanner, prompt: str, ids: list[str], scope: object
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ids
    assert all(scope in list(iter_conditions(r.audience)) for r in rules)
