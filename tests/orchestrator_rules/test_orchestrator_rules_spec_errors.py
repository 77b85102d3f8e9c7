"""A spec of the wrong shape: every problem at once, each at its path as the author wrote the spec."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from cli.main import app
from orchestrator.spec import parse_spec
from warehouse.errors import SpecError

POLICY: dict[str, Any] = {
    "kind": "policy",
    "id": "trial_policy",
    "description": "d",
    "rules": [
        {"id": "first", "description": "d", "priority": 1,
         "audience": {"kind": "trait", "trait": "workouts_completed", "op": "gte", "value": 1}},
        {"id": "second", "description": "d", "priority": 2,
         "audience": {"kind": "all", "conditions": [
             {"kind": "trait", "trait": "pricing_views", "op": "gte", "value": 1},
             {"kind": "trait", "trait": "open_tickets", "op": "bigger", "value": 0},
         ]},
         "channels": [{"channel": "pigeon"}]},
    ],
}


def problems_of(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(SpecError) as exc:
        parse_spec(data)
    return [(p["path"], p["message"]) for p in exc.value.details["problems"]]


def test_paths_follow_the_spec_and_skip_union_tags() -> None:
    found = problems_of(POLICY)
    assert [path for path, _ in found] == ["rules[1].audience.conditions[1].op", "rules[1].channels[0].channel"]
    assert "got 'bigger'" in found[0][1] and "got 'pigeon'" in found[1][1]


def test_a_field_named_like_its_tag_keeps_its_name() -> None:
    rule = {"id": "r1", "description": "d", "priority": 1,
            "audience": {"kind": "trait", "trait": 7, "op": "eq", "value": 1}}
    assert [path for path, _ in problems_of(rule)] == ["audience.trait"]


def test_missing_fields_and_bad_ids_say_so_plainly() -> None:
    found = dict(problems_of({"kind": "rule", "id": "Bad Rule", "priority": 1}))
    assert found["description"] == "this field is required" and found["audience"] == "this field is required"
    assert "lowercase letters, digits and _" in found["id"]


def test_the_first_problem_leads_the_message_and_the_rest_are_counted() -> None:
    with pytest.raises(SpecError, match=r"rules\[1\]\.audience\.conditions\[1\]\.op: .* \(and 1 more problem\)"):
        parse_spec(POLICY)


def test_validate_lists_every_shape_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCC_DB", str(tmp_path / "none.duckdb"))
    spec = tmp_path / "policy.yaml"
    spec.write_text(yaml.safe_dump(POLICY))
    result = CliRunner().invoke(app, ["rules", "validate", str(spec), "--json"])
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["ok"] is False and [e["path"] for e in out["errors"]] == [
        "rules[1].audience.conditions[1].op", "rules[1].channels[0].channel"]
    human = CliRunner().invoke(app, ["rules", "validate", str(spec)])
    assert human.exit_code == 1 and "2 error(s)" in human.stdout and "pigeon" in human.stdout
