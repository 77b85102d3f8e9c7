"""`mcc preview` read as a reviewer: whole rule ids, the control column when there is a control group, a legend."""

from __future__ import annotations

import json
from collections.abc import Callable
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


def _cli(db: Path) -> Callable[..., str]:
    """Return a runner of `mcc --db DB ...` that asserts success and returns stdout."""
    def mcc(*args: str) -> str:
        result = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "120"})
        assert result.exit_code == 0, (result.stderr, result.exception)
        return result.stdout
    return mcc


def _nudge_with_narrower_proposal(db: Path, tmp_path: Path) -> Callable[..., str]:
    """Propose and approve the example nudge (v1), then propose a narrower v2 (8+ workouts); return the runner."""
    mcc = _cli(db)
    narrower = tmp_path / "upgrade_nudge.yaml"
    narrower.write_text((EXAMPLES / "upgrade_nudge.yaml").read_text().replace("op: gte, value: 3}", "op: gte, value: 8}"))
    mcc("rules", "propose", str(EXAMPLES / "upgrade_nudge.yaml"), "--as", "maya")
    mcc("rules", "approve", "upgrade_nudge", "--as", "sam")
    mcc("rules", "propose", str(narrower), "--as", "maya")
    return mcc


def test_a_stored_id_previews_a_named_version_and_points_at_the_proposal(
    warehouse_copy: Path, tmp_path: Path
) -> None:
    mcc = _nudge_with_narrower_proposal(warehouse_copy, tmp_path)
    active = mcc("preview", "upgrade_nudge")
    assert active.startswith("upgrade_nudge v1 (rule)")
    assert "upgrade_nudge v2 is proposed: preview it with --version 2" in active
    proposed = mcc("preview", "upgrade_nudge", "--version", "2")
    assert proposed.startswith("upgrade_nudge v2 (rule)") and "is proposed" not in proposed
    sizes = [json.loads(mcc("preview", "upgrade_nudge", "--version", v, "--json"))["rules"][0]["size"]
             for v in ("1", "2")]
    assert sizes[1] < sizes[0]  # the narrower proposal, not the active version again


def test_steps_count_each_condition_of_the_version_previewed(warehouse_copy: Path, tmp_path: Path) -> None:
    mcc = _nudge_with_narrower_proposal(warehouse_copy, tmp_path)
    for version, threshold in (("1", 3), ("2", 8)):
        shown = json.loads(mcc("preview", "upgrade_nudge", "--version", version, "--steps", "--json"))
        (narrowed,) = shown["narrowing"]
        assert narrowed["steps"][0]["condition"] == f"workouts_completed >= {threshold}"
        # the last step leaves the audience the preview counts, and the eligible agree too
        assert narrowed["steps"][-1]["left"] == shown["rules"][0]["size"]
        assert narrowed["eligible"] == shown["rules"][0]["eligible"]
    assert "narrowing" not in json.loads(mcc("preview", "upgrade_nudge", "--json"))  # the contract without --steps
    text = mcc("preview", str(EXAMPLES / "trial_priority_policy.yaml"), "--steps")
    assert "second_workout_help: each condition alone, and the users left with the ones before it" in " ".join(text.split())
