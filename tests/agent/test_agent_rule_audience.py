"""A question about a running rule's audience is answered with its preview, not drafted as a rule named after it."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from agent.rule_audience import asks_rule_audience, running_spec
from cli.main import app
from orchestrator.preview import preview
from orchestrator.registry import Registry
from orchestrator.spec import Policy, load_spec_file
from warehouse.catalog import load_catalog

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.mark.parametrize(("prompt", "name"), [
    ("preview the upgrade nudge", "upgrade nudge"), ("Who is in the upgrade nudge audience?", "upgrade nudge"),
    ("who's in second_workout's audience?", "second_workout"),
    ("how many people does the trial policy reach?", "trial policy"),
    ("show me 5 users in the upgrade nudge audience", "upgrade nudge"),
    ("How big is our win-back campaign's segment?", "win-back campaign"),
])
def test_the_name_asked_about_is_read(prompt: str, name: str) -> None:
    assert asks_rule_audience(prompt) == name


@pytest.mark.parametrize("prompt", ["Users who viewed pricing twice, send them a push", "who is at risk?",
                                    "how many people viewed pricing this week?"])
def test_other_questions_are_not_read_as_one(prompt: str) -> None:
    assert asks_rule_audience(prompt) is None


def test_a_rule_of_a_running_policy_is_found_in_it() -> None:
    policy = load_spec_file(EXAMPLES / "trial_priority_policy.yaml")
    assert isinstance(policy, Policy)
    found = running_spec("the upgrade messaging", [policy])
    assert found is not None and (found[0].id, found[1]) == (policy.id, "upgrade_messaging")
    assert running_spec("the upgrade nudge", [policy]) is None  # not running: left to the planner


def test_ask_answers_with_the_running_rules_preview(warehouse_db: Path) -> None:
    spec = load_spec_file(EXAMPLES / "upgrade_nudge.yaml")
    con = duckdb.connect(str(warehouse_db))
    registry = Registry(con)
    registry.propose(spec, "maya")
    registry.approve(spec.id, "sam")
    expected = preview(con, spec, load_catalog()).rules[0]
    con.close()
    result = CliRunner().invoke(app, ["--db", str(warehouse_db), "ask", "who is in the upgrade nudge audience?",
                                      "--json"], catch_exceptions=False)
    answer = json.loads(result.stdout)["result"]  # was: a new rule 'upgrade_nudge' drafted from the words
    assert answer["kind"] == "answer" and answer["question"].startswith("The audience of upgrade_nudge (rule)")
    (row,) = answer["rows"]
    assert (row[0], row[2], row[4]) == ("upgrade_nudge", expected.size, expected.eligible)
