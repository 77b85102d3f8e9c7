"""The rules CLI contracts, driven through the real `mcc` app."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from cli.main import app

EXAMPLES = Path(__file__).parents[2] / "examples"
UPGRADE = str(EXAMPLES / "upgrade_nudge.yaml")


@pytest.fixture
def mcc(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("MCC_DB", str(db_path))
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> Any:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return json.loads(result.stdout) if "--json" in args else result

    return invoke


def test_validate_clean_and_with_errors(mcc: Any, tmp_path: Path) -> None:
    assert mcc("rules", "validate", UPGRADE, "--json") == {"file": UPGRADE, "ok": True, "errors": [], "warnings": []}
    bad = tmp_path / "bad.yaml"
    bad.write_text(Path(UPGRADE).read_text().replace("trait: open_tickets", "trait: open_ticket"))
    out = mcc("rules", "validate", str(bad), "--json", code=1)
    assert out["errors"][0]["path"] == "audience.conditions[2].trait"
    assert out["errors"][0]["suggestion"].startswith("did you mean open_tickets")


def test_propose_approve_flow_and_refusals(mcc: Any, db_path: Path) -> None:
    assert mcc("rules", "propose", UPGRADE, "--as", "alice", "--json") == {
        "rule_id": "upgrade_nudge", "version": 1, "status": "proposed", "created": True, "reopened": False,
        "warnings": []}
    refused = mcc("rules", "approve", "upgrade_nudge", "--as", "alice", "--json", code=1)
    assert refused["error"] == "RegistryError" and "a reviewer must not be the author" in refused["message"]
    assert mcc("rules", "approve", "upgrade_nudge", "--as", "bob", "--json") == {
        "rule_id": "upgrade_nudge", "version": 1, "status": "approved", "unreviewed": []}
    listed = mcc("rules", "list", "--json")["versions"]
    assert [(v["rule_id"], v["version"], v["status"], v["author"], v["reviewer"]) for v in listed] == [
        ("upgrade_nudge", 1, "approved", "alice", "bob")]
    human = mcc("rules", "list")
    assert "upgrade_n" in human.stdout and "approved" in human.stdout
    con = duckdb.connect(str(db_path))
    outcomes = con.execute("SELECT actor, action, outcome FROM mcc.audit_log ORDER BY audit_id").fetchall()
    con.close()
    assert outcomes == [("alice", "propose", "ok"), ("alice", "approve", "refused"), ("bob", "approve", "ok")]


def test_reject_rollback_show_diff(mcc: Any, tmp_path: Path) -> None:
    mcc("rules", "propose", UPGRADE, "--as", "alice")
    mcc("rules", "approve", "upgrade_nudge", "--as", "bob")
    edited = tmp_path / "upgrade_nudge.yaml"
    edited.write_text(Path(UPGRADE).read_text().replace("value: 3}", "value: 2}"))
    assert mcc("rules", "propose", str(edited), "--as", "alice", "--json")["version"] == 2
    diff = mcc("rules", "diff", "upgrade_nudge", "--json")
    assert diff["changes"] == ["audience: removed condition workouts_completed >= 3",
                               "audience: added condition workouts_completed >= 2"]
    assert diff["audience"]["upgrade_nudge"]["users_before"] == 2
    mcc("rules", "reject", "upgrade_nudge", "--as", "bob", "--comment", "too broad")
    mcc("rules", "approve", "upgrade_nudge", "--as", "bob", "--version", "2", code=1)
    mcc("rules", "rollback", "upgrade_nudge", "--to", "2", "--as", "carol", code=1)
    shown = mcc("rules", "show", "upgrade_nudge", "--version", "2", "--json")
    assert shown["info"]["status"] == "rejected" and shown["reviews"][0]["comment"] == "too broad"
    assert mcc("rules", "show", "upgrade_nudge", "--json")["info"]["version"] == 1  # the active version


def test_export_import_and_schema(mcc: Any, tmp_path: Path) -> None:
    mcc("rules", "propose", UPGRADE, "--as", "alice")
    out = mcc("rules", "export", str(tmp_path / "rules"), "--json")
    assert [Path(f).name for f in out["files"]] == ["upgrade_nudge.yaml"]
    imported = mcc("rules", "import", str(tmp_path / "rules"), "--as", "dana", "--json")["proposals"]
    assert [(p["rule_id"], p["version"], p["created"]) for p in imported] == [("upgrade_nudge", 1, False)]
    schema = mcc("rules", "schema")
    assert set(json.loads(schema.stdout)["discriminator"]["mapping"]) == {"rule", "policy"}


def test_preview_file_and_stored_rule(mcc: Any, db_path: Path) -> None:
    out = mcc("preview", UPGRADE, "--json")
    assert out["spec_id"] == "upgrade_nudge" and out["rules"][0]["size"] == 2
    con = duckdb.connect(str(db_path))
    assert sorted(r[0] for r in con.execute(out["audience_sql"]).fetchall()) == ["u1", "u6"]
    con.close()
    mcc("rules", "propose", UPGRADE, "--as", "alice")
    assert mcc("preview", "upgrade_nudge", "--json")["version"] == 1
    assert "RegistryError" in mcc("preview", "missing_rule", "--json", code=1)["error"]


def test_preview_of_a_mistyped_path_says_it_cannot_read_it(mcc: Any, tmp_path: Path) -> None:
    for target in (str(tmp_path / "upgrade.yaml"), "upgrade_nuge.yml", str(tmp_path / "specs" / "nudge")):
        out = mcc("preview", target, "--json", code=1)
        assert out["error"] == "SpecError" and "cannot read" in out["message"], out


def test_list_shows_people_text_as_typed(mcc: Any) -> None:
    mcc("rules", "propose", UPGRADE, "--as", "[bold]mallory[/bold]")
    human = mcc("rules", "list").stdout
    assert "[bold]mallory[/bold]" in " ".join(human.split())  # rich markup in a name is not applied
