"""A count asked after background ("I'm prepping the Monday review. Quick one: how many …?", "For the board deck -
how many paying subscribers are in Germany?") is that question: the background's words were refused, or its people
drafted as a rule. A request to draft before the count ("Create a rule for … How many would that reach?") stays one."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner

USERS = [("u1", "active", "DE"), ("u2", "active", "DE"), ("u3", "active", "US"), ("u4", "trial", "DE")]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "background.duckdb"
    return question_warehouse(path, "subscription_status VARCHAR, country VARCHAR", USERS)


@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        ("For the board deck - how many paying subscribers are in Germany?", [(2,)]),
        ("I'm prepping the Monday review. Quick one: how many trial users do we have in Germany?", [(1,)]),
        ("prepping for the QBR - how many users are paying?", [(3,)]),
    ],
)
def test_the_count_after_background_is_answered(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


def test_a_request_to_draft_before_a_count_stays_a_request(planner: CatalogPlanner) -> None:
    assert planner.classify("Create a rule for trial users on iOS. How many would that reach?", planner.catalog) == (
        "eligibility"
    )
