"""Data questions: shares whose population has its own clause, counts compared with the period before, two
groupings, and counts of acts rather than people."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from agent_planner_question_helpers import answer, question_warehouse

from agent.catalog_planner import CatalogPlanner
from agent.types import QuestionPlan, Refusal

USERS = [
    # user_id, device_os, country, subscription_status, push_enabled, marketing_opt_in, pricing_views,
    # checkout_attempts, days_since_signup
    ("u1", "ios", "US", "trial", True, True, 2, 0, 3),
    ("u2", "ios", "DE", "trial", False, True, 1, 1, 20),
    ("u3", "android", "DE", "active", True, False, 4, 0, 40),
    ("u4", "ios", "US", "none", True, False, 0, 0, 5),
    ("u5", "web", "FR", "none", None, False, 0, 0, 9),
]
EVENTS = [
    # the data ends at 2026-01-31 10:00: "last week" is after 01-24 10:00, the week before after 01-17 10:00
    ("2026-01-30 10:00", "u1", "message_sent", '{"channel": "push"}'),
    ("2026-01-30 11:00", "u1", "message_opened", '{"channel": "push"}'),
    ("2026-01-29 11:00", "u1", "message_opened", '{"channel": "push"}'),
    ("2026-01-20 10:00", "u2", "message_sent", '{"channel": "push"}'),
    ("2026-01-20 11:00", "u2", "message_opened", '{"channel": "push"}'),
    ("2026-01-22 11:00", "u3", "message_opened", '{"channel": "push"}'),
    ("2026-01-25 10:00", "u5", "message_sent", '{"channel": "push"}'),
    ("2026-01-26 10:00", "u5", "message_opened", '{"channel": "email"}'),
    ("2026-01-31 10:00", "u4", "app_opened", "{}"),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path: Path = tmp_path_factory.mktemp("wh") / "shares.duckdb"
    return question_warehouse(
        path, "device_os VARCHAR, country VARCHAR, subscription_status VARCHAR, push_enabled BOOLEAN, marketing_opt_in BOOLEAN, pricing_views INTEGER, checkout_attempts INTEGER, days_since_signup INTEGER",
        USERS, EVENTS)

@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        # the population's own clause stays whole: of the three who viewed pricing, one started checkout
        ("what share of users who viewed pricing started checkout", [(3, 0.3333)]),
        ("Percentage of people that looked at pricing went on to start checkout?", [(3, 0.3333)]),
        # a bare verb joins the population to the target
        ("What percentage of users opted in to marketing?", [(5, 0.4)]),
        ("what % of iOS users have push enabled", [(3, 0.6667)]),
        # "it" is the push they received: u5 received a push and opened an email, which does not count
        ("what share of users who received a push opened it", [(3, 0.6667)]),
        ("what fraction of people on iOS", [(5, 0.6)]),
    ],
)
def test_share_splits_population_from_target(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        ("how many people opened a push last week vs the week before", [("last_7_days", 1), ("prior_7_days", 2)]),
        (
            "Number of users in each country who opened a push in the last 14 days compared with the previous 14 days",
            [("last_14_days", "DE", 2), ("last_14_days", "US", 1)],  # nobody opened one in the 14 days before
        ),
        ("how many users got a push this week versus the prior week", [("last_7_days", 2), ("prior_7_days", 1)]),
    ],
)
def test_period_comparison_counts_both_windows(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


@pytest.mark.parametrize(
    ("prompt", "phrase", "why"),
    [
        # today's states would be read in both periods
        ("how many trial users opened the app this week vs the week before", "vs the week before", "subscription_status"),
        ("how many users signed up in the last 7 days versus the prior week", "vs the prior week", "days_since_signup"),
        ("how many users are on iOS compared to last month", "compared to last month", "no act in a window"),
    ],
)
def test_period_comparison_without_a_window_of_acts_is_refused(
    planner: CatalogPlanner, prompt: str, phrase: str, why: str
) -> None:
    refusal = planner.plan_question(prompt, planner.catalog, [])
    assert isinstance(refusal, Refusal)
    assert refusal.unmatched_phrases == [phrase]
    assert why in refusal.reason


def test_share_with_a_foreign_word_names_it(planner: CatalogPlanner) -> None:
    refusal = planner.plan_question("what share of users with a smartwatch have push enabled", planner.catalog, [])
    assert isinstance(refusal, Refusal)
    assert refusal.unmatched_phrases == ["smartwatch"]


@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        ("how many users by platform and country", [("android", "DE", 1), ("ios", "DE", 1), ("ios", "US", 2), ("web", "FR", 1)]),
        # a second trait after "and" groups; the filter after them still holds
        ("Number of trial users per country & subscription status", [("DE", "trial", 1), ("US", "trial", 1)]),
    ],
)
def test_two_dimensions_group_together(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


def test_a_value_after_and_filters_rather_than_groups(planner: CatalogPlanner) -> None:
    plan = planner.plan_question("how many users by country and on iOS", planner.catalog, [])
    assert isinstance(plan, QuestionPlan)
    assert "GROUP BY country ORDER BY country" in plan.sql
    assert "t.device_os = 'ios'" in plan.sql


@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        # three opens by two people in the last 7 days: the question counts the opens
        ("how many messages were opened in the last 7 days", [(3,)]),
        ("How many times did iOS users open a message this week?", [(2,)]),
        # each person's count of the act in the window, averaged (0 for those who never did it)
        ("average number of messages opened in the last 7 days by country", [("DE", 0.0, 2), ("FR", 1.0, 1), ("US", 1.0, 2)]),
        # people are still counted as people
        ("how many people opened a message in the last 7 days", [(2,)]),
        ("how many iOS users opened a message in the last 7 days", [(1,)]),
    ],
)
def test_acts_are_counted_when_the_question_counts_acts(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


@pytest.mark.parametrize(
    ("prompt", "rows"),
    [("average pricing views per trial user", [(1.5, 2)]), ("mean pricing views per paying subscriber", [(4.0, 1)])],
)
def test_per_a_state_is_among_those_people_not_a_grouping(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


def test_a_grouping_after_per_a_state_is_still_read(planner: CatalogPlanner) -> None:
    refusal = planner.plan_question("average pricing views per trial user by plan", planner.catalog, [])
    assert isinstance(refusal, Refusal)
    assert refusal.unmatched_phrases == ["plan"]


@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        # values set against each other are answered each (the filter keeps only them)
        ("how many users on iOS vs Android", [("android", 1), ("ios", 3)]),
        ("What share of trial versus paying users have push enabled?", [("active", 1, 1.0), ("trial", 2, 0.5)]),
    ],
)
def test_values_set_against_each_other_are_answered_each(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        # the aggregate said is the one ranked by: DE's mean is 2.5 but US's total (2) is below DE's (5)
        ("top 1 country by average pricing views", [("DE", 2.5)]),
        ("which country has the lowest mean pricing views", [("FR", 0.0)]),
        ("top 1 country by pricing views", [("DE", 5)]),
    ],
)
def test_ranking_follows_the_aggregate_said(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        ("which 2 countries have the most pricing views", [("DE", 5), ("US", 2)]),
        # "by <state> users" says whose acts, not a grouping
        ("how many messages were opened by iOS users in the last 7 days", [(2,)]),
        # everyone, though no catalog word is said
        ("How many customers do we have in total?", [(5,)]),
    ],
)
def test_counts_named_and_bare(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


def test_share_cut_at_a_join_word_when_the_whole_reads_otherwise(planner: CatalogPlanner) -> None:
    # read at once, "cancelled users had a billing ticket in the last 30 days" takes a cancellation event in the
    # window; the people are those whose subscription is cancelled, the target the ticket
    plan = planner.plan_question(
        "what proportion of cancelled users had a billing ticket in the last 30 days", planner.catalog, []
    )
    assert isinstance(plan, QuestionPlan)
    population = plan.sql.split(" FROM user_traits WHERE ")[-1]
    assert "t.subscription_status = 'cancelled'" in population
    assert "subscription_cancelled" not in plan.sql
    assert "'support_ticket_created'" in plan.sql.split(" AS share FROM ")[0]


@pytest.mark.parametrize(
    "prompt",
    ["What is the average trial days left for trial users on iOS?", "median trial days left among trial users on iOS"],
)
def test_a_word_the_measure_repeats_stays_with_the_audience(planner: CatalogPlanner, prompt: str) -> None:
    # the synonym "days left in trial" matches across "… for trial"; the second "trial" is the people's
    plan = planner.plan_question(prompt, planner.catalog, [])
    assert isinstance(plan, QuestionPlan)
    assert "t.subscription_status = 'trial'" in plan.sql
    assert "t.device_os = 'ios'" in plan.sql
    assert "trial_days_left >=" not in plan.sql


@pytest.mark.parametrize(
    ("prompt", "rows"),
    # u5 has no push setting: a ranking of settings does not list "none" as one
    [("top 2 push settings by number of users", [(True, 3), (False, 1)]), ("which push permission has the fewest users", [(False, 1)])],
)
def test_a_ranking_leaves_out_users_without_a_value(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


@pytest.mark.parametrize(
    ("prompt", "rows"),
    [
        # a window said on both sides: the whole phrase does not read at once, each side does
        ("what percent of users who got a push in the last 7 days opened a push in the last 7 days", [(2, 0.5)]),
        ("Share of people that received a push over the past 14 days who opened a push in the past 14 days", [(3, 0.6667)]),
    ],
)
def test_share_with_a_window_on_each_side(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str, rows: list[tuple[object, ...]]
) -> None:
    assert answer(planner, con, prompt) == rows


@pytest.mark.parametrize(
    ("prompt", "phrase"),
    [
        # a question shape with no catalog word is refused naming what is missing, not as out of scope
        ("What's the average revenue per user?", "revenue"),
        ("what is the median order value", "order value"),
        ("how many planets are in our solar system", "planets solar system"),
    ],
)
def test_a_question_about_what_the_catalog_lacks_names_it(planner: CatalogPlanner, prompt: str, phrase: str) -> None:
    assert planner.classify(prompt, planner.catalog) == "question"
    refusal = planner.plan_question(prompt, planner.catalog, [])
    assert isinstance(refusal, Refusal)
    assert refusal.unmatched_phrases == [phrase]
