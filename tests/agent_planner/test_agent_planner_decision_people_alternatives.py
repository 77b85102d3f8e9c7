"""The shared people say all they say: an alternative the catalog lacks beside one it has ("users from Brazil or
Mexico", "on iOS or Windows") is refused by name with the values the catalog holds (the people were read as
Brazil's alone), and a span said of them ("new signups in their first week") narrows them (only "new" was
kept)."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import NEW, by_priority
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import iter_conditions


@pytest.mark.parametrize(
    ("prompt", "word", "value"),
    [
        ("For users from Brazil or Mexico: welcome email first, then onboarding.", "mexico", "country = BR"),
        ("For users on iOS or Windows: upgrade nudge first, then workout tips.", "windows", "device_os = web"),
    ],
)
def test_an_alternative_the_catalog_lacks_is_refused(planner: CatalogPlanner, prompt: str, word: str, value: str) -> None:
    refusal = planner.draft(prompt, "decision", planner.catalog, [])
    assert isinstance(refusal, Refusal)
    assert refusal.unmatched_phrases == [word] and value in refusal.suggestions


def test_the_catalog_values_alone_still_draft(planner: CatalogPlanner) -> None:
    rules = by_priority(draft_policy(planner, "For users in the US or Canada: welcome email first, then onboarding."))
    assert all(T("country", "in", ["US", "CA"]) in iter_conditions(r.audience) for r in rules)


def test_a_span_said_of_the_people_narrows_them(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(planner, "For new signups in their first week: 1) onboarding series 2) workout tips 3) upgrade nudge.")
    )
    assert len(rules) == 3
    for rule in rules:
        leaves = list(iter_conditions(rule.audience))
        assert NEW in leaves and T("days_since_signup", "lt", 7) in leaves, rule.id
