"""The diagnosis's focus and control on a generated warehouse with the planted iOS push collapse: the segment
that moved is found when none is named, the control is one that held steady, and a premise the data
contradict is said first."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.api import ask
from agent.types import Diagnostic


def _diagnose(prompt: str, db: Path) -> Diagnostic:
    result = ask(prompt, db=db, model="offline")
    assert result.error is None and isinstance(result.result, Diagnostic), result
    return result.result


@pytest.mark.parametrize("prompt", [
    "Why did trial conversion fall this week?",
    "trial conversion by platform over the last 7 days - where did it drop?",
])
def test_with_no_value_named_the_focus_is_the_segment_that_moved(warehouse_db: Path, prompt: str) -> None:
    d = _diagnose(prompt, warehouse_db)
    assert d.segments[0] == "ios"
    assert any(n.startswith("The prompt names no device_os to explain, so the diagnosis focuses on ios") for n in d.notes)
    assert d.causes and d.causes[0].channel == "push"


def test_a_named_focus_is_compared_with_a_segment_that_held_steady(warehouse_db: Path) -> None:
    d = _diagnose("Why did conversion drop on web this week?", warehouse_db)
    # iOS collapsed this week, so it would be a misleading control for web
    assert d.segments[0] == "web" and d.segments[1] == "android"
    assert any(n.startswith("web is compared with android, ") for n in d.notes)


def test_a_pair_asked_about_stays_the_pair(warehouse_db: Path) -> None:
    d = _diagnose("Why did conversion drop on web vs iOS this week?", warehouse_db)
    assert d.segments == ["web", "ios"]
    assert not any(" is compared with " in n for n in d.notes)


def test_a_premise_the_data_contradict_is_said_before_the_causes(warehouse_db: Path) -> None:
    d = _diagnose("how come iOS conversion jumped this week?", warehouse_db)
    assert d.summary.startswith("The question says trial_conversion rose for ios, but the data show it fell: ")
    agreeing = _diagnose("Why did iOS conversion tank this week?", warehouse_db)
    assert not agreeing.summary.startswith("The question says")


def test_a_stand_in_metric_makes_no_claim_about_the_premise(warehouse_db: Path) -> None:
    # churn going up is not conversion going up, so the data cannot contradict it through conversion
    d = _diagnose("Why is churn up on iOS this week?", warehouse_db)
    assert d.metric == "trial_conversion" and not d.summary.startswith("The question says")


def test_a_contradicted_premise_runs_on_after_the_filters(warehouse_db: Path) -> None:
    d = _diagnose("how come iOS conversion jumped this week for users who opted out of marketing?", warehouse_db)
    assert d.summary.startswith("Among users with marketing_opt_in=false: the question says trial_conversion rose for "
                                "ios, but the data show it fell: ")


def test_the_segment_said_to_hold_is_compared_without_a_chosen_control(warehouse_db: Path) -> None:
    d = _diagnose("Why did conversion drop on iOS this week but not on web?", warehouse_db)
    assert d.segments[:2] == ["ios", "web"]
    assert not any(" is compared with " in n for n in d.notes)
