"""`mcc run` and `mcc measure` say what their columns mean: outcomes like 'lost', and lift as a relative change."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

EXAMPLES = Path(__file__).parents[2] / "examples"
runner = CliRunner()


def said(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "250"})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return " ".join(result.stdout.split())


def test_run_and_measure_explain_their_outcomes_and_columns(warehouse_copy: Path) -> None:
    said(warehouse_copy, "rules", "propose", str(EXAMPLES / "upgrade_nudge.yaml"), "--as", "maya")
    said(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "sam")
    run = said(warehouse_copy, "run", "--as", "ops")
    assert "lost: a higher-priority rule won" in run
    assert "sends queued: messages put in the outbox, later steps of a channel plan included" in run
    measure = said(warehouse_copy, "measure")
    assert "lift: the sent rate relative to the held-out rate" in measure
    assert "contaminated: held-out users who got a message anyway" in measure
    assert "lift:" not in said(warehouse_copy, "measure", "--rule", "upgrade_nudge", "--json")
