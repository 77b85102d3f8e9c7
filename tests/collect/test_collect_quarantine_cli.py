"""`mcc collect quarantine`: an operator sees which messages were refused and why, without opening DuckDB."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

GOOD = json.dumps({"type": "track", "event": "app_opened", "userId": "u1", "messageId": "c1"})
NO_ID = json.dumps({"type": "track", "event": "app_opened", "messageId": "c2"})


def mcc(db: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), "collect", *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, (result.stderr, result.exception)
    return result.stdout


def test_load_points_at_the_command_that_shows_why(tmp_path: Path) -> None:
    db, path = tmp_path / "w.duckdb", tmp_path / "day1.jsonl"
    path.write_text(f"{GOOD}\n{{broken\n{NO_ID}\n")
    out = " ".join(mcc(db, "load", str(path)).split())
    assert "see why with `mcc collect quarantine --source day1.jsonl`" in out
    refused = json.loads(mcc(db, "quarantine", "--source", "day1.jsonl", "--json"))["messages"]
    assert sorted((m["line_no"], m["violation_type"]) for m in refused) == [(2, "Malformed-JSON"), (3, "Missing-Id")]
    assert all("raw_payload" not in m for m in refused)  # the table shows why, not whole payloads
    table = mcc(db, "quarantine")
    assert "Malformed-JSON" in table and "day1.jsonl" in table


def test_another_source_and_an_empty_warehouse_say_there_is_nothing(tmp_path: Path) -> None:
    db, path = tmp_path / "w.duckdb", tmp_path / "day1.jsonl"
    path.write_text(f"{GOOD}\n")
    mcc(db, "load", str(path))
    assert mcc(db, "quarantine").strip() == "No quarantined messages."
    assert mcc(db, "quarantine", "--source", "x' OR '1'='1").strip() == "No quarantined messages from x' OR '1'='1."


def test_warehouse_ingest_points_at_the_quarantine_too(tmp_path: Path) -> None:
    from warehouse.build import build_warehouse

    db, path = tmp_path / "w.duckdb", tmp_path / "late.jsonl"
    build_warehouse(db, users=200, days=7, seed=3)
    path.write_text("{broken\n")
    result = CliRunner().invoke(app, ["--db", str(db), "warehouse", "ingest", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert "see why with `mcc collect quarantine --source late.jsonl`" in result.stdout
