"""`mcc run`, `explain`, `deliver` and `measure` driven through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from orchestrator_run_fixtures import POLICY
from typer.testing import CliRunner

from cli.main import app
from orchestrator.registry import Registry
from orchestrator.spec import parse_spec


@pytest.fixture
def approved(db_path: Path) -> Path:
    con = duckdb.connect(str(db_path))
    registry = Registry(con)
    registry.propose(parse_spec(POLICY), actor="alice")
    registry.approve("onboarding", actor="bob")
    con.close()
    return db_path


def mcc(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    return result.exit_code, result.stdout


def test_run_json_then_rerun_adds_no_sends(approved: Path) -> None:
    code, out = mcc(approved, "run", "--traits-table", "user_traits", "--as", "carol", "--json")
    assert code == 0, out
    first = json.loads(out)
    assert first["run_id"] == "run_20260301T120000"
    assert first["counts"]["send"] == 5 and first["sends"] == 8
    code, out = mcc(approved, "run", "--traits-table", "user_traits", "--json")
    again = json.loads(out)
    assert (again["status"], again["sends"]) == ("already complete", 0)


def test_dry_run_prints_a_table_and_writes_nothing(approved: Path) -> None:
    code, out = mcc(approved, "run", "--traits-table", "user_traits", "--dry-run")
    assert code == 0, out
    assert "dry run" in out and "sends queued" in out
    con = duckdb.connect(str(approved))
    assert con.execute("SELECT count(*) FROM mcc.decisions").fetchone() == (0,)
    con.close()


def test_explain_deliver_and_measure(approved: Path, tmp_path: Path) -> None:
    mcc(approved, "run", "--traits-table", "user_traits", "--json")
    code, out = mcc(approved, "explain", "u02", "--json")
    assert code == 0, out
    explanation = json.loads(out)
    assert [r["outcome"] for r in explanation["rules"]] == ["send", "lost"]
    code, out = mcc(approved, "explain", "u02", "--rule", "upgrade_offer")
    assert "LOST" in out and "lost to rule first_workout" in out
    code, out = mcc(approved, "deliver", "--to", f"file:{tmp_path / 'out.jsonl'}", "--json")
    assert json.loads(out)["delivered"] == 5
    code, out = mcc(approved, "measure", "--json")
    assert code == 0, out
    report = json.loads(out)
    assert [r["rule_id"] for r in report["rules"]] == ["first_workout", "upgrade_offer"]
    assert report["rules"][0]["treatment"]["n"] == 3


def test_errors_are_one_line(approved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MCC_BRAZE_API_KEY", raising=False)
    code, _ = mcc(approved, "deliver", "--to", "braze")
    assert code == 1
    result = CliRunner().invoke(app, ["--db", str(approved), "deliver", "--to", "braze"])
    assert "missing credential: set MCC_BRAZE_API_KEY" in result.stderr
    result = CliRunner().invoke(app, ["--db", str(approved), "explain", "nobody"])
    assert result.exit_code == 1 and "no completed run yet" in result.stderr
    result = CliRunner().invoke(app, ["--db", str(approved), "run", "--as-of", "yesterday"])
    assert result.exit_code == 1 and "not a timestamp: 'yesterday'" in result.stderr
