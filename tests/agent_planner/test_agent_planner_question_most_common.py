"""'What's the most common X', 'which X is most popular on iOS', 'top 3 countries for trial users': the values
ranked by how many acts or people have them (they were refused as no question shape)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner

USERS = [("u1", "ios", "new", "US"), ("u2", "ios", "new", "US"), ("u3", "ios", "at_risk", "DE"),
         ("u4", "android", "at_risk", "DE"), ("u5", "android", "at_risk", "FR")]
EVENTS = [
    ("2026-10-01 10:00", "u1", "support_ticket_created", '{"ticket_reason": "bug"}'),
    ("2026-10-02 10:00", "u2", "support_ticket_created", '{"ticket_reason": "billing"}'),
    ("2026-10-03 10:00", "u3", "support_ticket_created", '{"ticket_reason": "billing"}'),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "most_common.duckdb"
    return question_warehouse(path, "device_os VARCHAR, activation_state VARCHAR, country VARCHAR", USERS, EVENTS)


@pytest.mark.parametrize(("prompt", "rows"), [
    ("What's the most common ticket reason?", [("billing", 2)]),
    ("Which lifecycle stage is most common on iOS?", [("new", 2)]),
    ("which lifecycle stage is the least common", [("new", 2)]),
    ("what is the most common lifecycle stage among android users", [("at_risk", 2)]),
    ("top 2 countries for at-risk users", [("DE", 2), ("FR", 1)]),
])
def test_the_most_common_values_are_ranked(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows
