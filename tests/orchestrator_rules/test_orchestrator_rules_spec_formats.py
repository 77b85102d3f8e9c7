"""Specs in and out as JSON and YAML: the example specs survive each format unchanged, and the JSON is plain JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orchestrator.spec import load_spec_file, load_spec_text, spec_to_json, spec_to_yaml

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_an_example_round_trips_through_json_and_yaml(path: Path, tmp_path: Path) -> None:
    spec = load_spec_file(path)
    as_json = spec_to_json(spec)
    assert json.loads(as_json)["id"] == spec.id  # plain JSON a tool outside mcc can read
    assert load_spec_text(as_json, source="spec.json") == spec
    assert load_spec_text(spec_to_yaml(spec), source="spec.yaml") == spec
    (tmp_path / "spec.json").write_text(as_json)
    assert load_spec_file(tmp_path / "spec.json") == spec
