"""Why an audience is the size it is, on the fixture warehouse: each condition alone and with the ones before it,
then the eligible users; the numbers agree with the preview and with the SQL shown."""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestrator.narrowing import narrowing, spec_narrowing
from orchestrator.preview import preview
from orchestrator.spec import Rule, TraitCondition, load_spec_file
from warehouse.catalog import Catalog

EXAMPLES = Path(__file__).parents[2] / "examples"


def test_each_condition_alone_and_with_the_ones_before_it(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    nudge = load_spec_file(EXAMPLES / "upgrade_nudge.yaml")
    assert isinstance(nudge, Rule)
    result = narrowing(con, nudge)
    shown = preview(con, nudge, catalog).rules[0]
    assert result.base == 6 and result.as_of == "2026-01-10 00:00:00"
    lefts = [s.left for s in result.steps]
    # each step keeps a subset of the one before; the last is the audience, and the eligible match the preview
    assert lefts == sorted(lefts, reverse=True) and lefts[-1] == shown.size and result.eligible == shown.eligible
    assert all(s.alone >= s.left for s in result.steps) and result.steps[0].alone == result.steps[0].left
    assert result.steps[0].condition == "workouts_completed >= 3"
    assert result.tightest.alone == min(s.alone for s in result.steps)
    row = con.execute(result.sql).fetchone()
    assert row is not None and row[0] == 6 and row[-1] == result.eligible  # the SQL shown counts what is said


def test_a_single_condition_is_one_step_and_a_policy_narrows_each_rule(con: duckdb.DuckDBPyConnection) -> None:
    ios = Rule(id="ios", description="iOS", audience=TraitCondition(trait="device_os", op="eq", value="ios"))
    (only,) = spec_narrowing(con, ios)
    ios_users = con.execute("SELECT count(*) FROM user_traits WHERE device_os = 'ios'").fetchone()
    assert [(s.condition, s.alone, s.left) for s in only.steps] == [("device_os = ios", ios_users[0], ios_users[0])]
    policy = load_spec_file(EXAMPLES / "trial_priority_policy.yaml")
    narrowed = spec_narrowing(con, policy, as_of="2026-01-10")
    assert [n.rule_id for n in narrowed] == ["second_workout_help", "support_followup", "upgrade_messaging"]
    # u2 is the one trial user with one workout, and has an open ticket: the policy's suppression takes it
    assert (narrowed[0].steps[-1].left, narrowed[0].eligible) == (1, 0)
