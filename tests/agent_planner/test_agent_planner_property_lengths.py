"""A length said of an event filters it on its duration property; a length said of an average is the trait."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pytest
from agent_planner_helpers import draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.property_measures import duration_property, take_lengths
from orchestrator.compile import audiences_query
from orchestrator.spec import EventCondition, PropertyFilter, TraitCondition
from warehouse.catalog import Catalog


def duration(op: str, minutes: float) -> PropertyFilter:
    return PropertyFilter(property="duration_min", op=op, value=minutes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("prompt", "where"),
    [
        ("users who finished a cycling workout longer than 40 minutes",
         [PropertyFilter(property="workout_type", op="eq", value="cycling"), duration("gt", 40)]),
        ("Target people who did 40+ minute yoga sessions",
         [PropertyFilter(property="workout_type", op="eq", value="yoga"), duration("gte", 40)]),
        ("members who completed a workout of at least half an hour", [duration("gte", 30)]),
        ("folks who completed a workout shorter than 15 mins", [duration("lt", 15)]),
        ("users who completed a workout over an hour long", [duration("gt", 60)]),
    ],
)
def test_a_length_said_of_a_workout_filters_its_duration(planner: CatalogPlanner, prompt: str, where: list[PropertyFilter]) -> None:
    rule = draft_rule(planner, prompt)
    assert isinstance(rule.audience, EventCondition) and rule.audience.event == "workout_completed"
    assert rule.audience.where == where


def test_the_count_and_the_window_stay_with_the_event(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "users who completed 3 workouts of at least half an hour in the last 14 days")
    assert rule.audience == EventCondition(event="workout_completed", op="gte", count=3, within_days=14,
                                           where=[duration("gte", 30)])


@pytest.mark.parametrize(
    "prompt", ["users whose average workout is longer than 40 minutes", "users with an average session length over 40 minutes"]
)
def test_a_length_said_of_an_average_is_the_average_trait(planner: CatalogPlanner, prompt: str) -> None:
    assert draft_rule(planner, prompt).audience == TraitCondition(trait="avg_workout_minutes", op="gt", value=40)


def test_only_numeric_properties_named_for_a_duration_are_lengths(catalog: Catalog) -> None:
    assert duration_property("workout_completed", catalog) == "duration_min"
    assert duration_property("pricing_viewed", catalog) is None
    assert take_lengths("workouts longer than 40 minutes")[1][0].minutes == 40
    assert take_lengths("users in the last 40 minutes")[1] == []  # a time, not a length


def test_the_filter_compiles_and_selects_by_duration(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "users who finished a cycling workout longer than 40 minutes")
    con = duckdb.connect()
    con.execute("CREATE TABLE user_traits (user_id VARCHAR)")
    con.execute("INSERT INTO user_traits VALUES ('short'), ('long'), ('long_yoga')")
    con.execute("CREATE TABLE fct_events (user_id VARCHAR, event_name VARCHAR, event_time TIMESTAMP, properties JSON)")
    con.execute("""INSERT INTO fct_events VALUES
        ('short', 'workout_completed', '2026-01-05', '{"workout_type": "cycling", "duration_min": 25.5}'),
        ('long', 'workout_completed', '2026-01-05', '{"workout_type": "cycling", "duration_min": 41}'),
        ('long_yoga', 'workout_completed', '2026-01-05', '{"workout_type": "yoga", "duration_min": 90}')""")
    sql = audiences_query({"a": rule.audience}, datetime(2026, 1, 10)).sql("duckdb")
    assert con.execute(f"SELECT user_id FROM ({sql}) WHERE a").fetchall() == [("long",)]
