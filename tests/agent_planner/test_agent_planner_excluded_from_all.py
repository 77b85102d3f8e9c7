"""'…; exclude Germany from both', 'leave iOS users out of both', 'Exclude anyone with CSAT below 3 from all three': a
hold on every program for those people (it was drafted as one more program, for everyone but them)."""

from __future__ import annotations

import pytest
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import Condition


@pytest.mark.parametrize(
    ("prompt", "held", "programs"),
    [
        (
            "first the onboarding series for users who joined in the last 7 days, then the activation nudge for users "
            "with exactly one workout; exclude Germany from both",
            T("country", "eq", "DE"),
            2,
        ),
        (
            "Win-back email for lapsed users over the survey for cancelled subscribers. Leave iOS users out of both.",
            T("device_os", "eq", "ios"),
            2,
        ),
        (
            "1. upgrade nudge for trial users 2. save offer for at-risk users 3. streak challenge for committed users. "
            "Exclude anyone with CSAT below 3 from all three.",
            T("avg_csat", "lt", 3),
            3,
        ),
    ],
)
def test_people_excluded_from_every_program_are_held_from_all(
    planner: CatalogPlanner, prompt: str, held: Condition, programs: int
) -> None:
    policy = draft_policy(planner, prompt)
    assert len(policy.rules) == programs
    assert any(s.condition == held and s.applies_to == "all" for s in policy.suppressions)
