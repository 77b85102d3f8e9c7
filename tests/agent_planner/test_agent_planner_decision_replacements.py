"""Conditional replacements ("If they upgrade, swap the upgrade nudge for an onboarding tip", "Replace A with B
once Z", "once Z, send B instead of A"): A stops when Z holds, and B is a program of its own right after A, for
the people Z holds for (the scope's conditions Z ends give way). B was dropped, or drafted as a program named
after the sentence for A's people."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import TRIAL, by_priority, names
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf, iter_conditions

PAYING = T("subscription_status", "eq", "active")


@pytest.mark.parametrize(
    "prompt",
    [
        "For trial users: upgrade nudge first, workout tips second. When they convert, swap the upgrade nudge for "
        "an onboarding tip.",
        "For trial users, send the upgrade nudge first and workout tips second. Replace the upgrade nudge with an "
        "onboarding tip once they subscribe.",
        "For trial users: upgrade nudge first, workout tips second. Once they upgrade, send an onboarding tip "
        "instead of the upgrade nudge.",
    ],
)
def test_the_new_program_follows_the_old_one_for_those_who_converted(planner: CatalogPlanner, prompt: str) -> None:
    nudge, tip, tips = by_priority(draft_policy(planner, prompt))
    assert (nudge.id, tip.id, tips.id) == ("upgrade_nudge", "onboarding_tip", "workout_tips")
    assert any(PAYING in iter_conditions(s.condition) or "subscription_started" in names(s.condition)
               for s in nudge.stop_conditions)
    assert tip.audience == PAYING  # trial gives way: upgrading ends it
    assert TRIAL in iter_conditions(tips.audience)


def test_a_win_back_is_replaced_for_those_back_and_other_people_words_stay(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For cancelled subscribers on iOS: win-back offer first, then feedback survey. If they resubscribe, replace "
        "the win-back offer with a welcome-back email.",
    )
    offer, welcome, survey = by_priority(policy)
    assert (offer.id, welcome.id, survey.id) == ("win_back_offer", "welcome_back_email", "feedback_survey")
    assert welcome.audience == AllOf(conditions=[T("device_os", "eq", "ios"), PAYING])
    assert [c.channel for c in welcome.channels] == ["email"]
    assert "win_back_offer" in welcome.description


def test_a_return_to_activity_replaces_the_save_offer(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Send the save offer to at-risk users before the re-engagement push to at-risk users; once they work out "
        "again, replace the save offer with a streak challenge.",
    )
    save, streak, push = by_priority(policy)
    assert (save.id, streak.id, push.id) == ("save_offer", "streak_challenge", "re_engagement_push")
    assert "days_since_last_workout" in names(save.stop_conditions[0].condition)
    assert names(streak.audience) == {"days_since_last_workout"}  # at-risk is what a new workout ends
