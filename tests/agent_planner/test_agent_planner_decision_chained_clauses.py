"""Clauses chained after a ranking with commas each keep their own job: a stop or suppression naming a program
(", and stop the check-in as soon as …"), a holdout or channel of one program (", hold out 20% of the save
offer, and send re-engagement by push only"), a cap with no 'at' (", cap 2/week"), and "send X only to …";
none is read as a program, nor given to the program said last."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.suppressions import stated_caps, take_caps


@pytest.mark.parametrize(
    ("prompt", "stopped", "kept"),
    [
        (
            "Put the support check-in for users with an open ticket ahead of the win-back offer for cancelled "
            "users, and stop the check-in as soon as the ticket is resolved.",
            "support_check_in",
            "win_back_offer",
        ),
        (
            "Support follow-up for users with open tickets over the upgrade nudge for trial users, but end the "
            "follow-up once their tickets are resolved.",
            "support_follow_up",
            "upgrade_nudge",
        ),
    ],
)
def test_a_named_stop_after_a_ranking_clause_is_that_programs(
    planner: CatalogPlanner, prompt: str, stopped: str, kept: str
) -> None:
    rules = {r.id: r for r in draft_policy(planner, prompt).rules}
    assert set(rules) == {stopped, kept}
    assert [s.condition for s in rules[stopped].stop_conditions if s.id.startswith("stated")] == [
        T("open_tickets", "eq", 0)  # resolved: no ticket left open, not any ticket resolved ever
    ]
    assert not any(s.id.startswith("stated") for s in rules[kept].stop_conditions)


def test_a_named_suppression_after_a_ranking_clause_is_that_programs(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Save offer for at-risk users over the upgrade nudge for high-intent users, and suppress the upgrade "
        "nudge for anyone in Germany.",
    )
    assert [r.id for r in by_priority(policy)] == ["save_offer", "upgrade_nudge"]
    assert [s.applies_to for s in policy.suppressions if s.condition == T("country", "eq", "DE")] == [["upgrade_nudge"]]


@pytest.mark.parametrize(
    "prompt",
    [
        "For at-risk users, rank the save offer over re-engagement, hold out 20% of the save offer, and send "
        "re-engagement by push only.",
        "For at-risk users the save offer beats re-engagement, keep 20% of the save offer as a holdout, send "
        "re-engagement via push only.",
    ],
)
def test_settings_chained_after_a_ranking_are_their_programs(planner: CatalogPlanner, prompt: str) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ["save_offer", "re_engagement"]
    assert [r.holdout_share for r in rules] == [0.2, 0.1]
    assert [s.channel for s in rules[1].channels] == ["push"]
    assert [s.channel for s in rules[0].channels] != ["push"]


@pytest.mark.parametrize(("said", "sends", "days"), [("cap 2/week", 2, 7), ("cap 1 per day", 1, 1), ("capped 3 a week", 3, 7)])
def test_a_cap_word_straight_before_its_count_is_a_cap(said: str, sends: int, days: int) -> None:
    [cap] = stated_caps(f"Win-back first, then onboarding, {said}")
    assert (cap.cap.max_sends, cap.cap.per_days) == (sends, days)
    assert take_caps(f"Win-back first, then onboarding, {said}")[1] == [said]


def test_a_trailing_cap_is_no_program(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Win-back (cancelled users) vs upgrade nudge (high intent) vs onboarding (new users) -- you decide the "
        "order, cap 2/week",
    )
    assert len(policy.rules) == 3
    assert policy.frequency_cap is not None and (policy.frequency_cap.max_sends, policy.frequency_cap.per_days) == (2, 7)


def test_send_a_program_only_to_people_narrows_that_program(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "New users: onboarding before the push permission ask. Send the permission ask only to users without "
            "push enabled.",
        )
    )
    assert rules[0].audience == T("activation_state", "eq", "new")
    assert T("push_enabled", "eq", False) in rules[1].audience.conditions  # type: ignore[union-attr]


def test_a_bare_named_stop_after_a_ranking_is_that_programs(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "Prioritize re-engagement for users who haven't worked out in 21 days over the upgrade offer for users "
            "who started checkout, and stop re-engagement as soon as they work out again.",
        )
    )
    assert [r.id for r in rules] == ["re_engagement", "upgrade_offer"]
    assert "workouts_completed" not in {getattr(s.condition, "trait", None) for s in rules[1].stop_conditions}


def test_guards_chained_after_a_headed_ranking_keep_both_programs(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For trial users: upgrade reminder ahead of workout tips, but never send the upgrade reminder while they "
        "have an open billing ticket, and stop the tips as soon as they complete 3 workouts.",
    )
    rules = by_priority(policy)
    assert [r.id for r in rules] == ["upgrade_reminder", "workout_tips"]  # the tips were dropped
    assert T("workouts_completed", "gte", 3) in [s.condition for s in rules[1].stop_conditions]
    assert [s.applies_to for s in policy.suppressions if "billing" in s.description] == [["upgrade_reminder"]]


def test_a_holdout_said_without_a_verb_is_one_programs(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Rank: win-back for cancelled users > re-engagement for users inactive 14+ days > upgrade nudge for trial "
        "users. 20% holdout on the win-back only.",
    )
    assert [r.holdout_share for r in by_priority(policy)] == [0.2, 0.0, 0.0]
