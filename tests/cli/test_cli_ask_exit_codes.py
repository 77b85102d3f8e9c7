"""`mcc ask` exit codes: 0 answered, 3 refused, 1 failed; --json prints one object in each case."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def ask(db: Path, prompt: str, *args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["--db", str(db), "ask", prompt, "--json", *args], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)  # exactly one object, whatever the outcome


def test_an_answer_exits_0(warehouse_copy: Path) -> None:
    code, out = ask(warehouse_copy, "How many trial users completed 3 workouts?")
    assert (code, out["result"]["kind"], out["error"]) == (0, "answer", None)


def test_a_refused_request_exits_3_with_the_refusal_in_the_object(warehouse_copy: Path) -> None:
    for prompt in ("approve the upgrade rule", "what is the average revenue per planet?"):
        code, out = ask(warehouse_copy, prompt, "--propose", "--as", "maya")
        assert (code, out["result"]["kind"], out["proposal_id"]) == (3, "refusal", None), prompt


def test_a_failed_run_exits_1_not_3(tmp_path: Path) -> None:
    code, out = ask(tmp_path / "missing.duckdb", "email trial users who viewed pricing")
    assert code == 1 and out["error"]


def test_help_documents_the_exit_codes() -> None:
    result = runner.invoke(app, ["ask", "--help"], env={"COLUMNS": "200"})
    flat = " ".join(result.stdout.split())
    assert "0 answered" in flat and "3 refused" in flat


def test_an_empty_prompt_is_a_usage_error_not_a_refusal(tmp_path: Path) -> None:
    for prompt in ("", "   "):
        code, out = ask(tmp_path / "any.duckdb", prompt)  # refused before the warehouse is opened
        assert code == 1 and out["message"] == "the prompt is empty" and "mcc ask" in out["accepted"], prompt
