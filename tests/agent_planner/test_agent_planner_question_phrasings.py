"""Data questions as analysts type them: shares of people a state described before an act, "whats", "break
down … by", "which … brings the most", "did we send", and count words that read as nothing."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal

USERS = [
    # user_id, country, subscription_status, utm_source, momentum_score
    ("u1", "US", "active", "google", 80.0),
    ("u2", "US", "cancelled", "google", 20.0),
    ("u3", "DE", "trial", "tiktok", 40.0),
    ("u4", "DE", "expired", "organic", 10.0),
    ("u5", "FR", "active", "organic", 60.0),
]
EVENTS = [
    ("2026-01-01 10:00", "u1", "trial_started", "{}"),
    ("2026-01-05 10:00", "u1", "subscription_started", '{"plan": "annual"}'),
    ("2026-01-01 10:00", "u2", "trial_started", "{}"),
    ("2026-01-06 10:00", "u2", "subscription_started", '{"plan": "monthly"}'),
    ("2026-01-28 10:00", "u2", "subscription_cancelled", "{}"),
    ("2026-01-25 10:00", "u3", "trial_started", "{}"),
    ("2025-12-01 10:00", "u4", "trial_started", "{}"),
    ("2025-12-20 10:00", "u5", "subscription_started", '{"plan": "monthly"}'),  # paid with no trial
    ("2026-01-30 10:00", "u1", "message_sent", '{"channel": "email"}'),
    ("2026-01-30 11:00", "u1", "message_sent", '{"channel": "email"}'),
    ("2026-01-31 10:00", "u3", "message_sent", '{"channel": "push"}'),
    ("2026-01-31 12:00", "u5", "message_sent", '{"channel": "email"}'),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "phrasings.duckdb"
    return question_warehouse(
        path, "country VARCHAR, subscription_status VARCHAR, utm_source VARCHAR, momentum_score DOUBLE",
        USERS, EVENTS)

def test_a_share_of_people_a_state_described_before_the_act(planner: CatalogPlanner, con: duckdb.DuckDBPyConnection) -> None:
    # of the four users who started a trial, u1 and u2 paid (u5 paid with no trial, and is not among them)
    assert answer(planner, con, "what share of trial users converted") == [(4, 0.5)]
    # of the three who started paying, u2 cancelled in the last 30 days
    assert answer(planner, con, "what % of paying users cancelled in the last 30 days") == [(3, 0.3333)]


@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        ("whats the avg momentum score for paying users", [(70.0, 2)]),
        ("break down paying users by country", [("FR", 1), ("US", 1)]),
        ("breakdown of users by source", [("google", 2), ("organic", 2), ("tiktok", 1)]),
        ("which source brings the most paying users", [("google", 1)]),
        ("how many emails did we send last week", [(3,)]),
        ("how many pushes did we send last week", [(1,)]),
        ("how many users do we have", [(5,)]),
    ],
)
def test_analyst_phrasings(planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]) -> None:
    assert answer(planner, con, prompt) == rows


def test_a_count_whose_words_read_as_nothing_is_refused(planner: CatalogPlanner) -> None:
    # it counted every user before ("how many <anything> did we …" with no catalog word left nothing to filter)
    plan = planner.plan_question("how many users did we lose last month", planner.catalog, [])
    assert isinstance(plan, Refusal), plan
    assert plan.unmatched_phrases == ["lost"]


@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        ("what's the number of users per source", [("google", 2), ("organic", 2), ("tiktok", 1)]),
        ("what is the total number of paying users", [(2,)]),
        ("tell me the number of users in the US", [(2,)]),
    ],
)
def test_a_count_opened_as_a_what_question(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows
