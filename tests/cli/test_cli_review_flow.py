"""A reviewer's walk through `mcc rules`: history of who did what, and typed ids answered with the closest one."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

EXAMPLE = Path(__file__).parents[2] / "examples" / "upgrade_nudge.yaml"
runner = CliRunner()


def mcc(db: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "250"})
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result.stdout if code == 0 else result.stderr


def test_history_shows_each_action_and_what_it_replaced(warehouse_copy: Path, tmp_path: Path) -> None:
    second = tmp_path / "upgrade_nudge.yaml"
    second.write_text(EXAMPLE.read_text().replace("priority: 30", "priority: 40"))
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLE), "--as", "maya")
    mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "maya", code=1)
    mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "sam", "--comment", "checked the audience")
    mcc(warehouse_copy, "rules", "propose", str(second), "--as", "maya")
    mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "sam")
    mcc(warehouse_copy, "rules", "rollback", "upgrade_nudge", "--to", "1", "--as", "sam", "--comment", "too loud")
    entries = json.loads(mcc(warehouse_copy, "rules", "history", "upgrade_nudge", "--json"))["entries"]
    assert [(e["actor"], e["action"], e["version"], e["outcome"]) for e in entries] == [
        ("maya", "propose", 1, "ok"), ("maya", "approve", 1, "refused"), ("sam", "approve", 1, "ok"),
        ("maya", "propose", 2, "ok"), ("sam", "approve", 2, "ok"), ("sam", "rollback", 1, "ok")]
    lines = mcc(warehouse_copy, "rules", "history", "upgrade_nudge").splitlines()
    rows = [" ".join(cell.strip() for cell in line.split("│") if cell.strip()) for line in lines if "│" in line]
    assert any(row.endswith("sam approve upgrade_nudge v1 -> v2 ok approve upgrade_nudge v2") for row in rows), rows
    assert any(row.endswith("sam rollback upgrade_nudge v2 -> v1 ok too loud") for row in rows), rows
    assert any("maya approve upgrade_nudge v1 refused maya proposed upgrade_nudge v1" in row for row in rows), rows


def test_a_mistyped_rule_id_is_answered_with_the_closest_one(warehouse_copy: Path) -> None:
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLE), "--as", "maya")
    for args in (["rules", "approve", "upgrade_nuge", "--as", "sam"], ["rules", "show", "upgrade-nudge"],
                 ["rules", "history", "upgrade_nudg"], ["preview", "upgradenudge"]):
        err = mcc(warehouse_copy, *args, code=1)
        assert "did you mean upgrade_nudge?" in err and len(err.strip().splitlines()) == 1, (args, err)


def test_history_of_an_empty_registry_says_how_to_start(warehouse_copy: Path) -> None:
    assert "No actions yet" in mcc(warehouse_copy, "rules", "history")


def test_list_names_each_kind_and_what_waits_for_review(warehouse_copy: Path) -> None:
    policy = Path(__file__).parents[2] / "examples" / "trial_priority_policy.yaml"
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLE), "--as", "maya")
    mcc(warehouse_copy, "rules", "propose", str(policy), "--as", "maya")
    mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "sam")
    text = mcc(warehouse_copy, "rules", "list")
    rows = [[c.strip() for c in line.split("│") if c.strip()] for line in text.splitlines() if "│" in line]
    assert [r[:4] for r in rows if r[0] in ("trial_priority", "upgrade_nudge")] == [
        ["trial_priority", "policy", "1", "proposed"], ["upgrade_nudge", "rule", "1", "approved"]]
    assert "waiting for review: trial_priority v1 (" in " ".join(text.split())


def test_diff_by_default_compares_the_proposal_with_what_runs_not_a_rejected_version(
    warehouse_copy: Path, tmp_path: Path
) -> None:
    text = EXAMPLE.read_text()
    rejected, proposed = tmp_path / "v2" / "upgrade_nudge.yaml", tmp_path / "v3" / "upgrade_nudge.yaml"
    for path, priority in ((rejected, "40"), (proposed, "50")):
        path.parent.mkdir()
        path.write_text(text.replace("priority: 30", f"priority: {priority}"))
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLE), "--as", "maya")
    mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "sam")
    mcc(warehouse_copy, "rules", "propose", str(rejected), "--as", "maya")
    mcc(warehouse_copy, "rules", "reject", "upgrade_nudge", "--as", "sam", "--comment", "too pushy")
    mcc(warehouse_copy, "rules", "propose", str(proposed), "--as", "maya")
    diff = json.loads(mcc(warehouse_copy, "rules", "diff", "upgrade_nudge", "--json"))
    assert (diff["from_version"], diff["to_version"]) == (1, 3)  # the active v1, not the rejected v2
    assert "priority: 30 -> 50" in diff["changes"]
    explicit = json.loads(mcc(warehouse_copy, "rules", "diff", "upgrade_nudge", "2", "3", "--json"))
    assert (explicit["from_version"], explicit["to_version"]) == (2, 3)


def test_approve_says_when_the_approved_version_takes_effect(warehouse_copy: Path) -> None:
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLE), "--as", "maya")
    said = mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "sam")
    assert said.strip() == "upgrade_nudge v1 approved and active: the next `mcc run` applies it"
