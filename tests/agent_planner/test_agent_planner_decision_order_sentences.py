"""A later sentence naming defined programs in order ("Order: streak saver, onboarding, upgrade offer", "Priority
is the save offer, then the upgrade offer, then tips") sets their priority; "Holdout: 10%" and "Control group:
5%" are settings, not programs; "A first, then B" under people is a decision (a channel plan is not)."""

from __future__ import annotations

from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy, draft_rule

from agent.catalog_planner import CatalogPlanner


def test_an_order_sentence_after_a_bulleted_list(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "- Onboarding: new users\n- Streak saver: users with a streak of 3+ days\n- Upgrade offer: trial users with "
        "high intent\nOrder: streak saver, onboarding, upgrade offer. Stop the upgrade offer once they subscribe.",
    )
    assert [r.id for r in by_priority(policy)] == ["streak_saver", "onboarding", "upgrade_offer"]


def test_a_priority_sentence_after_a_numbered_list(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "1) upgrade offer for trial users 2) save offer for at-risk users 3) tips for new users. Priority is the "
        "save offer, then the upgrade offer, then tips.",
    )
    assert [r.id for r in by_priority(policy)] == ["save_offer", "upgrade_offer", "tips"]
    assert by_priority(policy)[0].audience == T("activation_state", "eq", "at_risk")


def test_settings_after_a_colon_add_no_programs(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Among trial users, support comes first, then the second workout nudge, then upgrade messaging. "
        "Holdout: 10%. Control group: 5%.",
    )
    assert len(policy.rules) == 3
    assert {r.holdout_share for r in policy.rules} == {0.1}
    assert policy.control_group_share == 0.05
    assert all("trial" in r.audience.model_dump_json() for r in policy.rules)


def test_first_then_under_people_is_a_decision_but_a_channel_plan_is_a_rule(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner, "For users who churned in the last 30 days: winback offer first, then feature education."
    )
    assert [r.id for r in by_priority(policy)] == ["winback_offer", "feature_education"]
    rule = draft_rule(planner, "Email first, then push, for trial users with high intent.")
    assert [c.channel for c in rule.channels] == ["email", "push"]
