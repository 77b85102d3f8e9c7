"""'What is the most popular workout type?': a property several acts record is ranked by the act its noun names
("workouts" are completed ones), not refused for want of the act; a property no act's noun names ("channels") still
asks which act ranks it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal

USERS = [("u1", "ios"), ("u2", "ios"), ("u3", "android")]
_YOGA, _RUN = '{"workout_type": "yoga"}', '{"workout_type": "running"}'
EVENTS = [
    ("2026-10-01 10:00", "u1", "workout_completed", _YOGA),
    ("2026-10-02 10:00", "u2", "workout_completed", _YOGA),
    ("2026-10-03 10:00", "u3", "workout_completed", _RUN),
    ("2026-10-03 11:00", "u3", "workout_completed", _RUN),
    ("2026-10-03 12:00", "u3", "workout_completed", _RUN),
    # started and saved workouts are no completed ones: three yoga starts do not make yoga the most popular
    ("2026-10-04 10:00", "u3", "workout_started", _YOGA),
    ("2026-10-04 11:00", "u3", "workout_started", _YOGA),
    ("2026-10-04 12:00", "u3", "workout_saved", _YOGA),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "popular_kind.duckdb"
    return question_warehouse(path, "device_os VARCHAR", USERS, EVENTS)


@pytest.mark.parametrize(("prompt", "rows"), [
    ("what is the most popular workout type?", [("running", 3)]),
    ("Which workout type is most popular on iOS?", [("yoga", 2)]),
    ("top 2 workout types", [("running", 3), ("yoga", 2)]),
])
def test_a_kind_is_ranked_by_the_act_its_noun_names(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


def test_a_key_no_acts_noun_names_still_asks_which_act(planner: CatalogPlanner) -> None:
    refused = planner.plan_question("what are the top 3 channels?", planner.catalog, [])
    assert isinstance(refused, Refusal) and "message_sent" in refused.reason
