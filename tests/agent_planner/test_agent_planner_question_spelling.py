"""Data questions typed in a hurry: a slip in a question's shape word or a catalog word is read as the word meant,
so the SQL is the one the well-spelt question gets; a word no single slip explains is still refused by name."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import QuestionPlan, Refusal


def sql_of(planner: CatalogPlanner, prompt: str) -> str:
    plan = planner.plan_question(prompt, planner.catalog, [])
    assert isinstance(plan, QuestionPlan), plan
    return plan.sql


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("how mnay users are on iOS", "how many users are on iOS"),
        ("avarage workouts for trail users", "average workouts for trial users"),
        ("waht share of users have push enabld", "what share of users have push enabled"),
        ("medain momentum for yoga lovers in germany", "median momentum for yoga lovers in germany"),
        ("percantage of andriod users who opted in to marketing", "percentage of android users who opted in to marketing"),
    ],
)
def test_a_slip_reads_as_the_word_meant(planner: CatalogPlanner, typed: str, meant: str) -> None:
    assert sql_of(planner, typed) == sql_of(planner, meant)


def test_a_word_no_single_slip_explains_is_refused_by_name(planner: CatalogPlanner) -> None:
    refusal = planner.plan_question("how many users are on andriood phones", planner.catalog, [])
    assert isinstance(refusal, Refusal)
    assert "andriood" in refusal.unmatched_phrases[0]
