"""`mcc measure` after a plain `mcc run` (as of the data's end) says why every rate is zero."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

EXAMPLES = Path(__file__).parents[2] / "examples"
runner = CliRunner()


def mcc(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "250"})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def test_measure_after_a_run_at_the_data_end_says_nobody_had_time_to_convert(warehouse_copy: Path) -> None:
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLES / "upgrade_nudge.yaml"), "--as", "maya")
    mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "sam")
    mcc(warehouse_copy, "run", "--as", "ops")  # the default time: the data's end
    report = json.loads(mcc(warehouse_copy, "measure", "--json"))
    (note,) = report["notes"]
    assert "1 run(s) after it (or at it" in note
    assert "have had no time to convert" in note
    said = " ".join(mcc(warehouse_copy, "measure").split())
    assert "(or at it, as a plain `mcc run` is) have had no time to convert" in said
