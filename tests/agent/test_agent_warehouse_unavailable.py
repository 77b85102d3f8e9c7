"""A warehouse that cannot be opened stops `mcc ask` and `mcc chat` with that error, never a 'not understood'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()
QUESTION = "how many trial users are on ios"


@pytest.mark.parametrize("where", ["missing.duckdb", "a_directory"])
def test_a_data_question_on_an_unreadable_warehouse_exits_1_naming_the_file(tmp_path: Path, where: str) -> None:
    db = tmp_path / where
    if where == "a_directory":
        db.mkdir()
    result = runner.invoke(app, ["--db", str(db), "ask", QUESTION, "--json"], catch_exceptions=False)
    out = json.loads(result.stdout)  # exactly one object
    assert result.exit_code == 1
    assert str(db) in out["error"] and "run_sql" in out["error"]
    # it was the warehouse, not the question: nothing is reported as not understood, and no second round ran
    assert out["result"] is None and out["trace"]["rounds"] == 1


def test_a_data_question_on_a_missing_warehouse_says_so_to_a_person(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--db", str(tmp_path / "none.duckdb"), "ask", QUESTION], catch_exceptions=False)
    out = " ".join(result.stdout.split())  # rich wraps long lines
    assert result.exit_code == 1
    assert "no warehouse at" in out and "mcc warehouse build" in out
    assert "Not understood" not in out


def test_chat_on_a_missing_warehouse_stops_before_the_first_prompt_and_leaves_no_thread_file(tmp_path: Path) -> None:
    db = tmp_path / "none.duckdb"
    result = runner.invoke(app, ["--db", str(db), "chat"], input="how many trial users are on ios\n")
    assert result.exit_code == 1
    assert "no warehouse at" in result.stderr and "you>" not in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_a_data_question_on_a_warehouse_never_built_says_to_build_it(tmp_path: Path) -> None:
    import duckdb

    db = tmp_path / "empty.duckdb"
    duckdb.connect(str(db)).close()
    result = runner.invoke(app, ["--db", str(db), "ask", QUESTION, "--json"], catch_exceptions=False)
    out = json.loads(result.stdout)
    assert result.exit_code == 1 and out["result"] is None
    assert "holds no data yet" in out["error"] and "mcc warehouse build" in out["error"]
