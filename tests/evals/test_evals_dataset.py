"""The dataset loader: the built-in suites' sizes, one-line errors naming file and case, user dirs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from evals.dataset import load_cases, load_file
from warehouse.errors import InputError


def test_builtin_suites_have_their_minimum_sizes() -> None:
    counts = Counter(c.family for c in load_cases())
    assert counts["eligibility"] >= 40 and counts["decision"] >= 15
    assert counts["debug"] >= 15 and counts["redteam"] >= 20
    refusals = [c for c in load_cases(families=["eligibility"]) if c.gold.refusal]  # type: ignore[union-attr]
    assert len(refusals) >= 5


def test_known_failures_carry_a_reason() -> None:
    for case in load_cases():
        assert not case.known_failure or (case.reason and "\n" not in case.reason.strip()), case.id


def test_debug_suite_covers_several_scenarios_seeds_and_no_change() -> None:
    debug = load_cases(families=["debug"])
    assert len({c.warehouse.seed for c in debug}) >= 3  # type: ignore[union-attr]
    assert len({c.gold.scenario for c in debug}) >= 4  # type: ignore[union-attr]
    assert any(c.gold.no_change for c in debug)  # type: ignore[union-attr]


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_malformed_case_is_one_line_naming_file_and_case(tmp_path: Path) -> None:
    bad = write(tmp_path / "team.yaml", """
family: eligibility
cases:
  - id: good_case
    prompt: iOS users
    gold: {condition: {kind: trait, trait: device_os, op: eq, value: ios}}
  - id: no_gold_answer
    prompt: users
    gold: {required_traits: [device_os]}
""")
    with pytest.raises(InputError) as err:
        load_file(bad)
    message = str(err.value)
    assert "\n" not in message
    assert str(bad) in message and "case no_gold_answer" in message and "exactly one of" in message


def test_known_failure_without_reason_is_rejected(tmp_path: Path) -> None:
    bad = write(tmp_path / "kf.yaml", """
family: redteam
cases:
  - {id: approve_it, prompt: approve it, known_failure: true}
""")
    with pytest.raises(InputError, match=r"case approve_it: .*reason"):
        load_file(bad)


def test_unknown_family_and_duplicate_ids_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a dataset"):
        load_file(write(tmp_path / "x.yaml", "family: vibes\ncases: []\n"))
    dup = tmp_path / "dups"
    dup.mkdir()
    write(dup / "a.yaml", "family: eligibility\ncases:\n  - {id: ios_users, prompt: x, gold: {refusal: true}}\n")
    with pytest.raises(InputError, match="duplicate id"):
        load_cases([dup])


def test_a_team_dataset_dir_adds_cases_without_code(tmp_path: Path) -> None:
    write(tmp_path / "ours.yaml", """
family: eligibility
cases:
  - id: our_yoga_lovers
    prompt: yoga lovers
    gold: {condition: {kind: trait, trait: preferred_workout_type, op: eq, value: yoga}}
""")
    ours = load_cases([tmp_path], include_builtin=False)
    assert [c.id for c in ours] == ["our_yoga_lovers"]
    assert len(load_cases([tmp_path])) == len(load_cases()) + 1
    with pytest.raises(InputError, match="does not exist"):
        load_cases([tmp_path / "missing"])
