"""Whether anyone did something is asked as the count that answers it, not drafted as a rule for those people."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.yes_no import as_count_question
from agent.types import QuestionPlan
from warehouse.catalog import load_catalog

CATALOG = load_catalog()


@pytest.mark.parametrize(("prompt", "count"), [
    ("did anyone get more than 3 messages this week?", "how many users get more than 3 messages this week?"),
    ("Has anybody completed 10 workouts?", "how many users completed 10 workouts?"),
    ("are there any users with 3 open tickets?", "how many users with 3 open tickets?"),
    ("is there anyone on android who viewed pricing 5 times?", "how many users on android who viewed pricing 5 times?"),
    ("do any of our users have a streak over 30 days?", "how many users have a streak over 30 days?"),
    ("is anyone at risk on iOS?", "how many users are at risk on iOS?"),
    ("any users in Brazil who subscribed?", "how many users in Brazil who subscribed?"),
    # the size of people described: a preview's headline, and no rule asked for
    ("preview users who viewed pricing twice", "how many users who viewed pricing twice"),
    ("preview trial users on iOS", "how many trial users on iOS"),
    ("How big is the audience of users who completed 3 workouts?", "how many users who completed 3 workouts?"),
    ("what's the size of the segment of people with a 7 day streak", "how many users with a 7 day streak"),
])
def test_the_yes_no_question_is_its_count(planner: CatalogPlanner, prompt: str, count: str) -> None:
    assert as_count_question(prompt) == count
    assert planner.classify(prompt, CATALOG) == "question"  # was: eligibility, a rule drafted for those people
    assert isinstance(planner.plan_question(prompt, CATALOG, []), QuestionPlan)


@pytest.mark.parametrize("prompt", [
    "Any users who viewed pricing twice should get a push",  # a request: no question mark
    "Create eligibility rules for anyone who completed 3 workouts",
    "How many users did anything this week?",
    "preview the upgrade nudge",  # a running rule's audience (agent/rule_audience.py)
    "Create a rule for trial users and preview it",
])
def test_other_prompts_are_left_as_they_are(prompt: str) -> None:
    assert as_count_question(prompt) == prompt
