"""A program for a level of a score, said with no people word ("upgrade nudge for high upgrade intent", "the
survey for low CSAT"), is that program's audience in a ranking sentence; it was read into the program's name
and the program sent to everyone the other did not reach."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import audiences, by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner


@pytest.mark.parametrize(
    ("prompt", "second", "names"),
    [
        ("Win-back for cancelled users beats upgrade nudge for high upgrade intent.", "upgrade_nudge", {"upgrade_intent"}),
        ("Rank win-back for cancelled users above upgrade nudge for high upgrade intent, and exclude users who "
         "contacted support in the last 14 days.", "upgrade_nudge", {"upgrade_intent"}),
        ("The tips email for new users goes before the survey for low CSAT.", "survey", {"avg_csat"}),
    ],
)
def test_a_score_level_is_the_programs_people(
    planner: CatalogPlanner, prompt: str, second: str, names: set[str]
) -> None:
    policy = draft_policy(planner, prompt)
    assert by_priority(policy)[1].id == second
    assert audiences(policy)[1] == names
