"""Data questions → one guarded SELECT built with sqlglot; run on a tiny warehouse and check the numbers."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer

from agent.catalog_planner import CatalogPlanner
from agent.types import QuestionPlan, Refusal

USERS = [
    # user_id, device_os, country, subscription_status, activation_state, push_enabled, momentum, open_tickets, workouts
    ("u1", "ios", "US", "trial", "at_risk", True, 80.0, 0, 3),
    ("u2", "ios", "DE", "trial", "committed", False, 60.0, 2, 9),
    ("u3", "android", "DE", "active", "at_risk", True, 20.0, 1, 2),
    ("u4", "ios", "US", "trial", "at_risk", True, 40.0, 0, 4),
    ("u5", "web", "FR", "none", "new", None, 10.0, 3, 0),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "q.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE user_traits(user_id VARCHAR, device_os VARCHAR, country VARCHAR, subscription_status VARCHAR, "
        "activation_state VARCHAR, push_enabled BOOLEAN, momentum_score DOUBLE, open_tickets INTEGER, "
        "workouts_completed INTEGER)"
    )
    con.executemany("INSERT INTO user_traits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", USERS)
    con.execute(
        "CREATE TABLE fct_events(event_time TIMESTAMP, user_id VARCHAR, event_name VARCHAR, properties JSON)"
    )
    con.execute(
        """INSERT INTO fct_events VALUES
        ('2026-01-30 10:00', 'u1', 'workout_completed', '{"workout_type": "yoga"}'),
        ('2026-01-29 10:00', 'u1', 'workout_completed', '{"workout_type": "yoga"}'),
        ('2026-01-28 10:00', 'u1', 'workout_completed', '{"workout_type": "hiit"}'),
        ('2026-01-10 10:00', 'u2', 'workout_completed', '{"workout_type": "yoga"}'),
        ('2026-01-31 10:00', 'u4', 'app_opened', '{}')"""
    )
    return con




@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        ("How many trial users are at risk?", [(2,)]),
        ("how many users are on iOS", [(3,)]),
        ("How many users have no open tickets?", [(2,)]),
        ("What share of iOS users have push enabled?", [(3, 0.6667)]),
        ("what percentage of trial users are committed", [(3, 0.3333)]),
        ("average momentum score by country", [("DE", 40.0, 2), ("FR", 10.0, 1), ("US", 60.0, 2)]),
        ("average momentum for at-risk users", [(46.67, 3)]),
        ("top 2 countries by open tickets", [("FR", 3), ("DE", 3)]),
        ("bottom 1 platform by users", [("android", 1)]),  # ties broken by the group's name
        ("Which countries have the most at-risk users?", [("US", 2), ("DE", 1)]),
        ("which platform has the highest momentum", [("ios", 60.0)]),
        ("What's the median momentum of at-risk users on iOS?", [(60.0, 2)]),
        ("show me 1 trial user on iOS", [("u1",)]),
        ("how many users completed at least 2 yoga workouts in the last 30 days", [(1,)]),
        ("how many trial users by platform", [("ios", 3)]),
        ("list at-risk users in the US", [("u1",), ("u4",)]),
        ("How many users are in each activation state?", [("at_risk", 3), ("committed", 1), ("new", 1)]),
        # a grouping said mid-sentence, before the condition, still groups
        ("how many users in each country are at risk", [("DE", 1), ("US", 2)]),
    ],
)
def test_question_sql_answers_on_data(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    got = answer(planner, con, prompt)
    if prompt.startswith("top"):  # ties in the total: compare as a set
        assert sorted(got, key=str) == sorted(rows, key=str)
    else:
        assert got == rows


def test_question_sql_is_read_only_select_built_from_literals(planner: CatalogPlanner) -> None:
    plan = planner.plan_question("how many users in Germany or the U.S.", planner.catalog, [])
    assert isinstance(plan, QuestionPlan)
    assert plan.sql == (
        "SELECT COUNT(*) AS users FROM user_traits WHERE user_id IN (SELECT t.user_id FROM user_traits AS t "
        "WHERE NOT t.country IS NULL AND t.country IN ('DE', 'US'))"
    )


@pytest.mark.parametrize(
    ("prompt", "phrase"),
    [("how many users love dancing", "love dancing"), ("average happiness by country", "happiness"),
     # a second grouping the SELECT cannot hold is named, not dropped
     ("how many users in each country and plan are at risk", "plan")],
)
def test_question_with_unknown_phrase_is_refused(planner: CatalogPlanner, prompt: str, phrase: str) -> None:
    refusal = planner.plan_question(prompt, planner.catalog, [])
    assert isinstance(refusal, Refusal)
    assert refusal.unmatched_phrases == [phrase]
    assert refusal.suggestions


def test_rejected_question_sql_is_refused_not_retried_identically(planner: CatalogPlanner) -> None:
    feedback = [
        {"path": "sql", "message": "table x is outside the allowed schema", "suggestion": "user_traits"}
    ]
    refusal = planner.plan_question("how many trial users", planner.catalog, feedback)
    assert isinstance(refusal, Refusal)
    assert "outside the allowed schema" in refusal.reason
