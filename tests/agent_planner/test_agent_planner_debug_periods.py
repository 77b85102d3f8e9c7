"""The period a debug prompt compares, read on the calendar relative to the data end, with exact dates."""

from __future__ import annotations

from datetime import datetime

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import DebugPlan
from tools.named_periods import period_dates, resolve_periods
from warehouse.errors import InputError

# The data's last day is Sunday 2026-11-01; it begins 2026-08-01.
END = datetime(2026, 11, 2)
START = datetime(2026, 8, 1)


def _plan(planner: CatalogPlanner, prompt: str) -> DebugPlan:
    assert planner.classify(prompt, planner.catalog) == "debug", prompt
    plan = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(plan, DebugPlan), plan
    return plan


def _compared(planner: CatalogPlanner, prompt: str) -> tuple[str, str]:
    plan = _plan(planner, prompt)
    assert plan.period is not None
    periods = resolve_periods(plan.period, END, START)
    return (period_dates(periods.current_start, periods.current_end),
            period_dates(periods.previous_start, periods.previous_end))


@pytest.mark.parametrize(("prompt", "current", "previous"), [
    ("Why did activation dip on Android since Monday?", "2026-10-26 to 2026-11-01", "2026-10-19 to 2026-10-25"),
    ("Conversion on iOS has been falling since Thursday - what's going on?", "2026-10-29 to 2026-11-01",
     "2026-10-25 to 2026-10-28"),
    ("why did conversion fall yesterday on web", "2026-10-31", "2026-10-30"),
    ("iOS conversion tanked yesterday vs the day before. Why?", "2026-10-31", "2026-10-30"),
    ("Conversion dropped today on iOS, why?", "2026-11-01", "2026-10-31"),
    ("What happened to activation over the weekend?", "2026-10-31 to 2026-11-01", "2026-10-29 to 2026-10-30"),
    ("Why did conversion drop in the last three days for Germany?", "2026-10-30 to 2026-11-01",
     "2026-10-27 to 2026-10-29"),
    ("Why is activation down over the past fortnight on iOS?", "2026-10-19 to 2026-11-01", "2026-10-05 to 2026-10-18"),
    ("Why is conversion lower this month vs last month on Android?", "2026-11-01", "2026-10-01 to 2026-10-31"),
    ("Why did conversion drop in October on iOS?", "2026-10-01 to 2026-10-31", "2026-09-01 to 2026-09-30"),
    ("What happened to Android activation during September compared with August?", "2026-09-01 to 2026-09-30",
     "2026-08-01 to 2026-08-31"),
    ("Why did conversion drop last month in France?", "2026-10-01 to 2026-10-31", "2026-09-01 to 2026-09-30"),
    ("iOS conversion week over week - what happened?", "2026-10-26 to 2026-11-01", "2026-10-19 to 2026-10-25"),
    ("Why did activation drop on iOS compared to the same period last month?", "2026-10-26 to 2026-11-01",
     "2026-09-26 to 2026-10-01"),
    ("Is conversion down on iOS in the last 7 days relative to the same days a month earlier?",
     "2026-10-26 to 2026-11-01", "2026-09-26 to 2026-10-01"),
    ("Why did conversion drop on iOS since Monday compared with last week?", "2026-10-26 to 2026-11-01",
     "2026-10-19 to 2026-10-25"),
    ("Why did conversion drop on iOS between last Thursday and today?", "2026-10-29 to 2026-11-01",
     "2026-10-25 to 2026-10-28"),
    ("Has conversion on iOS gotten worse since the start of the month?", "2026-11-01", "2026-10-31"),
    ("Conversion week-over-week on iOS: why down?", "2026-10-26 to 2026-11-01", "2026-10-19 to 2026-10-25"),
    ("Why did conversion drop on iOS this week compared with the same week last month?", "2026-10-26 to 2026-11-01",
     "2026-09-26 to 2026-10-01"),
    ("We lost conversions on web this fortnight, why?", "2026-10-19 to 2026-11-01", "2026-10-05 to 2026-10-18"),
    ("How come Android conversion is lower than last week?", "2026-10-26 to 2026-11-01", "2026-10-19 to 2026-10-25"),
    # dates: since one, on one, a range (a year is that of the latest such day in the data)
    ("Why did conversion drop since October 20?", "2026-10-20 to 2026-11-01", "2026-10-07 to 2026-10-19"),
    ("what happened to activation on iOS since 10/25", "2026-10-25 to 2026-11-01", "2026-10-17 to 2026-10-24"),
    ("Why did conversion dip on the 28th of October on Android?", "2026-10-28", "2026-10-27"),
    ("why is activation down from Oct 12 to 18 vs the week before", "2026-10-12 to 2026-10-18",
     "2026-10-05 to 2026-10-11"),
    ("Why did iOS activation fall between 2026-10-05 and 2026-10-11 compared to the same period last month?",
     "2026-10-05 to 2026-10-11", "2026-09-05 to 2026-09-11"),
    ("Conversion L7D on web - explain", "2026-10-26 to 2026-11-01", "2026-10-19 to 2026-10-25"),
    ("Why did conversion drop between Monday and Wednesday on ios?", "2026-10-26 to 2026-10-28",
     "2026-10-19 to 2026-10-21"),
    ("why did activation dip from friday to sunday on android", "2026-10-30 to 2026-11-01", "2026-10-23 to 2026-10-25"),
    ("why is conversion down since the 20th", "2026-10-20 to 2026-11-01", "2026-10-07 to 2026-10-19"),
    ("Why did conversion drop on iOS during the first half of October?", "2026-10-01 to 2026-10-15",
     "2026-09-16 to 2026-09-30"),
    ("Why was activation down last Tuesday on Android?", "2026-10-27", "2026-10-26"),
    ("Why did conversion drop on iOS on Monday?", "2026-10-26", "2026-10-25"),
    ("iOS conversion over the past 72h: why down?", "2026-10-30 to 2026-11-01", "2026-10-27 to 2026-10-29"),
    ("why did activation fall since last month on ios", "2026-10-03 to 2026-11-01", "2026-09-03 to 2026-10-01"),
    ("conversion by platform over the weekend vs the weekend before", "2026-10-31 to 2026-11-01",
     "2026-10-24 to 2026-10-25"),
    ("Activation on Android dropped in the last 10 days vs the prior one - why?", "2026-10-23 to 2026-11-01",
     "2026-10-13 to 2026-10-22"),
])
def test_a_calendar_phrase_sets_the_exact_dates_compared(planner: CatalogPlanner, prompt: str, current: str,
                                                         previous: str) -> None:
    assert _compared(planner, prompt) == (current, previous)


def test_the_seed_prompt_keeps_its_seven_days_and_segments(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "Why did conversion drop on iOS this week? Compare funnel steps and message exposure for "
                          "iOS vs Android and summarize likely causes.")
    assert (plan.metric, plan.dimension, plan.segments, plan.window_days, plan.window_label) == (
        "trial_conversion", "device_os", ["ios", "android"], 7, "this week")
    assert _compared(planner, plan.question) == ("2026-10-26 to 2026-11-01", "2026-10-19 to 2026-10-25")


def test_no_period_named_is_the_last_seven_days(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "Why is iOS conversion down?")
    assert plan.window_label == "last 7 days"
    assert _compared(planner, plan.question) == ("2026-10-26 to 2026-11-01", "2026-10-19 to 2026-10-25")


def test_a_month_named_as_a_verb_is_no_period(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "Why did conversion drop on iOS? It may be push.")
    assert plan.period is not None and plan.period.kind == "rolling"


def test_a_span_closing_a_condition_is_not_the_period(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "Why did activation fall for users who have not worked out in 10 days since Monday?")
    assert plan.period is not None and plan.period.kind == "since_weekday"
    assert any("'in 10 days' belongs to a condition" in reason for reason in plan.not_applied)


def test_a_year_is_a_period_and_one_the_data_misses_is_refused(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "Why did activation drop in 2025?")
    assert plan.period is not None and (plan.period.kind, plan.period.year) == ("named_year", 2025)
    with pytest.raises(InputError, match="'in 2025' is 2025-01-01 to 2025-12-31, which the data does not cover"):
        resolve_periods(plan.period, END, START)


def test_a_month_the_data_covers_in_part_is_refused_naming_what_it_covers(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "What happened with conversion in October for referral users?")
    assert plan.period is not None
    with pytest.raises(InputError) as caught:
        resolve_periods(plan.period, END, datetime(2026, 10, 3))
    assert "'in october' is 2026-10-01 to 2026-10-31, which the data does not cover in full" in str(caught.value)
    assert "covers 2026-10-03 to 2026-11-01" in str(caught.value)


@pytest.mark.parametrize(("prompt", "current"), [
    ("Why did conversion drop in Q3?", "2026-07-01 to 2026-09-30"),
    ("Why did conversion drop last quarter on web?", "2026-07-01 to 2026-09-30"),
    ("why did activation drop this quarter", "2026-10-01 to 2026-12-31"),
])
def test_a_quarter_the_data_does_not_cover_is_refused_naming_it(planner: CatalogPlanner, prompt: str,
                                                                current: str) -> None:
    plan = _plan(planner, prompt)
    assert plan.period is not None and plan.period.kind == "quarter"
    with pytest.raises(InputError, match=f"is {current}, which the data does not cover"):
        resolve_periods(plan.period, END, datetime(2026, 10, 3))


@pytest.mark.parametrize(("prompt", "phrase"), [
    ("Why did iOS conversion drop since the app update?", "since the app update"),
    ("Activation fell on Android after the onboarding change - why?", "after the onboarding change"),
])
def test_a_time_placed_by_an_undated_event_is_reported(planner: CatalogPlanner, prompt: str, phrase: str) -> None:
    plan = _plan(planner, prompt)
    assert plan.window_label == "last 7 days"
    assert any(r.startswith(f"'{phrase}': the warehouse has no date for it") for r in plan.not_applied)


def test_since_as_because_is_no_time(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "Since conversion dropped on iOS, what happened?")
    assert plan.not_applied == [] and plan.window_label == "last 7 days"


def test_a_date_that_does_not_exist_is_no_period(planner: CatalogPlanner) -> None:
    for prompt in ("why did conversion drop since 13/45", "why did conversion drop since the 45th"):
        plan = _plan(planner, prompt)
        assert plan.period is not None and plan.period.kind == "rolling" and plan.window_label == "last 7 days"
