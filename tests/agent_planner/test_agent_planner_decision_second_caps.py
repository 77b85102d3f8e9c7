"""A second cap in one prompt: a count said after a cap with its noun left out counts what that cap counts ("no
more than 2 messages a day and 5 a week", "at most 1 push per day and at most 2 a week", "Frequency: 1 per day,
3 per week"); where a policy cannot hold it beside the first (one cap across channels, one per channel), an edge
case names it and the cap kept, instead of dropping it silently."""

from __future__ import annotations

import pytest
from agent_planner_helpers import draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.suppressions import stated_caps
from orchestrator.spec import FrequencyCap

PROGRAMS = "For trial users: upgrade nudge first, workout tips second. "


@pytest.mark.parametrize(
    ("said", "caps"),
    [
        ("No more than 2 messages a day and 5 a week.", [(2, 1, None), (5, 7, None)]),
        ("At most 1 push per day and at most 2 a week.", [(1, 1, "push"), (2, 7, "push")]),
        ("Frequency: 1 per day, 3 per week.", [(1, 1, None), (3, 7, None)]),
        ("Max 1 email a day; at most 3 a week, and no more than 2 pushes a week.",
         [(1, 1, "email"), (3, 7, "email"), (2, 7, "push")]),
    ],
)
def test_a_count_without_its_noun_counts_what_the_cap_before_it_counts(
    said: str, caps: list[tuple[int, int, str | None]]
) -> None:
    assert [(c.cap.max_sends, c.cap.per_days, c.channel) for c in stated_caps(said)] == caps


def test_a_second_cap_across_channels_is_named_in_the_edge_cases(planner: CatalogPlanner) -> None:
    policy = draft_policy(planner, PROGRAMS + "No more than 2 messages a day and 5 a week.")
    assert policy.frequency_cap == FrequencyCap(max_sends=2, per_days=1)
    unheld = [e for e in policy.edge_cases if e.startswith("Not enforced")]
    assert len(unheld) == 1 and "'5 a week'" in unheld[0] and "(2 per 1 days) is kept" in unheld[0]


def test_a_second_cap_of_one_channel_is_named_and_the_overall_cap_kept(planner: CatalogPlanner) -> None:
    policy = draft_policy(planner, PROGRAMS + "Cap: 4 messages a week, at most 1 push a day and at most 2 a week.")
    assert policy.frequency_cap == FrequencyCap(max_sends=4, per_days=7)
    assert policy.channel_caps == {"push": FrequencyCap(max_sends=1, per_days=1)}
    assert [e for e in policy.edge_cases if e.startswith("Not enforced")] == [
        "Not enforced: 'at most 2 a week' (2 push messages per 7 days). A policy holds one cap for push messages, "
        "and the first said (1 per 1 days) is kept; ask for the other one instead if it matters more."
    ]
