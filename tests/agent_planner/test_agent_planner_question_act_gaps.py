"""A time between two acts ('subscribed within 7 days of starting a trial') is counted from each person's first
act, not read as the last 7 days."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal

USERS = [("u1", "ios"), ("u2", "ios"), ("u3", "android"), ("u4", "android"), ("u5", "web")]
EVENTS = [
    ("2026-10-01 10:00", "u1", "trial_started", "{}"),
    ("2026-10-05 10:00", "u1", "subscription_started", "{}"),  # 4 days after: counts
    ("2026-10-01 10:00", "u2", "trial_started", "{}"),
    ("2026-10-20 10:00", "u2", "subscription_started", "{}"),  # 19 days after: too late
    ("2026-10-09 10:00", "u3", "subscription_started", "{}"),  # no trial: not among those counted from
    ("2026-10-10 10:00", "u4", "trial_started", "{}"),
    ("2026-10-09 10:00", "u4", "subscription_started", "{}"),  # before the trial
    ("2026-09-01 10:00", "u5", "trial_started", "{}"),  # the first trial starts the clock
    ("2026-10-01 10:00", "u5", "trial_started", "{}"),
    ("2026-10-02 10:00", "u5", "subscription_started", "{}"),
    ("2026-10-31 10:00", "u5", "app_opened", "{}"),
    ("2026-10-20 10:00", "u1", "subscription_cancelled", "{}"),  # 15 days after subscribing
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "act_gaps.duckdb"
    return question_warehouse(path, "device_os VARCHAR", USERS, EVENTS)


@pytest.mark.parametrize("prompt", [
    "How many users subscribed within 7 days of starting a trial?",
    "how many users started a trial and then subscribed within a week",
])
def test_the_second_act_counts_when_it_follows_the_first_within_the_time(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str
) -> None:
    # of_users: u1, u2, u4, u5 started a trial; users: only u1 subscribed within a week of their first trial
    assert answer(planner, con, prompt) == [(4, 1, 0.25)]


def test_people_said_before_the_acts_keep_the_count_to_them(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection
) -> None:
    assert answer(planner, con, "How many iOS users subscribed within 7 days of starting a trial?") == [(2, 1, 0.5)]


@pytest.mark.parametrize("prompt", [
    "How many users subscribed within 7 days of starting a trial by platform?",
    "how many users in each platform started a trial and then subscribed within a week",
])
def test_a_grouping_said_with_the_acts_answers_each_value(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str
) -> None:
    # the grouping was dropped: one row for everyone
    assert answer(planner, con, prompt) == [("android", 1, 0, 0.0), ("ios", 2, 1, 0.5), ("web", 1, 0, 0.0)]


@pytest.mark.parametrize("prompt", [
    # the state said is the act that puts people in it; a month is 30 days between the acts, not the last 30 days
    "Number of users who cancelled within 30 days of subscribing",
    "how many users churned within a month of subscribing",
])
def test_a_state_said_of_an_act_in_time_is_the_act_that_begins_it(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str
) -> None:
    assert answer(planner, con, prompt) == [(5, 1, 0.2)]  # of the 5 who subscribed, u1 cancelled 15 days on


def test_a_time_from_something_no_event_records_is_refused_not_read_as_a_recent_window(planner: CatalogPlanner) -> None:
    # a trial's end is a day count (trial_days_left); signing up is each person's first days (question_first_days)
    refusal = planner.plan_question("How many users subscribed within 3 days of their trial ending?", planner.catalog, [])
    assert isinstance(refusal, Refusal) and "'their trial ending'" in refusal.reason


@pytest.mark.parametrize("prompt", [
    "How many users viewed pricing, then compared plans, then started checkout in October?",
    "What share of users viewed pricing, then started a trial, then subscribed?",
])
def test_a_count_of_acts_in_sequence_is_a_data_question_not_ranked_programs(planner: CatalogPlanner, prompt: str) -> None:
    assert planner.classify(prompt, planner.catalog) == "question"
    assert not isinstance(planner.plan_question(prompt, planner.catalog, []), Refusal)
