"""Audiences described with words that also describe movements ("turned off", "dropped below", "stopped",
"declining") are eligibility rules, not reports to diagnose; reports of a metric moving are debug."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import Intent

ROUTES: list[tuple[str, Intent]] = [
    ("Users on iOS with push turned off who are in their trial and have 5 or fewer days left", "eligibility"),
    ("people whose momentum dropped below 20", "eligibility"),
    ("Android users who turned notifications off last week", "eligibility"),
    ("users who stopped working out 10 days ago and are still in trial", "eligibility"),
    ("web users who stopped opening emails", "eligibility"),
    ("trial users with declining activity: fewer than 2 workouts in the last 14 days", "eligibility"),
    ("users in Brazil who viewed pricing 3+ times but never started checkout", "eligibility"),
    ("users who lost their streak yesterday", "eligibility"),
    ("Why did conversion drop on iOS this week?", "debug"),
    ("Signups fell in Germany last week, what happened?", "debug"),
    ("Email opens jumped on Android but conversions stayed flat. Why?", "debug"),
]


@pytest.mark.parametrize(("prompt", "intent"), ROUTES, ids=[p[:40] for p, _ in ROUTES])
def test_audiences_with_movement_words_are_rules_and_reports_are_diagnosed(
    planner: CatalogPlanner, prompt: str, intent: Intent
) -> None:
    assert planner.classify(prompt, planner.catalog) == intent
