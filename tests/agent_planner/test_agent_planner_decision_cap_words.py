"""A cap said in a marketer's own words is the cap: "more than twice a week" allows two (it allowed one),
"msg" is a message, "in any 7-day window" is a span of days; a ranking said with "put A ahead of B" or as a
bare chain ("Lapsed users: A before B") is a decision, whatever else the prompt says."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.suppressions import frequency_cap
from orchestrator.spec import FrequencyCap


@pytest.mark.parametrize(
    ("said", "sends", "days"),
    [
        ("Don't message anyone more than twice a week.", 2, 7),
        ("never contact a user more than 3 times a week", 3, 7),
        ("Never message anyone twice in one day.", 1, 1),
        ("max 1 msg per week", 1, 7),
        ("no more than 4 messages in any 7-day window", 4, 7),
        ("at most 2 sends over 10 days", 2, 10),
    ],
)
def test_a_cap_in_a_marketers_words(said: str, sends: int, days: int) -> None:
    assert frequency_cap(said)[0] == FrequencyCap(max_sends=sends, per_days=days)


def test_a_policy_takes_the_cap_said_in_passing(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For trial users: 1) upgrade offer 2) onboarding. Please don't message anyone more than twice a week.",
    )
    assert policy.frequency_cap == FrequencyCap(max_sends=2, per_days=7)


@pytest.mark.parametrize(
    ("prompt", "ids"),
    [
        (
            "For lapsed subscribers, put the win-back campaign ahead of feature education. Never send more than "
            "one message every 3 days.",
            ["win_back_campaign", "feature_education"],
        ),
        ("Churned subscribers: the discount email before the survey.", ["discount_email", "survey"]),
    ],
)
def test_a_ranking_without_a_ranking_word_is_a_decision(
    planner: CatalogPlanner, prompt: str, ids: list[str]
) -> None:
    assert [r.id for r in by_priority(draft_policy(planner, prompt))] == ids


@pytest.mark.parametrize(
    ("said", "control", "holdout"),
    [
        ("Keep 15% as a control group.", 0.15, 0.1),
        ("Hold out 20% as our control.", 0.2, 0.1),
        ("Keep a 5% holdout and a 10% global control group.", 0.1, 0.05),
    ],
)
def test_a_share_kept_as_a_control_group_is_the_policys(
    planner: CatalogPlanner, said: str, control: float, holdout: float
) -> None:
    policy = draft_policy(planner, f"For expired trials: 1) win-back 2) survey. {said}")
    assert policy.control_group_share == control
    assert {r.holdout_share for r in policy.rules} == {holdout}
