"""A ranking of bare programs whose people a later sentence gives ("Re-engagement outranks upsell for users
inactive 14+ days. Upsell goes to users with high upgrade intent.") drafts each program with those people
(and the shared ones); it was refused naming the first program."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import audiences, by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        (
            "Re-engagement outranks upsell for users inactive 14+ days. Upsell goes to users with high upgrade intent.",
            [{"days_since_last_workout"}, {"days_since_last_workout", "upgrade_intent"}],
        ),
        (
            "Retention outranks upsell for at-risk users. Upsell is for users with high upgrade intent.",
            [{"activation_state"}, {"activation_state", "upgrade_intent"}],
        ),
        (
            "Winback beats survey. Winback goes to users who cancelled. Survey is for users with low CSAT.",
            [{"subscription_status"}, {"avg_csat"}],
        ),
        (
            "Streak saver before the upgrade nudge. The upgrade nudge targets users with high upgrade intent; the "
            "streak saver is for users on a 5+ day streak.",
            [{"current_streak_days"}, {"upgrade_intent"}],
        ),
        (
            "Re-engagement for users inactive 14+ days first, then upsell for at-risk users. Upsell goes to users "
            "with high upgrade intent.",
            [{"days_since_last_workout"}, {"activation_state", "upgrade_intent"}],
        ),
    ],
)
def test_people_said_after_the_ranking_are_that_programs(
    planner: CatalogPlanner, prompt: str, expected: list[set[str]]
) -> None:
    policy = draft_policy(planner, prompt)
    assert [names & set().union(*expected) for names in audiences(policy)] == expected


def test_a_restriction_sentence_after_a_list_narrows_its_program(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Win-back for cancelled users first, then the upgrade nudge for at-risk users. The upgrade nudge should "
        "only go to users with high upgrade intent.",
    )
    assert "upgrade_intent" not in audiences(policy)[0]
    assert {"activation_state", "upgrade_intent"} <= audiences(policy)[1]
    assert by_priority(policy)[1].id.startswith("upgrade_nudge")
