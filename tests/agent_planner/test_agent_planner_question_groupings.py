"""Data questions that ask for the spread of a trait ("breakdown of X by Y", "distribution of X"): the trait
groups, it is not read as the condition "has an X"."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner

USERS = [
    # user_id, device_os, subscription_status, upgrade_intent, push_enabled
    ("u1", "ios", "trial", "high", True),
    ("u2", "ios", "none", "none", False),
    ("u3", "android", "trial", "none", True),
    ("u4", "android", "active", "low", True),
    ("u5", "web", "none", "none", True),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "groupings.duckdb"
    return question_warehouse(
        path, "device_os VARCHAR, subscription_status VARCHAR, upgrade_intent VARCHAR, push_enabled BOOLEAN",
        USERS)

@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        # "none" is a status like the others: a bare trait read as a condition dropped u2
        (
            "Breakdown of subscription status by platform",
            [("android", "active", 1), ("android", "trial", 1), ("ios", "none", 1), ("ios", "trial", 1), ("web", "none", 1)],
        ),
        ("Show me the distribution of upgrade intent", [("high", 1), ("low", 1), ("none", 3)]),
        ("what's the split of upgrade intent levels among trial users", [("high", 1), ("none", 1)]),
    ],
)
def test_the_trait_whose_spread_is_asked_groups(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


def test_a_groupings_trailing_noun_is_not_a_condition(planner: CatalogPlanner, con: duckdb.DuckDBPyConnection) -> None:
    assert answer(planner, con, "how many users by upgrade intent level on iOS") == [("high", 1), ("none", 1)]


def test_the_people_broken_down_stay_the_filter(planner: CatalogPlanner, con: duckdb.DuckDBPyConnection) -> None:
    assert answer(planner, con, "Breakdown of trial users by platform") == [("android", 1), ("ios", 1)]


@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        # "vs Android" said last is set beside iOS: read where it stood it joined the target (push and Android),
        # and iOS users' share was 0
        ("share of iOS users with push enabled vs Android", [("android", 2, 1.0), ("ios", 2, 0.5)]),
        ("how many iOS users have push enabled versus android users", [("android", 2), ("ios", 1)]),
    ],
)
def test_a_value_set_against_an_earlier_one_is_answered_beside_it(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows
