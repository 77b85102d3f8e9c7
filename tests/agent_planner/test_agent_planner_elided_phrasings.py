"""Audience phrasings that leave something to the reader: a subject said once for two clauses ("5 workouts
but nothing in the last 10 days"), a window said once after alternatives, a range's unit said once ("2-4
weeks"), shorthand units ("14d"), time "to go", and an on/off word after a two-word channel name. Each
asserts every condition (trait or event, op, value, window), so a dropped, inverted or untimed one fails."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.conditions import parse_conditions
from orchestrator.spec import AllOf, AnyOf, Condition, EventCondition, PropertyFilter


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # a clause that names nothing counts what the clause before counted
        ("done at least five workouts but nothing in the last 10 days",
         [T("workouts_completed", "gte", 5), E("workout_completed", "eq", 0, within=10)]),
        ("0 workouts in the last seven days but at least 4 in total",
         [E("workout_completed", "eq", 0, within=7), T("workouts_completed", "gte", 4)]),
        ("viewed pricing this month but not in the last 3 days",
         [E("pricing_viewed", within=30), E("pricing_viewed", "eq", 0, within=3)]),
        ("3+ pricing views but none this week",
         [T("pricing_views", "gte", 3), E("pricing_viewed", "eq", 0, within=7)]),
        # a range's unit is said once, after its upper end
        ("inactive for 2-4 weeks", [T("days_since_last_workout", "between", [14, 28])]),
        ("last workout was 2 to 3 weeks ago", [T("days_since_last_workout", "between", [14, 21])]),
        ("signed up between 1 and 3 months ago", [T("days_since_signup", "between", [30, 90])]),
        # shorthand and glued units
        ("3+ pricing views & no checkout in last 14d",
         [T("pricing_views", "gte", 3), E("checkout_started", "eq", 0, within=14)]),
        ("opened the app in the past 48h", [E("app_opened", within=2)]),
        ("inactive 3wks+", [T("days_since_last_workout", "gte", 21)]),
        ("signed up within 7days", [T("days_since_signup", "lte", 7)]),
        # time "to go" or "remaining" is the time left
        ("on a free trial with less than a week to go",
         [T("subscription_status", "eq", "trial"), T("trial_days_left", "lt", 7)]),
        ("trialists with under 5 days remaining",
         [T("subscription_status", "eq", "trial"), T("trial_days_left", "lt", 5)]),
        # an on/off word after a channel named in two words sets the state it says
        ("push notifications disabled", [T("push_enabled", "eq", False)]),
        ("who have notifications disabled", [T("push_enabled", "eq", False)]),
        ("notifications enabled", [T("push_enabled", "eq", True)]),
    ],
)
def test_a_phrase_that_leaves_words_out_reads_in_full(
    planner: CatalogPlanner, phrase: str, expected: list[Condition]
) -> None:
    parsed = parse_conditions(phrase, planner.catalog, planner.lexicon)
    assert parsed.unexpressed == []
    assert parsed.conditions == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("done a HIIT or strength workout in the last 10 days",
         [E("workout_completed", within=10, workout_type="hiit"),
          E("workout_completed", within=10, workout_type="strength")]),
        ("either compared plans or started a checkout in the last 14 days",
         [E("plan_compared", within=14), E("checkout_started", within=14)]),
        ("opened an email or clicked a push this week",
         [E("message_opened", within=7, channel="email"), E("message_clicked", within=7, channel="push")]),
    ],
)
def test_a_window_after_alternatives_times_each_of_them(
    planner: CatalogPlanner, phrase: str, expected: list[Condition]
) -> None:
    parsed = parse_conditions(phrase, planner.catalog, planner.lexicon)
    assert parsed.unexpressed == []
    assert parsed.conditions == [AnyOf(conditions=expected)]


def test_an_all_time_word_keeps_its_alternative_untimed(planner: CatalogPlanner) -> None:
    parsed = parse_conditions("never saved a workout or opened the app this week", planner.catalog, planner.lexicon)
    assert parsed.conditions[0] == E("workout_saved", "eq", 0)
    assert E("app_opened", "eq", 0, within=7) in parsed.conditions


def test_a_clause_with_its_own_verb_borrows_no_subject(planner: CatalogPlanner) -> None:
    # "came back" is a verb the catalog lacks: it is reported, not read as the clause before's subject
    parsed = parse_conditions("viewed pricing 3 times but never came back", planner.catalog, planner.lexicon)
    assert parsed.unexpressed


def test_an_elided_count_in_a_full_prompt(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Android users who've done at least five workouts but nothing in the last 10 days")
    assert rule.audience.model_dump()["conditions"] == [
        c.model_dump()
        for c in (
            T("device_os", "eq", "android"),
            T("workouts_completed", "gte", 5),
            E("workout_completed", "eq", 0, within=10),
        )
    ]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # a negated act with no object of its own is about what the clause before names, over its window
        (
            "opened an email in the last 3 days but didn't click",
            [E("message_opened", within=3, channel="email"), E("message_clicked", "eq", 0, within=3, channel="email")],
        ),
        (
            "opened an email but haven't clicked any of them",
            [E("message_opened", channel="email"), E("message_clicked", "eq", 0, channel="email")],
        ),
        # "never" keeps all time, and still the same channel
        (
            "opened a push this week but never clicked one",
            [E("message_opened", within=7, channel="push"), E("message_clicked", "eq", 0, channel="push")],
        ),
        # an object of its own is kept as said
        (
            "opened an email this week but never clicked a push",
            [E("message_opened", within=7, channel="email"), E("message_clicked", "eq", 0, channel="push")],
        ),
    ],
)
def test_a_negated_act_without_an_object_is_about_the_one_before(
    planner: CatalogPlanner, phrase: str, expected: list[Condition]
) -> None:
    parsed = parse_conditions(phrase, planner.catalog, planner.lexicon)
    assert parsed.unexpressed == []
    assert parsed.conditions == expected


def test_a_finish_left_without_its_object_is_of_the_start_before(planner: CatalogPlanner) -> None:
    parsed = parse_conditions(
        "started a yoga workout yesterday but didn't complete it", planner.catalog, planner.lexicon
    )
    assert parsed.conditions[0] == E("workout_started", within=1, workout_type="yoga")
    assert parsed.conditions[1].model_dump(include={"event", "op", "count", "where"}) == E(
        "workout_completed", "eq", 0, workout_type="yoga"
    ).model_dump(include={"event", "op", "count", "where"})


def test_another_things_finish_keeps_its_own_object(planner: CatalogPlanner) -> None:
    # a checkout and a subscription are different things: not subscribing at all, on any plan
    parsed = parse_conditions("started the annual checkout but never upgraded", planner.catalog, planner.lexicon)
    assert parsed.conditions == [E("checkout_started", plan="annual"), E("subscription_started", "eq", 0)]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # a span said without its unit takes the unit said before it
        (
            "no workouts in the last 14 days and no app opens in the last 7",
            [E("workout_completed", "eq", 0, within=14), E("app_opened", "eq", 0, within=7)],
        ),
        (
            "opened the app in the past 2 weeks but not in the last 1",
            [E("app_opened", within=14), E("app_opened", "eq", 0, within=7)],
        ),
        # "2x" is a count of times
        ("viewed pricing at least 2x this week", [E("pricing_viewed", "gte", 2, within=7)]),
        ("opened the app 3x+ in the last week", [E("app_opened", "gte", 3, within=7)]),
        # a one-off done within a range of days ago: in the longer span, not in the days before the shorter
        (
            "started a trial 10-14 days ago",
            [AllOf(conditions=[E("trial_started", within=14), E("trial_started", "eq", 0, within=9)])],
        ),
        (
            "compared plans between 1 and 2 weeks ago",
            [AllOf(conditions=[E("plan_compared", within=14), E("plan_compared", "eq", 0, within=6)])],
        ),
        # a verb whose object is "none" counts none of what the clause before counted
        (
            "saved at least 3 workouts but completed none",
            [E("workout_saved", "gte", 3), T("workouts_completed", "eq", 0)],
        ),
        (
            "viewed pricing 3 times but compared plans zero times",
            [T("pricing_views", "gte", 3), T("plan_comparisons", "eq", 0)],
        ),
    ],
)
def test_a_unit_count_or_object_said_once_reads_where_it_is_left_out(
    planner: CatalogPlanner, phrase: str, expected: list[Condition]
) -> None:
    parsed = parse_conditions(phrase, planner.catalog, planner.lexicon)
    assert parsed.unexpressed == []
    assert parsed.conditions == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # a verb and a count, the thing counted (and its window) left to the clause before
        (
            "started at least two workouts this week but completed fewer than two",
            [E("workout_started", "gte", 2, within=7), E("workout_completed", "lt", 2, within=7)],
        ),
        # a second bound on the same measure
        (
            "days since last workout is greater than 7 and less than 30",
            [T("days_since_last_workout", "gt", 7), T("days_since_last_workout", "lt", 30)],
        ),
        ("momentum above 30 but under 60", [T("momentum_score", "gt", 30), T("momentum_score", "lt", 60)]),
        # two numbers as alternatives span a range; a range of units said with articles is in days
        ("done 2 or 3 workouts", [T("workouts_completed", "between", [2, 3])]),
        ("a CSAT of 1 or 2", [T("avg_csat", "between", [1, 2])]),
        ("inactive for between a week and a fortnight", [T("days_since_last_workout", "between", [7, 14])]),
        ("signed up between 2 weeks and 2 months ago", [T("days_since_signup", "between", [14, 60])]),
        # a length with its comparison after it filters the event's duration
        (
            "at least 3 cycling workouts of 30 minutes or more in the past 14 days",
            [
                EventCondition(
                    event="workout_completed",
                    op="gte",
                    count=3,
                    within_days=14,
                    where=[
                        PropertyFilter(property="workout_type", value="cycling"),
                        PropertyFilter(property="duration_min", op="gte", value=30),
                    ],
                )
            ],
        ),
        # receiving no messages is none sent, on any channel; the weekly count says its own event
        ("received no messages in the past week", [E("message_sent", "eq", 0, within=7)]),
        ("were sent no messages this week", [T("messages_received_7d", "eq", 0)]),
        # active in the app over a said time is an app open in that time
        ("were active in the app in the last 3 days", [E("app_opened", within=3)]),
    ],
)
def test_more_phrasings_that_leave_words_out(
    planner: CatalogPlanner, phrase: str, expected: list[Condition]
) -> None:
    parsed = parse_conditions(phrase, planner.catalog, planner.lexicon)
    assert parsed.unexpressed == []
    assert parsed.conditions == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # the act before, denied of another object, over the same span ("never" keeps all time)
        (
            "opened an email in the past 3 weeks but not any push",
            [E("message_opened", within=21, channel="email"), E("message_opened", "eq", 0, within=21, channel="push")],
        ),
        (
            "clicked a push this week but never an email",
            [E("message_clicked", within=7, channel="push"), E("message_clicked", "eq", 0, channel="email")],
        ),
        # a one-word verb whose object is another catalog thing is that thing's act
        ("sent a support ticket in the past 48 hours", [E("support_ticket_created", within=2)]),
        ("submitted a support ticket this week", [E("support_ticket_created", within=7)]),
    ],
)
def test_an_act_said_once_for_two_objects(planner: CatalogPlanner, phrase: str, expected: list[Condition]) -> None:
    parsed = parse_conditions(phrase, planner.catalog, planner.lexicon)
    assert parsed.unexpressed == []
    assert parsed.conditions == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # done to "it": the thing the clause before names, over its span
        (
            "got a push this week and clicked it",
            [E("message_sent", within=7, channel="push"), E("message_clicked", within=7, channel="push")],
        ),
        ("viewed pricing once or twice", [T("pricing_views", "between", [1, 2])]),
        # a bare "3 days ago" on an event stays the window it always was
        ("opened a push 3 days ago", [E("message_opened", within=3, channel="push")]),
    ],
)
def test_pronouns_and_word_ranges(planner: CatalogPlanner, phrase: str, expected: list[Condition]) -> None:
    parsed = parse_conditions(phrase, planner.catalog, planner.lexicon)
    assert parsed.unexpressed == []
    assert parsed.conditions == expected
