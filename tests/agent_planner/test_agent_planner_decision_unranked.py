"""Decision prompts the catalog cannot draft as asked, refused with a message that says why: programs asked to
run with no order between them ("in parallel, with no priority": the words were refused one by one as
conditions), and shared people the catalog cannot say ("For VIP customers who spent over $500:": the refusal
named the programs' bare labels, not the spend)."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal


def _refusal(planner: CatalogPlanner, prompt: str) -> Refusal:
    assert planner.classify(prompt, planner.catalog) == "decision"
    draft = planner.draft(prompt, "decision", planner.catalog, [])
    assert isinstance(draft, Refusal), draft
    return draft


@pytest.mark.parametrize(
    "prompt",
    [
        "Run the upgrade offer for trial users and the save offer for at-risk users in parallel, with no priority.",
        "give both equal priority: the win-back for cancelled users and the survey for cancelled users",
    ],
)
def test_programs_asked_to_run_unranked_are_refused_with_why(planner: CatalogPlanner, prompt: str) -> None:
    refusal = _refusal(planner, prompt)
    assert "highest-ranked" in refusal.reason and "which should win" in refusal.reason


def test_a_ranked_prompt_is_still_drafted(planner: CatalogPlanner) -> None:
    prompt = "The upgrade offer for trial users has priority over the save offer for at-risk users."
    assert not isinstance(planner.draft(prompt, "decision", planner.catalog, []), Refusal)


@pytest.mark.parametrize(
    ("prompt", "unsaid"),
    [
        ("For VIP customers who spent over $500: loyalty gift first, then the referral ask.", "spent"),
        ("For users who own a smart scale, the scale sync tip first, then the upgrade offer.", "scale"),
    ],
)
def test_shared_people_the_catalog_cannot_say_are_named(planner: CatalogPlanner, prompt: str, unsaid: str) -> None:
    refusal = _refusal(planner, prompt)
    assert any(unsaid in phrase for phrase in refusal.unmatched_phrases), refusal.unmatched_phrases
    assert not any("gift" in phrase or "tip" in phrase for phrase in refusal.unmatched_phrases)
