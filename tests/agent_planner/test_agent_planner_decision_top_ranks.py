"""A program with no people ranked first ("Top priority is the tips digest", "the tips digest, then A for X,
then B for Y") is kept, for everyone the other programs reach; "A wins over everything except B" puts B
first and A second, above the rest, whether A repeats its people or not."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AnyOf

AT_RISK, TRIAL, TICKET = (
    T("activation_state", "eq", "at_risk"),
    T("subscription_status", "eq", "trial"),
    T("open_tickets", "gte", 1),
)


@pytest.mark.parametrize(
    "prompt",
    [
        "We run the save offer for at-risk users and the upgrade push for trial users. Top priority is the tips digest.",
        "Prioritize: the tips digest, then the save offer for at-risk users, then the upgrade push for trial users.",
    ],
)
def test_a_program_without_people_ranked_first_wins_for_everyone_the_others_reach(
    planner: CatalogPlanner, prompt: str
) -> None:
    digest, save, upgrade = by_priority(draft_policy(planner, prompt))
    assert digest.id.startswith("tips_digest")
    assert digest.audience == AnyOf(conditions=[AT_RISK, TRIAL])
    assert (save.audience, upgrade.audience) == (AT_RISK, TRIAL)


@pytest.mark.parametrize(
    "prompt",
    [
        "We run the support follow-up for users with an open ticket, the upgrade push for trial users and the save "
        "offer for at-risk users. The save offer for at-risk users wins over everything except the support follow-up.",
        "We run the support follow-up for users with an open ticket, the upgrade push for trial users and the save "
        "offer for at-risk users. The save offer beats everything else but the support follow-up.",
        "The save offer for at-risk users wins over everything except the support follow-up for users with an open "
        "ticket. The upgrade push for trial users comes after.",
    ],
)
def test_wins_over_everything_except_puts_the_exception_first_and_the_winner_second(
    planner: CatalogPlanner, prompt: str
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.audience for r in rules] == [TICKET, AT_RISK, TRIAL]


def test_wins_but_is_no_exception(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "For trial users: the upgrade offer wins, but stop it once they subscribe; the tips digest for new users "
            "second.",
        )
    )
    assert rules[0].id == "upgrade_offer" and len(rules) == 2


@pytest.mark.parametrize(
    "prompt",
    [
        "The referral ask for users with 5+ workouts should never outrank the save offer for at-risk users.",
        "We run the referral ask for users with 5+ workouts and the save offer for at-risk users. The referral ask "
        "shouldn't come before the save offer.",
        "If someone is eligible for the referral ask for users with 5+ workouts and the save offer for at-risk users, "
        "the save offer takes precedence.",
    ],
)
def test_a_negated_or_conditional_comparison_ranks_the_other_program_first(
    planner: CatalogPlanner, prompt: str
) -> None:
    save, referral = by_priority(draft_policy(planner, prompt))
    assert (save.id, save.audience) == ("save_offer", AT_RISK)
    # "never" ranks the programs; it negates nobody's people
    assert (referral.id, referral.audience) == ("referral_ask", T("workouts_completed", "gte", 5))


def test_in_order_of_importance_ranks_the_listed_plays(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "Our plays for trial users, in order of importance: upgrade nudge, second-workout push, feature tour email.",
        )
    )
    assert [r.id for r in rules] == ["upgrade_nudge", "second_workout_push", "feature_tour_email"]
    assert all(TRIAL in getattr(r.audience, "conditions", [r.audience]) for r in rules)
