"""`mcc rules list` and `rules show` call a retired version retired, with who retired it, when and why."""

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
    return " ".join(result.stdout.split())


def test_list_show_and_history_agree_a_retired_rule_is_retired(warehouse_copy: Path) -> None:
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLES / "upgrade_nudge.yaml"), "--as", "maya")
    mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "sam")
    mcc(warehouse_copy, "rules", "retire", "upgrade_nudge", "--as", "ops", "--comment", "wrong offer")
    listed = mcc(warehouse_copy, "rules", "list")
    assert "│ retired │" in listed and "superseded" not in listed
    assert "upgrade_nudge v1 retired by ops on " in listed and ": wrong offer" in listed
    assert "│ sam │" in listed  # the reviewer column still names who approved it
    (version,) = json.loads(mcc(warehouse_copy, "rules", "list", "--json"))["versions"]
    assert (version["status"], version["retired_by"], version["retire_comment"]) == ("retired", "ops", "wrong offer")
    shown = mcc(warehouse_copy, "rules", "show", "upgrade_nudge")
    assert "upgrade_nudge v1 (rule), retired by ops on " in shown and "approved by sam" in shown
    history = json.loads(mcc(warehouse_copy, "rules", "history", "upgrade_nudge", "--json"))["entries"]
    assert (history[-1]["action"], history[-1]["actor"]) == ("retire", "ops")
    assert history[-1]["acted_at"][:16] == version["retired_at"][:16]
