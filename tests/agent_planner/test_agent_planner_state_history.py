"""A stop on doing something again ("once they complete a workout") is read against what the audience has
already done: a lapsed state ends when its recency drops, a count the audience already has waits on a new
event, and an audience that never did it keeps the plain count."""

from __future__ import annotations

from agent_planner_helpers import E, T

from agent.catalog_planner.state_history import new_event_stop
from warehouse.catalog import Catalog


def test_a_lapsed_state_ends_when_its_recency_drops(catalog: Catalog) -> None:
    at_risk = [T("activation_state", "eq", "at_risk")]
    got = new_event_stop("workout_completed", at_risk, catalog, "workouts_completed")
    assert got == T("days_since_last_workout", "lt", 10)


def test_a_count_the_audience_has_waits_on_a_new_event(catalog: Catalog) -> None:
    got = new_event_stop(
        "workout_completed", [T("workouts_completed", "gte", 2)], catalog, "workouts_completed"
    )
    assert got == E("workout_completed", "gte", 1, 1)


def test_an_audience_that_never_did_it_keeps_the_plain_count(catalog: Catalog) -> None:
    new = [T("activation_state", "eq", "new"), T("subscription_status", "eq", "trial")]
    assert new_event_stop("workout_completed", new, catalog, "workouts_completed") is None
    # "committed" implies past workouts but does not wait on one: no lapse to end
    committed = [T("activation_state", "eq", "committed")]
    assert new_event_stop("workout_completed", committed, catalog, "workouts_completed") is None
