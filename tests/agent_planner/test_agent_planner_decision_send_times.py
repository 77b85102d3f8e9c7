"""A send-time setting no spec field holds (quiet hours, a send window, weekends) is refused by name, never
dropped from a drafted policy; waits between channel steps are delays, not send times."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.unsupported_settings import unsupported_settings
from agent.types import Refusal


@pytest.mark.parametrize(
    ("prompt", "phrase"),
    [
        (
            "Priority order for trial users: 1. second workout nudge 2. upgrade email. Quiet hours 10pm to 8am.",
            "Quiet hours 10pm to 8am",
        ),
        (
            "The save offer for at-risk users beats the upgrade nudge for trial users; only send between 9am and "
            "6pm.",
            "only send between 9am and 6pm",
        ),
        (
            "Rank: win-back email (cancelled users) > tips digest. No sends on weekends.",
            "No sends on weekends",
        ),
    ],
)
def test_a_send_time_setting_is_refused_by_name(planner: CatalogPlanner, prompt: str, phrase: str) -> None:
    assert planner.classify(prompt, planner.catalog) == "decision"
    refusal = planner.draft(prompt, "decision", planner.catalog, [])
    assert isinstance(refusal, Refusal)
    assert refusal.unmatched_phrases == [phrase]


@pytest.mark.parametrize(
    "text",
    [
        "Email 2 days later, then push after 3 days.",
        "users who worked out on weekends",
        "users active in the last 2 days",
    ],
)
def test_delays_and_what_people_did_are_no_send_times(text: str) -> None:
    assert unsupported_settings(text) == []
