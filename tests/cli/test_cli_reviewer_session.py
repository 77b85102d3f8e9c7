"""A reviewer's session: what waits is named where they look, refusals say the next step, a dry run sets each rule
beside its preview."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app

EXAMPLE = Path(__file__).parents[2] / "examples" / "upgrade_nudge.yaml"
runner = CliRunner()


def mcc(db: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "250"})
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result.stdout if code == 0 else result.stderr


@pytest.fixture
def reviewed(warehouse_copy: Path, tmp_path: Path) -> Path:
    """upgrade_nudge v1 approved by sam, v2 (a higher priority) proposed by maya."""
    second = tmp_path / "upgrade_nudge.yaml"
    second.write_text(EXAMPLE.read_text().replace("priority: 30", "priority: 40"))
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLE), "--as", "maya")
    mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "sam")
    mcc(warehouse_copy, "rules", "propose", str(second), "--as", "maya")
    return warehouse_copy


def test_show_of_a_running_rule_names_the_version_waiting_for_review(reviewed: Path) -> None:
    text = mcc(reviewed, "rules", "show", "upgrade_nudge")
    assert text.startswith("upgrade_nudge v1") and "priority: 30" in text
    assert text.splitlines()[2].startswith("  approve by sam on ") and text.splitlines()[2].endswith(" (no comment)")
    assert "v2 is proposed and waiting for review: mcc rules diff upgrade_nudge 1 2" in text
    assert json.loads(mcc(reviewed, "rules", "show", "upgrade_nudge", "--json"))["proposed_versions"] == [2]
    assert "waiting for review" not in mcc(reviewed, "rules", "show", "upgrade_nudge", "--version", "2")


def test_a_first_version_has_no_diff_and_the_refusal_says_where_to_read_it(warehouse_copy: Path) -> None:
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLE), "--as", "maya")
    err = mcc(warehouse_copy, "rules", "diff", "upgrade_nudge", code=1)
    assert "only version 1, its first" in err
    assert "mcc rules show upgrade_nudge --version 1" in err and "mcc preview upgrade_nudge --version 1" in err


def test_approving_a_version_that_is_not_proposed_names_what_to_do_instead(reviewed: Path) -> None:
    err = mcc(reviewed, "rules", "approve", "upgrade_nudge", "--version", "1", "--as", "sam", code=1)
    assert "v1 is approved" in err and "mcc rules approve upgrade_nudge --version 2" in err
    mcc(reviewed, "rules", "approve", "upgrade_nudge", "--as", "sam")
    err = mcc(reviewed, "rules", "approve", "upgrade_nudge", "--version", "1", "--as", "sam", code=1)
    assert "v1 is superseded" in err and "mcc rules rollback upgrade_nudge --to 1" in err
    err = mcc(reviewed, "rules", "approve", "upgrade_nudge", "--version", "2", "--as", "sam", code=1)
    assert "nothing of upgrade_nudge waits for review; v2 already runs" in err
    err = mcc(reviewed, "rules", "rollback", "upgrade_nudge", "--to", "2", "--as", "sam", code=1)
    assert "already the active version (accepted: an earlier approved version: v1)" in " ".join(err.split())


def test_a_rollback_to_a_version_never_approved_names_what_can_be_restored(warehouse_copy: Path, tmp_path: Path) -> None:
    second = tmp_path / "upgrade_nudge.yaml"
    second.write_text(EXAMPLE.read_text().replace("priority: 30", "priority: 40"))
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLE), "--as", "maya")
    mcc(warehouse_copy, "rules", "approve", "upgrade_nudge", "--as", "sam")
    mcc(warehouse_copy, "rules", "propose", str(second), "--as", "maya")
    mcc(warehouse_copy, "rules", "reject", "upgrade_nudge", "--as", "sam", "--comment", "no")
    err = " ".join(mcc(warehouse_copy, "rules", "rollback", "upgrade_nudge", "--to", "2", "--as", "sam", code=1).split())
    # it offered v1, the version already running, which a rollback then refused as already active
    assert "(accepted: none: v1 runs and no other version of upgrade_nudge was ever approved)" in err


def test_a_diff_says_which_side_runs(reviewed: Path) -> None:
    assert mcc(reviewed, "rules", "diff", "upgrade_nudge").splitlines()[0] == "upgrade_nudge: v1 (active) -> v2 (proposed)"
    mcc(reviewed, "rules", "approve", "upgrade_nudge", "--as", "sam")
    mcc(reviewed, "rules", "rollback", "upgrade_nudge", "--to", "1", "--as", "sam")
    # after the rollback the newer version is the one that does not run, which "v1 -> v2" alone hid
    assert mcc(reviewed, "rules", "diff", "upgrade_nudge").splitlines()[0] == "upgrade_nudge: v1 (active) -> v2 (superseded)"
    diff = json.loads(mcc(reviewed, "rules", "diff", "upgrade_nudge", "--json"))
    assert (diff["from_status"], diff["to_status"]) == ("approved", "superseded")
    err = mcc(reviewed, "rules", "diff", "upgrade_nudge", "2", "2", code=1)  # was "no changes", as if compared
    assert "v2 against itself" in err and "two different versions of upgrade_nudge (v1, v2)" in err


def test_a_dry_run_counts_each_rules_audience_as_its_preview_does(reviewed: Path) -> None:
    mcc(reviewed, "rules", "approve", "upgrade_nudge", "--as", "sam")
    preview = json.loads(mcc(reviewed, "preview", "upgrade_nudge", "--json"))["rules"][0]
    run = json.loads(mcc(reviewed, "run", "--dry-run", "--json"))
    counts = run["by_rule"]["upgrade_nudge"]
    assert sum(counts.values()) == preview["size"] > 0
    assert sum(counts.values()) - counts["suppressed"] - counts["stopped"] == preview["eligible"]
    text = mcc(reviewed, "run", "--dry-run")
    row = next(line for line in text.splitlines() if line.strip("│ ").startswith("upgrade_nudge"))
    assert [c.strip() for c in row.split("│") if c.strip()][:2] == ["upgrade_nudge", f"{preview['size']:,}"]


def test_proposing_a_rejected_spec_again_says_who_rejected_it_and_why(warehouse_copy: Path) -> None:
    mcc(warehouse_copy, "rules", "propose", str(EXAMPLE), "--as", "maya")
    mcc(warehouse_copy, "rules", "reject", "upgrade_nudge", "--as", "sam", "--comment", "too broad for Brazil")
    again = mcc(warehouse_copy, "rules", "propose", str(EXAMPLE), "--as", "maya")
    assert again.replace("\n", " ").strip() == ("upgrade_nudge unchanged: identical to v1 (rejected) by sam: too broad "
                                                "for Brazil; change the spec and propose it again")
    assert json.loads(mcc(warehouse_copy, "rules", "propose", str(EXAMPLE), "--as", "maya", "--json")) == {
        "rule_id": "upgrade_nudge", "version": 1, "status": "rejected", "created": False, "reopened": False,
        "warnings": []}


def test_preview_breakdown_counts_read_as_the_table_does(warehouse_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from cli import rules_render
    from orchestrator.preview_model import Preview

    preview = Preview.model_validate(json.loads(mcc(warehouse_copy, "preview", str(EXAMPLE), "--json")))
    preview.rules[0].breakdown = {"device_os": {"ios": 1229, "android": 17}}
    shown = Console(record=True, width=200)
    monkeypatch.setattr(rules_render, "console", shown)
    rules_render.show_preview(preview)
    assert "upgrade_nudge device_os: ios 1,229, android 17" in shown.export_text()


def test_a_rule_dropped_from_a_policy_shows_whom_it_no_longer_reaches(warehouse_copy: Path, tmp_path: Path) -> None:
    import yaml

    policy = Path(__file__).parents[2] / "examples" / "trial_priority_policy.yaml"
    spec = yaml.safe_load(policy.read_text())
    spec["rules"] = [r for r in spec["rules"] if r["id"] != "second_workout_help"]
    for guard in spec["suppressions"]:
        if isinstance(guard.get("applies_to"), list):
            guard["applies_to"] = [r for r in guard["applies_to"] if r != "second_workout_help"]
    dropped = tmp_path / "trial_priority_policy.yaml"
    dropped.write_text(yaml.safe_dump(spec))
    mcc(warehouse_copy, "rules", "propose", str(policy), "--as", "maya")
    before = json.loads(mcc(warehouse_copy, "preview", str(policy), "--json"))["rules"]
    size = next(r["size"] for r in before if r["rule_id"] == "second_workout_help")
    mcc(warehouse_copy, "rules", "propose", str(dropped), "--as", "maya")
    diff = json.loads(mcc(warehouse_copy, "rules", "diff", "trial_priority", "--json"))
    assert ("rules: removed second_workout_help (audience: subscription_status = trial and workouts_completed = 1)"
            in diff["changes"])
    # a dropped rule had no delta at all: the reviewer saw the removal but not whom it stopped reaching
    delta = diff["audience"]["second_workout_help"]
    assert (delta["users_before"], delta["users_after"], delta["removed"], delta["added"]) == (size, 0, size, 0)
    assert size > 0 and set(diff["audience"]) == {"second_workout_help"}


@pytest.mark.parametrize("command", [["chat", "--as", "m\u0430ya"],
                                     ["ask", "Create a rule for iOS users", "--propose", "--as", "m\u0430ya"]])
def test_a_refused_name_stops_chat_and_ask_before_any_drafting(warehouse_copy: Path, command: list[str]) -> None:
    # refused only at the proposal, the name left a chat thread with a draft nobody could propose
    err = mcc(warehouse_copy, *command, code=1)
    assert "mixes scripts" in err and "e.g. --as 'maya'" in err and len(err.strip().splitlines()) == 1
    assert not warehouse_copy.with_name(warehouse_copy.name + ".chat.sqlite").exists()


def test_a_proposal_with_warnings_says_them(warehouse_copy: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text(EXAMPLE.read_text().replace("id: upgrade_nudge", "id: nobody_nudge")
                     .replace("value: 3", "value: 100000"))
    text = " ".join(mcc(warehouse_copy, "rules", "propose", str(empty), "--as", "maya").split())
    # it was filed with one line, "proposed as v1", and nothing of the rule reaching no one
    assert "nobody_nudge proposed as v1 (proposed), with 1 warning(s)" in text
    assert re.search(r"audience: nobody_nudge has 0 eligible users of \d+ as of", text), text
    filed = json.loads(mcc(warehouse_copy, "rules", "propose", str(EXAMPLE), "--as", "maya", "--json"))
    assert filed["created"] and filed["warnings"] == []


def test_a_retired_version_is_not_offered_back_once_a_later_one_runs(reviewed: Path) -> None:
    mcc(reviewed, "rules", "retire", "upgrade_nudge", "--as", "ops", "--comment", "paused")
    listed = " ".join(mcc(reviewed, "rules", "list").split())
    assert "upgrade_nudge v1 retired by ops" in listed and "`mcc rules rollback upgrade_nudge --to 1` runs it again" in listed
    mcc(reviewed, "rules", "approve", "upgrade_nudge", "--as", "sam")  # v2 runs now: rolling back would replace it
    listed = " ".join(mcc(reviewed, "rules", "list").split())
    assert "paused; v2 was approved since and runs now" in listed and "rollback upgrade_nudge --to 1" not in listed


def test_approving_the_latest_proposal_says_which_older_one_it_set_aside_unread(reviewed: Path, tmp_path: Path) -> None:
    third = tmp_path / "third.yaml"
    third.write_text(EXAMPLE.read_text().replace("priority: 30", "priority: 50"))
    mcc(reviewed, "rules", "propose", str(third), "--as", "lee")  # v3, while maya's v2 still waits
    text = " ".join(mcc(reviewed, "rules", "approve", "upgrade_nudge", "--as", "sam").split())
    # v2 was superseded silently: maya's proposal would never run and nobody had read it
    assert ("v2, proposed by maya, was waiting too and is now superseded unreviewed: it will not run "
            "(mcc rules diff upgrade_nudge 2 3 shows what it had)") in text


def test_chat_approve_names_the_older_proposal_it_set_aside(reviewed: Path, tmp_path: Path) -> None:
    third = tmp_path / "third.yaml"
    third.write_text(EXAMPLE.read_text().replace("priority: 30", "priority: 50"))
    mcc(reviewed, "rules", "propose", str(third), "--as", "lee")
    chat = runner.invoke(app, ["--db", str(reviewed), "chat", "--as", "sam"], input="/approve upgrade_nudge\n/quit\n",
                         catch_exceptions=False)
    said = " ".join(chat.stdout.split())
    assert "upgrade_nudge v3 as sam" in said and "v2, proposed by maya, was waiting too and is now superseded" in said
