"""The slips a person makes writing a spec by hand, each named on one line with where and what to write."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cli.main import app
from orchestrator.spec import load_spec_text
from warehouse.errors import SpecError

EXAMPLE = (Path(__file__).parents[2] / "examples" / "upgrade_nudge.yaml").read_text()


def _problem(text: str) -> SpecError:
    with pytest.raises(SpecError) as caught:
        load_spec_text(text, source="nudge.yaml")
    return caught.value


def test_a_mis_indented_line_is_one_line_with_its_line_number_and_a_hint() -> None:
    text = EXAMPLE.replace("    - {kind: trait, trait: workouts_completed", "  - {kind: trait, trait: workouts_completed")
    message = str(_problem(text))
    assert "\n" not in message
    assert "line 23, column 5" in message and "check the indentation" in message
    assert "<unicode string>" not in message


def test_a_tab_says_to_indent_with_spaces() -> None:
    message = str(_problem("kind: rule\n\tid: x\n"))
    assert "\n" not in message and "line 2, column 1" in message and "spaces, not tabs" in message


def test_a_repeated_key_is_refused_instead_of_keeping_the_last() -> None:
    text = EXAMPLE + "priority: 90\n"  # a second priority lower down: yaml.safe_load would take 90 silently
    assert yaml.safe_load(text)["priority"] == 90
    message = str(_problem(text))
    assert "the key 'priority' appears twice in one mapping (first on line" in message


@pytest.mark.parametrize(("typo", "path", "suggested"), [
    ("holdout_shar: 0.1", "holdout_shar", "did you mean holdout_share?"),
    ("template_ky: upgrade_nudge", "template_ky", "did you mean template_key?"),
])
def test_a_misspelt_field_suggests_the_field(typo: str, path: str, suggested: str) -> None:
    original = typo.split(":")[0][:-1]
    text = "\n".join(typo if line.startswith(original) else line for line in EXAMPLE.splitlines())
    problems = _problem(text).details["problems"]
    assert [(p["path"], suggested in p["message"]) for p in problems] == [(path, True)]


def test_a_misspelt_kind_names_the_kind_field_and_the_accepted_kinds() -> None:
    problems = _problem(EXAMPLE.replace("\nkind: rule\n", "\nkind: rul\n")).details["problems"]
    assert problems[0]["path"] == "kind"
    assert problems[0]["message"] == "'rul' is not a kind here; did you mean rule? (accepted: rule, policy)"
    nested = EXAMPLE.replace("{kind: trait, trait: open_tickets", "{kind: trai, trait: open_tickets")
    problems = _problem(nested).details["problems"]
    assert problems[0]["path"] == "audience.conditions[2].kind" and "did you mean trait?" in problems[0]["message"]


def test_validate_prints_a_yaml_slip_as_one_line(tmp_path: Path) -> None:
    spec = tmp_path / "nudge.yaml"
    spec.write_text(EXAMPLE.replace("priority: 30", "priority 30\nx: 1"))
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "none.duckdb"), "rules", "validate", str(spec)])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "could not find expected ':'" in result.stderr


@pytest.mark.parametrize(("condition", "likely"), [
    ("{trait: open_tickets, op: eq, value: 0}", "kind: trait"),
    ("{event: pricing_viewed, op: gte, count: 1, window_days: 14}", "kind: event"),
    ("{conditions: [{kind: trait, trait: open_tickets, op: eq, value: 0}]}", "kind: all"),
])
def test_a_condition_without_its_kind_says_which_kind_it_reads_as(condition: str, likely: str) -> None:
    text = EXAMPLE.replace("    - {kind: trait, trait: open_tickets, op: eq, value: 0}", f"    - {condition}")
    [problem] = _problem(text).details["problems"]
    assert problem["path"].startswith("audience.conditions[")
    assert f"this condition has no kind; this one reads as {likely} (accepted: trait" in problem["message"]
    assert "discriminator" not in problem["message"]
