"""An overlap sentence ("If a user is both X and Y, they get A rather than B") is two programs, A ranked over B, each with its own
people: read from another sentence of the prompt, else matched to the labels (a shared word, or a goal over the
same catalog entries); when nothing says whose people are whose, the planner refuses."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal

TRIAL, AT_RISK, HIGH_INTENT = (
    T("subscription_status", "eq", "trial"),
    T("activation_state", "eq", "at_risk"),
    T("upgrade_intent", "eq", "high"),
)


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        (
            "If a user is both trial and at-risk, they get the save offer rather than the upgrade nudge.",
            [("save_offer", AT_RISK), ("upgrade_nudge", TRIAL)],
        ),
        (
            "Users who are both high-intent and at-risk get the churn save offer, not the upgrade nudge.",
            [("churn_save_offer", AT_RISK), ("upgrade_nudge", HIGH_INTENT)],
        ),
        (
            "When someone is both a trial user and at-risk, send them the upgrade nudge instead of the coach "
            "check-in.",
            [("upgrade_nudge", TRIAL), ("coach_check_in", AT_RISK)],
        ),
        (
            "When a user is trial and at-risk at the same time, the save offer wins over the upgrade nudge.",
            [("save_offer", AT_RISK), ("upgrade_nudge", TRIAL)],
        ),
        (
            # "upgrade" is a word of the entry high-intent reads (upgrade_intent)
            "If someone is both high-intent and at-risk, the save offer beats the upgrade nudge.",
            [("save_offer", AT_RISK), ("upgrade_nudge", HIGH_INTENT)],
        ),
        (
            # the people said in another sentence, against the order the overlap names them in
            "The coach check-in is for at-risk users and the upgrade nudge for trial users. If a user is both "
            "trial and at-risk, they get the coach check-in rather than the upgrade nudge.",
            [("coach_check_in", AT_RISK), ("upgrade_nudge", TRIAL)],
        ),
    ],
)
def test_the_overlap_sentence_ranks_two_programs_each_with_its_people(
    planner: CatalogPlanner, prompt: str, expected: list[tuple[str, object]]
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [(r.id, r.audience) for r in rules] == expected


def test_the_overlap_keeps_the_stated_cap_and_stop(planner: CatalogPlanner) -> None:
    policy = draft_policy(
        planner,
        "If a user is both trial and at-risk, they get the save offer rather than the upgrade nudge. Stop the "
        "upgrade nudge once they subscribe. Cap at 2 messages a week.",
    )
    save, nudge = by_priority(policy)
    assert (save.audience, nudge.audience) == (AT_RISK, TRIAL)
    assert T("subscription_status", "eq", "active") in [s.condition for s in nudge.stop_conditions]
    assert policy.frequency_cap is not None
    assert (policy.frequency_cap.max_sends, policy.frequency_cap.per_days) == (2, 7)


def test_programs_whose_people_nothing_says_are_refused(planner: CatalogPlanner) -> None:
    prompt = "If a user is both trial and at-risk, they get the save offer rather than the coach check-in."
    assert planner.classify(prompt, planner.catalog) == "decision"
    refusal = planner.draft(prompt, "decision", planner.catalog, [])
    assert isinstance(refusal, Refusal)
    assert refusal.unmatched_phrases == ["save offer", "coach check-in"]
    assert "'trial' and 'at-risk'" in refusal.reason
