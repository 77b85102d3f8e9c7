"""'… and preview it', '…, then show me the audience': every draft is validated and previewed, so the ask adds nothing
to the request; its words were read as people ('preview pricing' refused the rule)."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.request_framing import plain_request
from orchestrator.spec import Rule


@pytest.mark.parametrize(("prompt", "request_"), [
    ("draft a rule for users who viewed pricing twice and preview it", "draft a rule for users who viewed pricing twice"),
    ("Create a rule for trial users on iOS, then show me the audience", "Create a rule for trial users on iOS"),
    ("target android users with push disabled and tell me how many people it reaches",
     "target android users with push disabled"),
])
def test_asking_for_the_preview_is_dropped_from_the_request(planner: CatalogPlanner, prompt: str, request_: str) -> None:
    assert plain_request(prompt) == request_
    rule = planner.draft(prompt, planner.classify(prompt, planner.catalog), planner.catalog, [])
    assert isinstance(rule, Rule)


@pytest.mark.parametrize("prompt", [
    "Send a push to users who viewed pricing and show them the annual plan",  # what the message shows, not a preview
    "Email trial users and tell them about the new class",
])
def test_a_message_that_shows_or_tells_people_something_is_kept(prompt: str) -> None:
    assert plain_request(prompt) == prompt
