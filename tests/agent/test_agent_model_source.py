"""A model error names where the model came from: --model when typed, $MCC_MODEL when set in the environment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def test_a_bad_mcc_model_is_named_as_the_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCC_MODEL", "gpt4")
    result = runner.invoke(app, ["--db", str(tmp_path / "w.duckdb"), "ask", "how many trial users", "--json"])
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["where"] == "$MCC_MODEL" and "'gpt4'" in out["message"] and "unset MCC_MODEL" in out["accepted"]


def test_chat_with_an_openai_mcc_model_and_no_key_names_the_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "w.duckdb"
    db.touch()  # chat checks the file exists before the model
    monkeypatch.setenv("MCC_MODEL", "openai:gpt-x")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    result = runner.invoke(app, ["--db", str(db), "chat"], input="")
    assert result.exit_code == 1
    assert "$MCC_MODEL: no OPENAI_API_KEY" in result.stderr


def test_a_typed_model_is_still_named_as_the_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCC_MODEL", "gpt4")
    result = runner.invoke(app, ["--db", str(tmp_path / "w.duckdb"), "ask", "how many trial users", "--model", "bogus"])
    assert result.exit_code == 1
    assert "--model: unknown model 'bogus'" in result.stderr and "MCC_MODEL" not in result.stderr
