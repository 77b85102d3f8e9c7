"""Sentences that each name people before a colon and one program after it ("Trial users ending in 2 days:
upgrade reminder first. Trial users with an open ticket: support.") are one list, each program for its own
people in the order written (the first heading's people were every program's); a one-letter program name
drafts an id, not a crash."""

from __future__ import annotations

from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.people_headings import headed_programs_as_list


def test_each_heading_is_its_programs_people(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Trial users ending in 2 days: upgrade reminder first. Trial users with an open ticket: support first. "
        "Everyone else on trial: second workout nudge. Don't send marketing to users who opted out.",
    )
    reminder, support, nudge = by_priority(policy)
    assert reminder.id == "upgrade_reminder" and "trial_days_left" in reminder.audience.model_dump_json()
    assert "trial_days_left" not in support.audience.model_dump_json()
    assert T("open_tickets", "gte", 1) in getattr(support.audience, "conditions", [support.audience])
    assert "trial_days_left" not in nudge.audience.model_dump_json()


def test_headings_of_other_states(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Cancelled users: the win-back offer. At-risk subscribers: a save offer. New users: onboarding.",
    )
    assert [r.id for r in by_priority(policy)] == ["win_back_offer", "save_offer", "onboarding"]
    assert by_priority(policy)[0].audience == T("subscription_status", "eq", "cancelled")
    assert by_priority(policy)[2].audience == T("activation_state", "eq", "new")


def test_one_heading_stays_a_scope() -> None:
    text = "Trial users: upgrade offer first, then onboarding."
    assert headed_programs_as_list(text) == text


def test_one_letter_programs_get_ids(planner: CatalogPlanner) -> None:
    policy = draft_policy(planner, "Priority for iOS users: 1) X 2) B")
    assert len({r.id for r in policy.rules}) == 2
    assert all(len(r.id) >= 2 for r in policy.rules)


def test_numbered_headings_keep_their_numbers_out_of_the_people(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "1) trial users with high upgrade intent: upgrade offer\n2) trial users with an open ticket: support\n"
        "3) all other trial users: help them complete a second workout\nStop the upgrade offer once they subscribe.",
    )
    offer, support, nudge = by_priority(policy)
    assert T("open_tickets", "gte", 1) in getattr(support.audience, "conditions", [])
    assert T("subscription_status", "eq", "trial") in getattr(support.audience, "conditions", [])
    assert "open_tickets" not in offer.audience.model_dump_json()
    assert T("workouts_completed", "gte", 2) in [s.condition for s in nudge.stop_conditions]
