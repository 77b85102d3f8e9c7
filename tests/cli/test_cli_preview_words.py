"""`mcc preview` read as a reviewer: whole rule ids, the control column when there is a control group, a legend."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

EXAMPLES = Path(__file__).parents[2] / "examples"
runner = CliRunner()


def preview(db: Path, spec: Path) -> str:
    result = runner.invoke(app, ["--db", str(db), "preview", str(spec)], env={"COLUMNS": "100"})
    assert result.exit_code == 0, (result.stderr, result.exception)
    return result.stdout


def _header(text: str) -> list[str]:
    line = next(line for line in text.splitlines() if "eligible" in line)
    return [cell.strip() for cell in line.split("┃") if cell.strip()]


def test_a_policy_preview_names_each_rule_whole_and_splits_with_its_control_group(warehouse_copy: Path) -> None:
    text = preview(warehouse_copy, EXAMPLES / "trial_priority_policy.yaml")  # control_group_share 0.05
    assert "second_workout_help" in text  # not cut to 'second_workou…' by the sample ids beside it
    assert _header(text)[4:8] == ["eligible", "control", "holdout", "treatment"]  # the split adds up
    flat = " ".join(text.split())
    assert "eligible: the audience less suppressions and stop conditions" in flat
    assert "audience SQL (runs as is on the warehouse):" in flat


def test_a_rule_without_a_control_group_has_no_column_of_zeros(warehouse_copy: Path) -> None:
    header = _header(preview(warehouse_copy, EXAMPLES / "upgrade_nudge.yaml"))
    assert header[4:7] == ["eligible", "holdout", "treatment"]
