"""'Over every marketing message', 'above all other campaigns' rank a program above the rest and name none (a program
'every_marketing' or 'other_campaigns' was drafted, taking the first program's people)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    ("prompt", "ids"),
    [
        (
            "the save offer for at-risk users above all other campaigns, then the upgrade nudge for trial users",
            ["save_offer", "upgrade_nudge"],
        ),
        ("Prioritize support follow-up over every marketing message for users with an open bug ticket", None),
    ],
)
def test_above_every_program_names_none(planner: CatalogPlanner, prompt: str, ids: list[str] | None) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    if ids is not None:
        assert [r.id for r in rules] == ids
    else:
        assert len(rules) == 1 and "support_follow_up" in rules[0].id
