"""An act said with 'never' beside another act said with a period stays all-time, as the words say."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner

USERS = [("u1", "ios"), ("u2", "ios"), ("u3", "android"), ("u4", "web")]
EVENTS = [
    # the data ends 2026-10-31 12:00: last week is after 10-24 12:00
    ("2026-10-30 10:00", "u1", "workout_completed", "{}"),
    ("2026-10-30 10:00", "u2", "workout_completed", "{}"),
    ("2026-10-29 10:00", "u3", "workout_completed", "{}"),
    # u1 opened a push long ago: they have opened one, so "never" leaves them out
    ("2026-09-01 10:00", "u1", "message_opened", '{"channel": "push"}'),
    # u3 opened one last week
    ("2026-10-29 11:00", "u3", "message_opened", '{"channel": "push"}'),
    # October trials: u1, u2, u4; u4 opened a push in September, u2 never did
    ("2026-10-05 10:00", "u1", "trial_started", "{}"),
    ("2026-10-06 10:00", "u2", "trial_started", "{}"),
    ("2026-10-07 10:00", "u4", "trial_started", "{}"),
    ("2026-09-20 10:00", "u4", "message_opened", '{"channel": "push"}'),
    ("2026-10-31 12:00", "u4", "app_opened", "{}"),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "never_acts.duckdb"
    return question_warehouse(path, "device_os VARCHAR", USERS, EVENTS)


@pytest.mark.parametrize(("prompt", "count"), [
    # only u2: u1 opened a push before last week, u3 in it
    ("How many users who completed a workout last week never opened a push?", 1),
    ("How many users who started a trial in October have never opened a push?", 1),
    ("How many users who never opened a push started a trial in October?", 1),
    # said in one clause, the period is the 'never''s own: no push opened in October (u1, u2, u4; u3 did)
    ("How many users never opened a push in October?", 3),
])
def test_never_keeps_all_time_beside_an_act_with_a_period(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, count: int
) -> None:
    assert answer(planner, con, prompt)[0][0] == count


@pytest.mark.parametrize(("prompt", "count"), [
    # u1 and u2 worked out last week and both started a trial in October: two acts run together after a period
    ("How many users who started a trial in October completed a workout last week?", 2),
    ("how many users who completed a workout in the last 7 days started a trial in October", 2),
])
def test_two_acts_run_together_after_a_period_are_both_read(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, count: int
) -> None:
    assert answer(planner, con, prompt)[0][0] == count
