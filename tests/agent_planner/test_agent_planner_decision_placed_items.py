"""Programs each followed by its place ("For new users: the welcome series first, the tips digest second, the
referral ask third"), in one sentence or one sentence each, are ranked by the places, under the shared scope;
items joined by ">" are ranked highest first, a comparison sign ("workouts > 3") is none; a request head that
names people ("Order the programs for iOS users: …") gives them to every program."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.lists import split_enumeration
from agent.catalog_planner.rank_marks import spell_ordinal_marks
from orchestrator.spec import Not

NEW = T("activation_state", "eq", "new")


@pytest.mark.parametrize(
    "prompt",
    [
        "For new users: the welcome series first, the tips digest second, the referral ask third.",
        "For new users the welcome series always comes first; the tips digest is second and the referral ask is third.",
        "For new users the referral ask comes third, the welcome series first and the tips digest second.",
        "For new users, the welcome series comes first. The tips digest is second. The referral ask is last.",
    ],
)
def test_items_followed_by_their_places_are_ranked_by_them(planner: CatalogPlanner, prompt: str) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ["welcome_series", "tips_digest", "referral_ask"]
    assert all(r.audience == NEW for r in rules)


def test_a_part_without_a_place_is_no_placed_list() -> None:
    listing = split_enumeration("Send the win-back email first, then the comeback push.")
    assert listing is not None and listing.items == ["Send the win-back email", "the comeback push"]


def test_items_joined_by_arrows_rank_highest_first_with_their_own_people(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "Rank: save offer (at-risk users) > upgrade offer (trial users) > welcome series (new users). Remove "
            "everyone once they open a ticket.",
        )
    )
    assert [(r.id, r.audience) for r in rules] == [
        ("save_offer", T("activation_state", "eq", "at_risk")),
        ("upgrade_offer", T("subscription_status", "eq", "trial")),
        ("welcome_series", NEW),
    ]
    assert all(T("open_tickets", "gte", 1) in [s.condition for s in r.stop_conditions] for r in rules)


@pytest.mark.parametrize("prompt", ["Users with workouts > 3 and push on", "users whose streak >= 5"])
def test_a_comparison_sign_is_no_ranking(prompt: str) -> None:
    assert split_enumeration(prompt) is None


def test_a_request_head_with_people_is_the_shared_scope(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "Order the programs for iOS users by urgency: the push opt-in reminder for users with push off, then the "
            "upgrade offer for trial users.",
        )
    )
    ios = T("device_os", "eq", "ios")
    assert [r.id for r in rules] == ["push_opt_in_reminder", "upgrade_offer"]
    assert all(ios in getattr(r.audience, "conditions", []) for r in rules)


@pytest.mark.parametrize("first, second", [("1st", "2nd"), ("first", "second")])
def test_leading_ordinals_mark_places_and_are_no_part_of_the_names(
    planner: CatalogPlanner, first: str, second: str
) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            f"For Android users: {first} the push opt-in reminder for users with push off, {second} the streak saver "
            "for users with a streak.",
        )
    )
    assert [r.id for r in rules] == ["push_opt_in_reminder", "streak_saver"]
    assert all(T("device_os", "eq", "android") in getattr(r.audience, "conditions", []) for r in rules)


def test_an_abbreviated_ordinal_inside_a_condition_is_a_count() -> None:
    assert (
        spell_ordinal_marks("users on their 2nd workout, 1st the nudge")
        == "users on their 2nd workout, first the nudge"
    )


def test_placed_items_after_an_introduction_keep_every_program(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Here's what matters: trial users finishing a second workout comes first, upgrading trial users is second, "
        "and the tips digest for everyone else is last. Keep a 5% control group.",
    )
    workout, upgrade, tips = by_priority(policy)
    assert T("workouts_completed", "eq", 1) in getattr(workout.audience, "conditions", [])
    assert upgrade.audience == T("subscription_status", "eq", "trial")
    assert isinstance(tips.audience, Not) and tips.id == "rest_tips_digest"  # everyone the two before miss
    assert policy.control_group_share == 0.05
