"""A pair asked about and answered in one prompt ("upgrade nudge vs save offer for trial users at risk — which first?
save offer") is ranked as answered, both programs for the people said (the answer was lost and the order written
kept; the upgrade nudge lost the people)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import audiences, by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    ("prompt", "ids", "people"),
    [
        (
            "upgrade nudge vs save offer for trial users at risk — which first? save offer",
            ["save_offer", "upgrade_nudge"],
            {"subscription_status", "activation_state"},
        ),
        (
            "win-back email or survey for cancelled users, which should win? survey",
            ["survey", "win_back_email"],
            {"subscription_status"},
        ),
        # a bare question mark, and chat after the answer: it was one rule 'winback_vs_survey'
        ("winback vs survey for expired trials? winback first pls", ["winback", "survey"], {"subscription_status"}),
    ],
)
def test_the_answer_ranks_the_pair(planner: CatalogPlanner, prompt: str, ids: list[str], people: set[str]) -> None:
    policy = draft_policy(planner, prompt)
    assert [r.id for r in by_priority(policy)] == ids
    assert all(people <= said for said in audiences(policy))
