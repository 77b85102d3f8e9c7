"""Data questions over a period: calendar periods relative to the data's end, one period bounding every act said
of it, the period said in the answer, and two groupings of acts at once."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, answer_columns, question_warehouse

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal

USERS = [
    # user_id, device_os, days_since_signup
    ("u1", "ios", 2),
    ("u2", "android", 40),
    ("u3", "ios", 9),
]
# The data ends Thursday 2026-01-29 at 18:00: this week began Monday 01-26, yesterday was 01-28, this month began
# 01-01, December is last month.
EVENTS = [
    ("2026-01-29 18:00", "u1", "app_opened", "{}"),
    ("2026-01-27 09:00", "u2", "app_opened", "{}"),
    ("2026-01-24 09:00", "u3", "app_opened", "{}"),  # the Saturday before: in the last 7 days, not since Monday
    ("2026-01-28 08:00", "u1", "workout_completed", '{"workout_type": "yoga"}'),
    ("2026-01-28 09:00", "u3", "workout_completed", '{"workout_type": "running"}'),
    ("2026-01-29 07:00", "u3", "workout_completed", '{"workout_type": "running"}'),
    ("2025-12-10 07:00", "u2", "workout_completed", '{"workout_type": "yoga"}'),
    ("2025-12-20 07:00", "u2", "support_ticket_created", '{"ticket_reason": "billing"}'),
    ("2025-10-05 07:00", "u2", "support_ticket_created", '{"ticket_reason": "bug"}'),
    # u1 and u2 got a push this week; u1 opened it; u3's push was a month ago and never opened
    ("2026-01-27 10:00", "u1", "message_delivered", '{"channel": "push"}'),
    ("2026-01-27 11:00", "u1", "message_opened", '{"channel": "push"}'),
    ("2026-01-28 10:00", "u2", "message_delivered", '{"channel": "push"}'),
    ("2026-01-28 10:00", "u2", "message_delivered", '{"channel": "email"}'),
    ("2025-12-28 10:00", "u3", "message_delivered", '{"channel": "push"}'),
    ("2026-01-28 10:00", "u2", "message_sent", '{"channel": "push"}'),
    ("2026-01-28 10:00", "u2", "message_sent", '{"channel": "email"}'),
    ("2026-01-29 10:00", "u1", "message_sent", '{"channel": "email"}'),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "calendar.duckdb"
    return question_warehouse(path, "device_os VARCHAR, days_since_signup INTEGER", USERS, EVENTS)


@pytest.mark.parametrize(
    ("prompt", "count", "first", "last"),
    [
        ("How many users opened the app since Monday?", 2, date(2026, 1, 26), date(2026, 1, 29)),
        ("number of people who used the app so far this week", 2, date(2026, 1, 26), date(2026, 1, 29)),
        ("how many workouts were completed yesterday", 2, date(2026, 1, 28), date(2026, 1, 28)),
        ("how many workouts this month?", 3, date(2026, 1, 1), date(2026, 1, 29)),
        ("Workouts completed last month: how many?", 1, date(2025, 12, 1), date(2025, 12, 31)),
        ("how many support tickets were created in October", 1, date(2025, 10, 1), date(2025, 10, 31)),
        ("How many users opened the app since the 27th?", 2, date(2026, 1, 27), date(2026, 1, 29)),
        # a trait counted in days since: signed up on or after the month's first day
        ("how many users signed up this month", 2, date(2026, 1, 1), date(2026, 1, 29)),
    ],
)
def test_a_calendar_period_is_laid_on_the_data_end_and_said(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, count: int, first: date, last: date
) -> None:
    columns, rows = answer_columns(planner, con, prompt)
    assert columns[-2:] == ["period_start", "period_end"]
    assert rows == [(count, first, last)]


@pytest.mark.parametrize(
    ("prompt", "count"),
    [
        # u3's push was delivered a month ago: not a delivery of last week
        ("How many users were delivered a push but did not open it last week?", 1),
        ("In the last 7 days, how many users got a push delivered and didn't open it", 1),
        # what is said before the question word is part of it: the people, or the period
        ("of the users who were delivered a message in the last 7 days, how many didn't open one", 1),
        ("For iOS users, how many opened the app in the last 7 days?", 2),
        # a state said beside the acts keeps no period: every iOS user is iOS
        ("how many iOS users opened the app and completed a workout in the last 7 days", 2),
    ],
)
def test_one_period_bounds_every_act_said_of_it(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, count: int
) -> None:
    assert answer(planner, con, prompt) == [(count,)]


def test_a_rolling_period_is_said_as_its_moments(planner: CatalogPlanner, con: duckdb.DuckDBPyConnection) -> None:
    columns, rows = answer_columns(planner, con, "how many users were delivered a push but didn't open it last week")
    assert columns == ["users", "period_start", "period_end"]
    assert rows == [(1, datetime(2026, 1, 22, 18), datetime(2026, 1, 29, 18))]


def test_a_calendar_period_is_not_compared_as_a_rolling_one(planner: CatalogPlanner) -> None:
    refusal = planner.plan_question("how many users opened the app since Monday vs the week before", planner.catalog, [])
    assert isinstance(refusal, Refusal) and "since monday" in refusal.reason


@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        (
            "How many messages were sent this week by channel and by day?",
            [("email", date(2026, 1, 28), 1), ("email", date(2026, 1, 29), 1), ("push", date(2026, 1, 28), 1)],
        ),
        (
            "workouts completed in the last 7 days per day by workout type",
            [(date(2026, 1, 28), "running", 1), (date(2026, 1, 28), "yoga", 1), (date(2026, 1, 29), "running", 1)],
        ),
        # an act's property and a trait of the people, the trait said without its own "by"
        (
            "how many users were delivered a message in the last 7 days by channel and platform",
            [("email", "android", 1), ("push", "android", 1), ("push", "ios", 1)],
        ),
    ],
)
def test_two_groupings_of_acts_group_together(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


def test_a_property_the_counted_act_does_not_record_is_refused_by_name(planner: CatalogPlanner) -> None:
    refusal = planner.plan_question(
        "How many workouts were completed last week by workout type and by plan?", planner.catalog, []
    )
    assert isinstance(refusal, Refusal)
    assert refusal.unmatched_phrases == ["by plan"]
    assert "checkout_started" in refusal.reason and "workout_completed" in refusal.reason
