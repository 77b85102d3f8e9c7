"""'Share of trials that converted in October vs September', 'what % of trial starts converted to paid': the share is
of the users who started one (it was of every user); 'how many trials started' still counts the starts."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner

USERS = [(f"u{i}", "ios") for i in range(1, 7)]
EVENTS = [
    ("2026-09-10 10:00", "u4", "trial_started", "{}"),
    ("2026-09-20 10:00", "u4", "subscription_started", "{}"),
    ("2026-10-02 10:00", "u1", "trial_started", "{}"),
    ("2026-10-03 10:00", "u2", "trial_started", "{}"),
    ("2026-10-04 10:00", "u3", "trial_started", "{}"),
    ("2026-10-09 10:00", "u1", "subscription_started", "{}"),
    # subscribed with no trial: no trial of theirs converted
    ("2026-10-10 10:00", "u5", "subscription_started", "{}"),
    ("2026-10-11 10:00", "u6", "subscription_started", "{}"),
    ("2026-11-01 10:00", "u6", "app_opened", "{}"),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "act_nouns.duckdb"
    return question_warehouse(path, "device_os VARCHAR", USERS, EVENTS)


@pytest.mark.parametrize(("prompt", "rows"), [
    ("share of trials that converted in October vs September", [("october", 3, 0.3333), ("september", 1, 1.0)]),
    ("what % of trial starts converted to paid in October?", [(3, 0.3333)]),
])
def test_a_share_of_things_started_is_of_the_people_who_started_them(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


def test_how_many_were_started_still_counts_the_starts(planner: CatalogPlanner, con: duckdb.DuckDBPyConnection) -> None:
    assert answer(planner, con, "how many trials started in October?") == [(3,)]
