"""A question about one funnel step ("why did pricing page views drop on iOS?") opens with that step's row."""

from __future__ import annotations

from agent_fakes import funnel_rows

from agent.debug_step import noted_step, step_lead, step_note

STEPS = ["app_opened", "pricing_viewed", "subscription_started"]
FUNNEL = (funnel_rows("ios", [2000, 1000, 300], [1600, 500, 150], STEPS)
          + funnel_rows("web", [1000, 500, 150], [1000, 505, 150], STEPS))


def test_a_middle_step_is_said_as_its_conversion_from_the_step_before() -> None:
    assert step_lead("pricing_viewed", FUNNEL, "ios", "web", {}, "down") == (
        "pricing_viewed (conversion from the previous step) for ios went from 50.0% to 31.2% (web: 50.0% to 50.5%). ")


def test_the_first_step_is_said_as_the_cohort_and_a_premise_against_the_data_is_said() -> None:
    assert step_lead("app_opened", FUNNEL, "ios", "web", {}, "up") == (
        "The app_opened cohort for ios went from 2,000 to 1,600 users (web: 1,000 to 1,000): the question says it rose, "
        "but it fell. ")
    assert step_lead("pricing_viewed", FUNNEL, "web", None, {}, "down").endswith("but it did not change significantly. ")


def test_the_note_names_the_step_back() -> None:
    note = step_note("pricing page views", "pricing_viewed", "trial_conversion")
    assert noted_step(["other note", note]) == "pricing_viewed" and noted_step(["'churn' as the metric"]) is None
