"""A program named again for where two audiences meet ("a new trial user should get the onboarding series first")
says who wins the overlap: it is the same program, not a second one for those people."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner

TRIAL = T("subscription_status", "eq", "trial")


@pytest.mark.parametrize(("prompt", "first", "second"), [
    ("New users who signed up less than 5 days ago get an onboarding series; users on a trial get trial tips. "
     "A new trial user should get the onboarding series first.", "onboarding_series", "trial_tips"),
    ("Android users get the app tour and at-risk users get a save offer; an at-risk Android user gets the save "
     "offer first.", "save_offer", "app_tour"),
])
def test_the_overlap_mention_ranks_the_program_without_adding_one(planner: CatalogPlanner, prompt: str, first: str,
                                                                  second: str) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == [first, second]


def test_a_group_the_other_programs_do_not_name_is_still_its_own_program(planner: CatalogPlanner) -> None:
    rules = by_priority(draft_policy(planner, "The upgrade nudge for trial users beats the save offer for at-risk "
                                              "users, which beats the upgrade nudge for high-intent users."))
    assert [r.id for r in rules] == ["upgrade_nudge_trial", "save_offer", "upgrade_nudge_high_intent"]
