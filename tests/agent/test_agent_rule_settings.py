"""How a running rule is set up is answered from its spec, in words; two running rules can be set side by side."""

from __future__ import annotations

from pathlib import Path

import pytest
from agent_fakes import FakeBackend, ScriptedPlanner, rule
from langgraph.checkpoint.memory import InMemorySaver

from agent.context import Context
from agent.graph import build_graph
from agent.rule_settings import asks_rule_settings, settings_answer
from orchestrator.describe import describe_cap, describe_condition
from orchestrator.spec import Policy, Rule, load_spec_file

EXAMPLES = Path(__file__).parents[2] / "examples"
NUDGE = load_spec_file(EXAMPLES / "upgrade_nudge.yaml")
POLICY = load_spec_file(EXAMPLES / "trial_priority_policy.yaml")
ACTIVE: list[Rule | Policy] = [NUDGE, POLICY]


@pytest.mark.parametrize(("prompt", "rule_ids", "field"), [
    ("what's the holdout share of the upgrade nudge?", ["upgrade_nudge"], "holdout"),
    ("show the upgrade nudge's stop conditions", ["upgrade_nudge"], "stop conditions"),
    ("How often does the upgrade nudge send?", ["upgrade_nudge"], "frequency cap"),
    ("who approved the upgrade nudge?", ["upgrade_nudge"], "approved by"),
    ("which channels does upgrade_messaging use?", ["upgrade_messaging"], "channels"),
    ("describe the trial priority policy", ["trial_priority"], None),
    ("compare the upgrade nudge and upgrade messaging", ["upgrade_nudge", "upgrade_messaging"], None),
])
def test_the_rules_and_the_setting_asked_are_read(prompt: str, rule_ids: list[str], field: str | None) -> None:
    ask = asks_rule_settings(prompt, ACTIVE)
    assert ask is not None and (ask.rule_ids, ask.field) == (rule_ids, field)


@pytest.mark.parametrize("prompt", ["what's the holdout share of the win-back email?",  # nothing running has it
                                    "how often do users open the app?", "compare iOS and Android conversion",
                                    "describe users who viewed pricing"])
def test_names_nothing_running_has_are_left_to_the_planner(prompt: str) -> None:
    assert asks_rule_settings(prompt, ACTIVE) is None


def test_each_setting_is_said_as_the_diff_says_it() -> None:
    ask = asks_rule_settings("describe the upgrade nudge", ACTIVE)
    assert ask is not None and isinstance(NUDGE, Rule)
    rows = dict((row[0], row[1]) for row in settings_answer(ask, [NUDGE], {"upgrade_nudge": ("maya", "sam")}).rows)
    assert rows["audience"] == describe_condition(NUDGE.audience)
    assert rows["frequency cap"] == describe_cap(NUDGE.frequency_cap)
    assert (rows["proposed by"], rows["approved by"]) == ("maya", "sam")


def test_the_graph_answers_without_drafting(tmp_path: Path) -> None:
    backend = FakeBackend(active=ACTIVE)
    planner = ScriptedPlanner(intent="eligibility", drafts=[rule()] * 5)  # a model that drafts whatever it reads
    context = Context(db=str(tmp_path / "w.duckdb"), actor="maya", planner_override=planner, backend_override=backend)
    out = build_graph(checkpointer=InMemorySaver()).invoke(
        {"prompt": "how often does the upgrade nudge send?", "propose": True}, {"configurable": {"thread_id": "s"}},
        context=context)
    answer = out["result"]  # was: a rule 'often_upgrade_nudge' drafted for anyone who ever subscribed
    assert answer["kind"] == "answer" and answer["rows"] == [["frequency cap", describe_cap(NUDGE.frequency_cap)]]
    assert backend.proposals == [] and "__interrupt__" not in out
