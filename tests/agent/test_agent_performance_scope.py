"""Whom a performance question is about: the people it names, a trait to measure apart, and what is not applied."""

from __future__ import annotations

import pytest

from agent.performance_scope import performance_scope
from warehouse.catalog import Catalog, load_catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(("prompt", "named", "filters", "by"), [
    ("Is the upgrade nudge working on iOS?", ["upgrade nudge"], {"device_os": ["ios"]}, None),
    ("Is the upgrade nudge working better on iOS or Android?", ["upgrade nudge"],
     {"device_os": ["ios", "android"]}, "device_os"),
    ("how is the nudge doing by platform", ["nudge"], {}, "device_os"),
    ("Which country is the upgrade nudge working best in?", ["upgrade nudge"], {}, "country"),
    ("lift of our rules per acquisition source, for users in Germany", [], {"country": ["DE"]}, "utm_source"),
    ("Which of our campaigns are working?", [], {}, None),  # "campaign" is the rules here, not utm_source
    ("How did the trial policy do?", ["trial policy"], {}, None),  # the name is not "trial users"
    # what a rule did, said in words a value shares: "paying off" is no paying subscribers
    ("Which campaigns are paying off on web?", [], {"device_os": ["web"]}, None),
    ("Has the upgrade nudge paid for itself with paying users?", ["upgrade nudge"], {"subscription_status": ["active"]},
     None),
])
def test_people_and_splits_said_in_a_performance_question(
    catalog: Catalog, prompt: str, named: list[str], filters: dict[str, list[str]], by: str | None
) -> None:
    scope = performance_scope(prompt, named, catalog)
    assert (scope.filters, scope.by, scope.period) == (filters, by, None)


def test_a_period_is_the_cohort_first_decided_in_it(catalog: Catalog) -> None:
    scope = performance_scope("How did the upgrade nudge do last month?", ["upgrade nudge"], catalog)
    assert scope.period is not None and scope.period.kind == "month" and scope.period.back == 1
    assert any("first decided last month" in n for n in scope.notes)
    rolling = performance_scope("is the nudge working over the last 14 days", ["nudge"], catalog).period
    assert rolling is not None and (rolling.kind, rolling.days) == ("rolling", 14)


def test_what_cannot_be_applied_is_said(catalog: Catalog) -> None:
    scope = performance_scope("How is the upgrade nudge doing for high users?", ["upgrade nudge"], catalog)
    assert any("'high' could mean" in n for n in scope.notes) and scope.filters == {}


@pytest.mark.parametrize("prompt", ["How has the second workout rule done week by week?", "is the nudge trending up?"])
def test_a_split_over_time_is_said_as_not_applied(catalog: Catalog, prompt: str) -> None:
    # one cohort of first decisions: the split was dropped silently
    scope = performance_scope(prompt, ["second workout"], catalog)
    assert any("is not applied: each user counts once" in n for n in scope.notes)


@pytest.mark.parametrize("prompt", [
    "Is the trial policy working for users who joined in October?",
    "is the trial policy working for users who signed up last week on iOS",
])
def test_a_period_of_when_people_joined_is_not_the_decision_period(catalog: Catalog, prompt: str) -> None:
    # it measured the users first decided in October, as if the period were the rule's
    scope = performance_scope(prompt, ["trial policy"], catalog)
    assert scope.period is None
    assert any(n.startswith("'who ") and "is not applied" in n for n in scope.notes)


def test_a_period_said_of_the_rule_still_measures_its_decisions(catalog: Catalog) -> None:
    scope = performance_scope("How did the trial policy do in October for users who subscribed?", ["trial policy"], catalog)
    assert scope.period is not None and scope.period.label == "in october"
