"""`mcc measure` says what its time leaves out: runs after it, and conversions after the data's end."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from cli.main import app

EXAMPLES = Path(__file__).parents[2] / "examples"
runner = CliRunner()


def mcc(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "250"})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def _data_end(db: Path) -> datetime:
    con = duckdb.connect(str(db), read_only=True)
    try:
        end = con.execute("SELECT value FROM mcc.meta WHERE key = 'data_end'").fetchone()
    finally:
        con.close()
    assert end is not None
    return datetime.fromisoformat(end[0]).replace(microsecond=0)


def test_measure_names_later_runs_and_runs_past_the_data(warehouse_copy: Path) -> None:
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLES / "upgrade_nudge.yaml"), "--as", "maya")
    mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "sam")
    end = _data_end(warehouse_copy)
    later = end + timedelta(days=1)
    mcc(warehouse_copy, "run", "--as-of", (end - timedelta(days=1)).isoformat(), "--as", "ops")
    assert json.loads(mcc(warehouse_copy, "measure", "--json"))["notes"] == []  # nothing left out
    mcc(warehouse_copy, "run", "--as-of", later.isoformat(), "--as", "ops")
    (note,) = json.loads(mcc(warehouse_copy, "measure", "--json"))["notes"]
    assert note.startswith(f"1 run(s) after {end:%Y-%m-%d %H:%M} are not counted")
    assert f"mcc measure --as-of {later:%Y-%m-%dT%H:%M}" in note
    said = " ".join(mcc(warehouse_copy, "measure", "--as-of", later.isoformat()).split())
    assert f"note: the data ends at {end:%Y-%m-%d %H:%M}: people first decided by the 1 run(s) after it" in said
    assert "are not counted" not in said
