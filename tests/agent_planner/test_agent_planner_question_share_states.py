"""A share's population keeps its own clause: beside a former state ('of trial users who viewed pricing twice, how
many subscribed': cut after the state, it joined the target) and after a period ('users who started a trial last
week completed a workout': the population was everyone)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner

USERS = [("u1", "active", 2, "ios"), ("u2", "active", 1, "ios"), ("u3", "expired", 2, "android"), ("u4", "none", 3, "ios")]
EVENTS = [
    ("2026-10-01 10:00", "u1", "trial_started", "{}"),
    ("2026-10-01 10:00", "u2", "trial_started", "{}"),
    ("2026-10-01 10:00", "u3", "trial_started", "{}"),
    ("2026-10-05 10:00", "u1", "subscription_started", "{}"),
    ("2026-10-06 10:00", "u2", "subscription_started", "{}"),
    ("2026-10-02 10:00", "u1", "workout_completed", "{}"),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "share_states.duckdb"
    return question_warehouse(path, "subscription_status VARCHAR, pricing_views INTEGER, device_os VARCHAR", USERS, EVENTS)


@pytest.mark.parametrize(("prompt", "rows"), [
    # of u1 and u3 (trials who viewed pricing twice), u1 subscribed
    ("What share of trial users who viewed pricing twice subscribed?", [(2, 0.5)]),
    ("what share of trial users with at least 2 pricing views converted", [(2, 0.5)]),
    ("what share of trial users on iOS converted", [(2, 1.0)]),  # u1, u2
    # an act a period closes runs into the target with no "and": the period's act is still the population's
    ("What share of users who started a trial last week completed a workout?", [(3, 0.3333)]),
])
def test_the_population_keeps_its_own_clause_beside_the_former_state(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[int, float]]
) -> None:
    assert answer(planner, con, prompt) == rows
