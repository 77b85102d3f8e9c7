"""What ran and what waits in the outbox are answered from the runs on record, not drafted as rules."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from agent.run_questions import asks_about_runs
from cli.main import app
from orchestrator.executor.result import RunResult


@pytest.mark.parametrize("prompt", [
    "when did the last run happen?", "When was the latest run?", "did the last run succeed?", "show me the recent runs",
    "how many messages are waiting in the outbox?", "what's in the outbox?", "is anything stuck in the queue?",
    "when did we last run",
])
def test_questions_about_runs_and_the_outbox_are_read(prompt: str) -> None:
    assert asks_about_runs(prompt)


@pytest.mark.parametrize("prompt", ["users who ran a 5k last week", "how many users received a push last run?",
                                    "why did the runs of workouts drop?", "show me users who are running late"])
def test_other_prompts_are_not(prompt: str) -> None:
    assert not asks_about_runs(prompt)


def _ask(db: Path, prompt: str) -> dict[str, object]:
    out = CliRunner().invoke(app, ["--db", str(db), "ask", prompt, "--json"], catch_exceptions=False)
    return json.loads(out.stdout)["result"]  # type: ignore[no-any-return]


def test_before_any_run_the_answer_says_nothing_ran(warehouse_db: Path) -> None:
    assert str(_ask(warehouse_db, "when did the last run happen?")["question"]).startswith("Nothing has run yet")


def test_the_latest_run_and_its_waiting_messages_are_said(nudge_ran: tuple[Path, RunResult]) -> None:
    db, result = nudge_ran
    con = duckdb.connect(str(db))
    pending = con.execute("SELECT count(*) FROM mcc.outbox WHERE run_id = ? AND status = 'pending'",
                          [result.run_id]).fetchone()[0]  # type: ignore[index]
    con.close()
    answer = _ask(db, "how many messages are waiting in the outbox?")  # was: refused as an audience
    assert answer["kind"] == "answer"
    assert str(answer["question"]).startswith(f"The latest run is {result.run_id}")
    assert f"{pending:,} message(s) of these runs wait for delivery" in str(answer["question"])
    (row,) = answer["rows"]  # type: ignore[misc]
    assert (row[0], row[2], row[5]) == (result.run_id, "succeeded", result.sends)
