"""Lists for people the catalog defines by more than a state: the head's people ("Priority order for lapsed
users:", "For churned users, rank these:", "Churned users:") scope every item; items named only by what is
sent ("feedback survey", "win them back with a discount email") are programs over that scope, not refusals;
"do a workout again" / "get them back to a workout" is a return, stopping at a new workout; an item with no
goal stops once its audience no longer holds."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import E, T, draft_policy

from agent.catalog_planner import CatalogPlanner

ACTIVE = T("subscription_status", "eq", "active")


def test_a_return_for_lapsed_people_ends_the_lapse(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Set priorities for users who haven't worked out in 14 days: (1) get them back to a workout (2) resolve "
        "open tickets (3) upgrade pitch.",
    )
    back, tickets, upgrade = by_priority(policy)
    lapsed = T("days_since_last_workout", "gte", 14)
    assert back.audience == lapsed  # everyone lapsed, not only those who never worked out
    assert [s.condition for s in back.stop_conditions] == [T("days_since_last_workout", "lt", 14)]
    assert lapsed in tickets.audience.conditions and lapsed in upgrade.audience.conditions  # type: ignore[union-attr]


def test_a_return_for_a_state_stops_at_a_new_workout(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For at-risk users, first handle any open support tickets, then try to get them back to a workout, and "
        "finally offer a discount to stay.",
    )
    tickets, back, discount = by_priority(policy)
    assert tickets.purpose == "service"
    assert back.audience == T("activation_state", "eq", "at_risk")
    # at_risk is "2 or more workouts but none in the 10 days before": a new workout ends that lapse
    assert [s.condition for s in back.stop_conditions] == [T("days_since_last_workout", "lt", 10)]
    # an item naming no goal stops once its audience (the scope) no longer holds
    assert [s.condition for s in discount.stop_conditions] == [T("activation_state", "ne", "at_risk")]


@pytest.mark.parametrize(
    ("prompt", "ids"),
    [
        (
            "For churned users, rank these: first win them back with a discount email, then ask for feedback, "
            "finally re-engage with workout content. Don't message anyone who opted out. Stop once they "
            "resubscribe.",
            ["win_back_discount", "ask_feedback", "re_engage_workout"],
        ),
        (
            "Churned users: we have a win-back discount, a feedback survey and workout content. The survey goes "
            "first, then the discount, then content. Stop once they resubscribe.",
            ["feedback_survey", "win_back_discount", "workout_content"],
        ),
    ],
)
def test_named_items_over_a_people_head(planner: CatalogPlanner, prompt: str, ids: list[str]) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ids
    for rule in rules:
        assert rule.audience == E("subscription_cancelled"), rule.id
        assert [s.condition for s in rule.stop_conditions] == [ACTIVE], rule.id


def test_a_lapsed_head_scopes_every_item(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "Priority order for lapsed users: 1) get them to do a workout again 2) resolve open tickets 3) upgrade "
        "pitch.",
    )
    for rule in by_priority(policy):
        assert "days_since_last_workout" in rule.audience.model_dump_json(), rule.id


def test_a_scoped_question_between_two_programs(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "For paying subscribers who haven't worked out in 30 days, what should come first: a comeback push or a "
        "renewal reminder? Comeback first. Never while they have an open ticket.",
    )
    rules = by_priority(policy)
    assert [r.id for r in rules] == ["comeback_push", "renewal_reminder"]
    for rule in rules:
        # the head's people read in full: the negation belongs to the workouts, not to "paying"
        assert rule.audience.conditions == [ACTIVE, T("days_since_last_workout", "gte", 30)], rule.id  # type: ignore[union-attr]
