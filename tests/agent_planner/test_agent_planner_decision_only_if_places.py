"""Decision prompts that place a program and narrow its people after the place ("the workout reminder second
but only if they have push enabled", "the streak saver second but only for users with a 3-day streak"): the
condition is that program's (the whole prompt was read as one eligibility audience, or refused)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority, names
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    ("prompt", "narrowed"),
    [
        (
            "For users with an open bug ticket: the bug follow-up comes first, the workout reminder second but only "
            "if they have push enabled.",
            "push_enabled",
        ),
        (
            "For trial users: the upgrade offer first, the streak saver second but only for users with a 3-day "
            "streak.",
            "current_streak_days",
        ),
    ],
)
def test_a_condition_after_a_place_narrows_that_program(planner: CatalogPlanner, prompt: str, narrowed: str) -> None:
    first, second = by_priority(draft_policy(planner, prompt))
    assert narrowed not in names(first.audience)
    assert narrowed in names(second.audience)
    assert names(first.audience) <= names(second.audience)  # the shared people stay on both
