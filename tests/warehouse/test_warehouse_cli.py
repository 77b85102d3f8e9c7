"""The warehouse commands, driven through the real `mcc` app."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def mcc(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_build_status_traits_and_sql_as_json(tmp_path: Path) -> None:
    db = str(tmp_path / "w.duckdb")
    code, out, _ = mcc("--db", db, "warehouse", "build", "--users", "300", "--days", "14", "--scenario",
                       "country_pricing_bug", "--json")
    assert code == 0
    built = json.loads(out)
    assert built["build"]["users"] == 300
    assert {s["scenario_id"] for s in built["summary"]["scenarios"]} == {"country_pricing_bug", "shadow_events"}
    code, out, _ = mcc("--db", db, "warehouse", "status", "--json")
    status = json.loads(out)
    assert code == 0 and status["tables"]["user_traits"] > 0 and "activation_state" in status["traits"]
    code, out, _ = mcc("--db", db, "traits", "u0000001", "--json")
    assert code == 0 and json.loads(out)["traits"]["user_id"] == "u0000001"
    code, out, _ = mcc("--db", db, "sql", "SELECT count(*) AS n FROM dim_users", "--json")
    assert code == 0 and json.loads(out)["rows"][0][0] > 0
    code, _, err = mcc("--db", db, "sql", "DELETE FROM dim_users")
    assert code == 1 and "error" in err
    code, _, err = mcc("--db", db, "warehouse", "build", "--users", "300", "--days", "14")
    assert code == 1 and "already exists" in err


def test_ingest_loads_a_file_and_refreshes(tmp_path: Path) -> None:
    db = str(tmp_path / "w.duckdb")
    assert mcc("--db", db, "warehouse", "build", "--users", "300", "--days", "14", "--json")[0] == 0
    line = {"type": "track", "event": "Workout Completed", "userId": "u0000002", "messageId": "new-1",
            "timestamp": "2026-11-02T08:00:00Z", "properties": {"workout_type": "yoga", "duration_min": 12.5}}
    events = tmp_path / "day.jsonl"
    events.write_text(json.dumps(line) + "\n")
    code, out, err = mcc("--db", db, "warehouse", "ingest", str(events), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["load"]["loaded"] == 1 and result["refresh"]["new_events"] == 1
    code, out, _ = mcc("--db", db, "traits", "u0000002", "--json")
    assert json.loads(out)["as_of"].startswith("2026-11-02T08:00")


def test_exported_events_load_back_as_duplicates(tmp_path: Path, small_warehouse: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(small_warehouse, db)
    out = tmp_path / "sample.jsonl"
    code, printed, err = mcc("--db", str(db), "warehouse", "export-events", "--out", str(out), "--limit", "40", "--json")
    assert code == 0, err
    assert json.loads(printed)["events"] == 40 and len(out.read_text().splitlines()) == 40
    code, printed, err = mcc("--db", str(db), "warehouse", "ingest", str(out), "--json")
    result = json.loads(printed)
    assert code == 0, err
    assert result["load"]["duplicates"] == 40 and result["refresh"]["new_events"] == 0


@pytest.mark.parametrize("args", [
    ("warehouse", "build", "--users", "0"),
    ("warehouse", "build", "--users", "5000001"),
    ("warehouse", "build", "--days", "6"),
    ("warehouse", "build", "--days", "366"),
    ("warehouse", "build", "--scenario", "no_such_thing"),
])
def test_arguments_out_of_range_are_one_line_errors(tmp_path: Path, args: tuple[str, ...]) -> None:
    code, out, err = mcc("--db", str(tmp_path / "w.duckdb"), *args)
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err + out


def test_bad_files_are_one_line_errors(tmp_path: Path, small_warehouse: Path) -> None:
    corrupt = tmp_path / "corrupt.duckdb"
    corrupt.write_bytes(b"this is not a database" * 100)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    copy = tmp_path / "copy.duckdb"
    shutil.copy(small_warehouse, copy)
    cases = {
        "no warehouse": ("--db", str(tmp_path / "missing.duckdb"), "warehouse", "status"),
        "not a readable DuckDB": ("--db", str(corrupt), "traits", "u1"),
        "does not exist": ("--db", str(tmp_path / "nodir" / "w.duckdb"), "warehouse", "build", "--users", "10"),
        "empty": ("--db", str(copy), "warehouse", "ingest", str(empty)),
        "no user": ("--db", str(copy), "traits", "nobody"),
    }
    if Path("/sys").is_dir():  # sysfs refuses new files even to root
        cases["cannot write"] = ("--db", "/sys/mcc-test.duckdb", "warehouse", "build", "--users", "10")
    for needle, args in cases.items():
        code, out, err = mcc(*args)
        assert code == 1 and needle in err and err.count("\n") == 1 and "Traceback" not in err + out, (needle, err)



def test_status_says_how_the_warehouse_was_made_in_words(tmp_path: Path) -> None:
    built = str(tmp_path / "built.duckdb")
    assert mcc("--db", built, "warehouse", "build", "--users", "300", "--days", "14", "--seed", "5")[0] == 0
    code, out, _ = mcc("--db", built, "warehouse", "status")
    assert code == 0 and "seed 5, 300 users, 14 days; scenarios: " in " ".join(out.split())
    loaded = str(tmp_path / "loaded.duckdb")
    events = tmp_path / "events.jsonl"
    events.write_text(json.dumps({"type": "track", "event": "app_opened", "userId": "a1", "messageId": "m1",
                                  "originalTimestamp": "2026-01-01T00:00:00Z"}) + "\n")
    assert runner.invoke(app, ["--db", loaded, "collect", "load", str(events)]).exit_code == 0
    code, out, _ = mcc("--db", loaded, "warehouse", "status")
    assert code == 0 and "None" not in out and "not generated (loaded by collection)" in out
