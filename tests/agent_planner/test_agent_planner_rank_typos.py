"""Quiet typos in ranking words are mended before a decision is read ("Prioritze win-back ovr onboarding"),
and only those: ordinary words one letter from a rank word stay as typed."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.rank_typos import mend_rank_typos


@pytest.mark.parametrize(
    ("typed", "mended"),
    [
        ("Prioritze win-back ovr onboarding", "Prioritize win-back over onboarding"),
        ("priorty order: A befor B", "priority order: A before B"),
        ("A outrnaks B, b4 C", "A outranks B, before C"),
        ("users who abode in Texas and the fist bump", "users who abode in Texas and the fist bump"),
        ("Secnod: the survey", "Second: the survey"),
    ],
)
def test_only_ranking_words_are_mended(typed: str, mended: str) -> None:
    assert mend_rank_typos(typed) == mended


def test_a_misspelt_ranking_drafts_both_programs(planner: CatalogPlanner) -> None:
    prompt = "Prioritze win-back ovr onboarding for cancelled users, and stop the win-back once they resubscribe."
    policy = draft_policy(planner, prompt)
    assert [r.id for r in by_priority(policy)] == ["win_back", "onboarding"]
    assert prompt in policy.description  # the description quotes what was asked, typos and all
