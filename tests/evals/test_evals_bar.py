"""The CI bar: the offline suites (catalog planner) through the real runner; each family's pass rate must
stay at or above its bar in evals/bars.yaml. Known failures count as failures."""

from __future__ import annotations

import pytest

from evals.report import Report, load_bars
from evals.runner import EvalOptions, run_evals


@pytest.fixture(scope="module")
def offline_report() -> Report:
    return run_evals(EvalOptions(model="offline"))


@pytest.mark.timeout(600)
def test_every_family_meets_its_bar(offline_report: Report) -> None:
    bars = load_bars()
    assert set(bars) >= {"eligibility", "decision", "debug", "redteam"}
    under = {
        name: f"{fam.rate:.1%} < bar {fam.bar:.1%}; failing: "
        + ", ".join(c["id"] for c in offline_report.cases if c["family"] == name and not c["passed"])[:400]
        for name, fam in offline_report.families.items()
        if not fam.meets_bar
    }
    assert not under, under


def test_every_family_ran_every_case(offline_report: Report) -> None:
    for name in ("eligibility", "decision", "debug", "redteam"):
        family = offline_report.families[name]
        assert family.cases >= {"eligibility": 40, "decision": 15, "debug": 15, "redteam": 20}[name]
        assert family.bar is not None
