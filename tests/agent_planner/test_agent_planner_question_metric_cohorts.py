"""'Activation rate by signup week': a metric's rate by signup cohort is the share its catalog description defines
(of users who completed a second workout), per week; it was refused as a rate of one act over another. People said
beside it ("… on Android") are not read into the share's act: that is still refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal

# the data ends on Saturday 2026-01-31: its week began on Monday 01-26
USERS = [  # user_id, days_since_signup, workouts_completed
    ("u1", 0, 1), ("u2", 5, 3),  # this week: one of two has a second workout
    ("u3", 6, 5),  # the week before
    ("u4", 13, 0),  # the week of 01-12
    ("u5", None, 4),  # never signed up: no cohort
]
EVENTS = [("2026-01-31 10:00", "u1", "app_opened", "{}")]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "metric_cohorts.duckdb"
    return question_warehouse(path, "days_since_signup INTEGER, workouts_completed INTEGER", USERS, EVENTS)


@pytest.mark.parametrize("prompt", ["activation rate by signup week", "What's our activation rate per signup week?"])
def test_a_metric_rate_by_signup_week_is_its_share_per_cohort(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str
) -> None:
    assert answer(planner, con, prompt) == [
        (date(2026, 1, 12), 1, 0.0), (date(2026, 1, 19), 1, 1.0), (date(2026, 1, 26), 2, 0.5)
    ]


def test_people_said_beside_the_rate_are_still_refused(planner: CatalogPlanner) -> None:
    refused = planner.plan_question("activation rate for each signup week on Android", planner.catalog, [])
    assert isinstance(refused, Refusal)
