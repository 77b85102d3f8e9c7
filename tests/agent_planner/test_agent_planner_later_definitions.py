"""Programs defined after the ranking by a short name ("Nudge: users with one workout.", "The tips are for …") or
several in one sentence ("A is for X, B for Y, C for Z") each get their own people (the first was refused as naming
no people; the list's first program took every clause after it)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import audiences, by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    "prompt",
    [
        "Rank the second workout nudge above the onboarding tips. Nudge: users with exactly one workout. Tips: users "
        "who signed up in the past 3 days.",
        "second workout nudge over onboarding tips. The nudge is for users with exactly one workout. The tips are for "
        "users who signed up in the past 3 days.",
    ],
)
def test_a_short_name_defines_the_program_it_ends(planner: CatalogPlanner, prompt: str) -> None:
    policy = draft_policy(planner, prompt)
    assert [r.id for r in by_priority(policy)] == ["second_workout_nudge", "onboarding_tips"]
    assert audiences(policy) == [{"workouts_completed"}, {"days_since_signup"}]


def test_one_sentence_defining_several_gives_each_its_own(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "We have three programs competing: trial reminder, win-back, and weekly digest. Trial reminder wins over "
        "everything, then win-back; digest last. Trial reminder is for trial users with 2 days left, win-back for "
        "users inactive 30 days, digest for everyone opted in.",
    )
    first, second, third = audiences(policy)
    # the trial reminder took the win-back's and the digest's people too
    assert first == {"subscription_status", "trial_days_left"}
    assert "days_since_last_workout" in second and "days_since_last_workout" not in third
    assert "marketing_opt_in" in third
