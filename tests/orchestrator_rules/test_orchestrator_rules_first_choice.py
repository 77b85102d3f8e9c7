"""The diff says whose first choice moves: a priority swap or a new suppression hands users to another rule."""

from __future__ import annotations

from pathlib import Path

import duckdb
from typer.testing import CliRunner

from cli.main import app
from orchestrator.registry import Registry
from orchestrator.spec import Policy, Rule, Suppression, TraitCondition


def _rule(rule_id: str, priority: int, least_workouts: int, **update: object) -> Rule:
    audience = TraitCondition(trait="workouts_completed", op="gte", value=least_workouts)
    return Rule(id=rule_id, description=rule_id, audience=audience, priority=priority).model_copy(update=update)


def _policy(first: Rule, second: Rule) -> Policy:
    return Policy(id="trial", description="trial programs", rules=[first, second])


def _users(con: duckdb.DuckDBPyConnection, least_workouts: int) -> int:
    row = con.execute("SELECT count(*) FROM user_traits WHERE workouts_completed >= ?", [least_workouts]).fetchone()
    return int(row[0]) if row else 0


def test_swapping_priorities_moves_the_overlap_to_the_other_rule(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(_policy(_rule("habit", 1, 1), _rule("upgrade", 2, 3)), "alice")
    registry.approve("trial", "bob")
    registry.propose(_policy(_rule("habit", 2, 1), _rule("upgrade", 1, 3)), "alice")
    diff = registry.diff("trial")
    assert diff.audience == {} and diff.reach == {}  # no audience changed: only who wins did
    overlap = _users(con, 3)  # upgrade's people qualify for habit too
    assert overlap > 0
    assert [(m.from_rule, m.to_rule, m.users) for m in diff.first_choice] == [("habit", "upgrade", overlap)]


def test_a_rule_outranking_another_active_spec_takes_its_users(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(_policy(_rule("habit", 2, 1), _rule("upgrade", 3, 3)), "alice")
    registry.approve("trial", "bob")
    registry.propose(_rule("winback", 5, 2), "alice")
    registry.approve("winback", "bob")
    registry.propose(_rule("winback", 2, 2), "alice")  # ties with habit: the smaller id, habit, still wins
    assert registry.diff("winback").first_choice == []
    registry.propose(_rule("winback", 1, 2), "alice")  # above habit: everyone with 2+ workouts was habit's
    moves = [(m.from_rule, m.to_rule, m.users) for m in registry.diff("winback", 1, 3).first_choice]
    assert moves == [("habit", "winback", _users(con, 2))]


def test_a_new_suppression_hands_its_users_to_the_next_rule(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(_policy(_rule("upgrade", 1, 3), _rule("habit", 2, 1)), "alice")
    registry.approve("trial", "bob")
    held = Suppression(id="no_ios", description="d", condition=TraitCondition(trait="device_os", op="eq", value="ios"))
    registry.propose(_policy(_rule("upgrade", 1, 3, suppressions=[held]), _rule("habit", 2, 1)), "alice")
    row = con.execute("SELECT count(*) FROM user_traits WHERE workouts_completed >= 3 AND device_os = 'ios'").fetchone()
    moved = int(row[0]) if row else 0
    assert moved > 0
    assert [(m.from_rule, m.to_rule, m.users) for m in registry.diff("trial").first_choice] == [
        ("upgrade", "habit", moved)]


def test_a_lone_rule_has_no_first_choice_moves_beyond_its_reach(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(_rule("upgrade", 1, 3), "alice")
    registry.propose(_rule("upgrade", 1, 1), "alice")
    diff = registry.diff("upgrade", 1, 2)
    assert diff.first_choice == [] and diff.audience["upgrade"].added > 0


def test_cli_diff_says_the_move_in_words(db_path: Path, tmp_path: Path) -> None:
    con = duckdb.connect(str(db_path))
    registry = Registry(con)
    registry.propose(_policy(_rule("habit", 1, 1), _rule("upgrade", 2, 3)), "alice")
    registry.approve("trial", "bob")
    registry.propose(_policy(_rule("habit", 2, 1), _rule("upgrade", 1, 3)), "alice")
    overlap = _users(con, 3)
    con.close()
    result = CliRunner().invoke(app, ["--db", str(db_path), "rules", "diff", "trial"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert f"first choice: {overlap:,} users move from habit to upgrade" in result.stdout
