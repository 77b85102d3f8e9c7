"""An author takes back their own proposal before review; nobody else can, and proposing it again reopens it."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from cli.main import app
from orchestrator.registry import Registry
from orchestrator.spec import AllOf, Rule, TraitCondition
from warehouse.errors import RegistryError

EXAMPLE = Path(__file__).parents[2] / "examples" / "upgrade_nudge.yaml"


def rule(threshold: int = 3) -> Rule:
    audience = AllOf(conditions=[TraitCondition(trait="workouts_completed", op="gte", value=threshold)])
    return Rule(id="upgrade_nudge", description="Nudge engaged trial users", audience=audience)


def test_the_author_withdraws_and_no_reviewer_can_approve_it_then(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(rule(), "alice")
    withdrawn = registry.withdraw("upgrade_nudge", "alice", comment="wrong threshold")
    assert (withdrawn.version, withdrawn.status) == (1, "withdrawn")
    assert registry.show("upgrade_nudge").info.status == "withdrawn"
    with pytest.raises(RegistryError, match="no proposed version"):
        registry.approve("upgrade_nudge", "bob")
    with pytest.raises(RegistryError, match="only a proposed version can be approved"):
        registry.approve("upgrade_nudge", "bob", version=1)
    assert registry.active_specs() == []
    reviews = registry.show("upgrade_nudge").reviews
    assert [(r.reviewer, r.decision, r.comment) for r in reviews] == [("alice", "withdraw", "wrong threshold")]
    assert [(a.actor, a.action, a.outcome) for a in registry.audit()] == [
        ("alice", "propose", "ok"), ("alice", "withdraw", "ok"), ("bob", "approve", "refused"),
        ("bob", "approve", "refused")]


def test_only_the_author_can_withdraw_and_the_refusal_names_reject(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(rule(), "alice")
    with pytest.raises(RegistryError) as refused:
        registry.withdraw("upgrade_nudge", "bob")
    assert "only the author can withdraw" in refused.value.message
    assert "mcc rules reject upgrade_nudge" in (refused.value.accepted or "")
    assert registry.show("upgrade_nudge").info.status == "proposed"
    assert [(a.actor, a.action, a.outcome) for a in registry.audit()][-1] == ("bob", "withdraw", "refused")


def test_an_approved_version_cannot_be_withdrawn(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(rule(), "alice")
    registry.approve("upgrade_nudge", "bob")
    with pytest.raises(RegistryError, match="no proposed version"):
        registry.withdraw("upgrade_nudge", "alice")
    with pytest.raises(RegistryError, match="v1 is approved; only a proposed version can be withdrawn"):
        registry.withdraw("upgrade_nudge", "alice", version=1)


def test_withdraw_defaults_to_the_actors_own_latest_proposal(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(rule(3), "alice")
    registry.propose(rule(4), "carol")  # newer, someone else's
    assert registry.withdraw("upgrade_nudge", "alice").version == 1
    statuses = {v.version: v.status for v in registry.versions("upgrade_nudge")}
    assert statuses == {1: "withdrawn", 2: "proposed"}


def test_proposing_the_withdrawn_content_again_reopens_that_version(con: duckdb.DuckDBPyConnection) -> None:
    registry = Registry(con)
    registry.propose(rule(), "alice")
    registry.withdraw("upgrade_nudge", "alice")
    again = registry.propose(rule(), "alice")
    assert (again.version, again.status, again.created, again.reopened) == (1, "proposed", False, True)
    assert registry.approve("upgrade_nudge", "bob").status == "approved"


def test_cli_withdraw_says_what_follows_and_lists_the_status(db_path: Path) -> None:
    runner = CliRunner()

    def mcc(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, ["--db", str(db_path), *args], env={"COLUMNS": "250"})
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result.stdout if code == 0 else result.stderr

    mcc("rules", "propose", str(EXAMPLE), "--as", "maya")
    assert "maya proposed upgrade_nudge v1 and cannot approve it" in mcc(
        "rules", "approve", "upgrade_nudge", "--as", "maya", code=1)
    assert "upgrade_nudge v1 withdrawn: nobody can approve it now" in mcc(
        "rules", "withdraw", "upgrade_nudge", "--as", "maya", "--comment", "not yet")
    listed = json.loads(mcc("rules", "list", "--json"))["versions"]
    assert [(v["rule_id"], v["status"]) for v in listed] == [("upgrade_nudge", "withdrawn")]
    reopened = json.loads(mcc("rules", "propose", str(EXAMPLE), "--as", "maya", "--json"))
    assert (reopened["version"], reopened["status"], reopened["reopened"]) == (1, "proposed", True)
    assert "only the author can withdraw" in mcc("rules", "withdraw", "upgrade_nudge", "--as", "sam", code=1)
