""""Why did u0000011 get the upgrade nudge?" is answered with that user's decisions in the latest run."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from agent.user_explain import asks_why_user
from cli.main import app
from orchestrator.executor.result import RunResult
from orchestrator.explain import explain


@pytest.mark.parametrize(("prompt", "user", "rule"), [
    ("why did u0000011 get the upgrade nudge?", "u0000011", "upgrade nudge"),
    ("Why didnt u0000011 get anything?", "u0000011", ""),
    ("why was user abc held out of the trial policy?", "abc", "trial policy"),
    ("what did u0000042 receive?", "u0000042", ""), ("explain u0000042", "u0000042", ""),
])
def test_the_user_and_the_rule_are_read(prompt: str, user: str, rule: str) -> None:
    ask = asks_why_user(prompt)
    assert ask is not None and (ask.user_id, ask.rule_words) == (user, rule)


@pytest.mark.parametrize("prompt", ["why did iOS users get fewer pushes?", "why did 3 users get two pushes?",
                                    "Why did conversion drop on iOS this week?", "why did the upgrade nudge drop?"])
def test_questions_about_many_people_are_left_to_diagnosis(prompt: str) -> None:
    assert asks_why_user(prompt) is None


def test_ask_answers_with_the_runs_explanation(nudge_ran: tuple[Path, RunResult]) -> None:
    warehouse_db, result = nudge_ran
    con = duckdb.connect(str(warehouse_db))
    user = con.execute("SELECT min(user_id) FROM mcc.decisions WHERE run_id = ? AND outcome = 'send'",
                       [result.run_id]).fetchone()[0]  # type: ignore[index]
    expected = explain(con, user, rule_id="upgrade_nudge")
    con.close()
    out = CliRunner().invoke(app, ["--db", str(warehouse_db), "ask", f"why did {user} get the upgrade nudge?", "--json"],
                             catch_exceptions=False)
    answer = json.loads(out.stdout)["result"]  # was: the iOS conversion drop, diagnosed
    assert answer["kind"] == "answer" and answer["question"].endswith(": got upgrade_nudge")
    (row,) = answer["rows"]
    assert (row[0], row[2], row[3]) == ("upgrade_nudge", "send", expected.rules[0].reason)


def test_an_unknown_user_is_a_refusal_saying_what_is_accepted(warehouse_db: Path) -> None:
    out = CliRunner().invoke(app, ["--db", str(warehouse_db), "ask", "what did nobody123 get?", "--json"],
                             catch_exceptions=False)
    refusal = json.loads(out.stdout)["result"]
    assert refusal["kind"] == "refusal" and "nobody123" in refusal["reason"]
