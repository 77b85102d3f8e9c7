"""`mcc ask` ends by saying what is left to do: propose the draft, or have someone else approve the proposal."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from agent.demo import ELIGIBILITY_PROMPT
from cli.main import app

runner = CliRunner()


def ask(db: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, ["--db", str(db), "ask", *args], catch_exceptions=False)
    assert result.exit_code == code, result.stdout
    return " ".join(result.stdout.split())  # rich wraps long lines


def test_a_draft_says_it_was_not_proposed_and_how_to_propose_it(warehouse_db: Path) -> None:
    out = ask(warehouse_db, ELIGIBILITY_PROMPT)
    assert "Not proposed: this is a draft only" in out and "--propose --as YOUR_NAME" in out
    assert "mcc rules approve" not in out


def test_a_proposal_names_the_reviewer_command_and_that_the_author_cannot_approve(warehouse_db: Path) -> None:
    out = ask(warehouse_db, ELIGIBILITY_PROMPT, "--propose", "--as", "maya")
    assert "Proposed upgrade_nudge" in out
    assert "a reviewer other than maya" in out and "mcc rules approve upgrade_nudge --as REVIEWER" in out
    assert "Not proposed" not in out


def test_answers_that_are_not_drafts_say_nothing_about_proposing(warehouse_db: Path) -> None:
    out = ask(warehouse_db, "How many trial users completed 3 workouts?")
    assert "Intent: question" in out and "propose" not in out.lower()


def test_propose_on_a_question_or_a_refusal_says_there_was_nothing_to_propose(warehouse_db: Path) -> None:
    out = ask(warehouse_db, "How many trial users completed 3 workouts?", "--propose", "--as", "maya")
    assert "Not proposed: --propose files drafts of rules and policies; this was an answer to a data question" in out
    out = ask(warehouse_db, "write me a poem about churn", "--propose", "--as", "maya", code=3)  # a refusal
    assert "this was a refusal" in out
