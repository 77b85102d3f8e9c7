"""Debug prompts as analysts write them: a dated change, a long trait's comparison, a level said of the metric,
and the context told before the question."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import DebugPlan, Refusal

COUNTRIES = ["US", "GB", "DE", "FR", "BR", "IN", "CA", "AU"]


def _plan(planner: CatalogPlanner, prompt: str) -> DebugPlan:
    assert planner.classify(prompt, planner.catalog) == "debug", prompt
    plan = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(plan, DebugPlan), plan
    return plan


@pytest.mark.parametrize(("prompt", "month", "day", "dimension", "focus"), [
    ("why did second workout rate fall for users from TikTok since the release on the 20th?", None, 20,
     "utm_source", "tiktok"),
    ("Can you explain why trial conversion on web plummeted after Oct 20?", 10, 20, "device_os", "web"),
    ("Why did activation fall after we shipped the new onboarding on October 14?", 10, 14, "device_os", None),
    ("conversion has been sliding following the paywall change of Oct 12 - what's going on?", 10, 12, "device_os",
     None),
    # the event's own words still name people: the Android release is about Android
    ("why did conversion drop since the android release on the 20th", None, 20, "device_os", "android"),
])
def test_a_change_dated_in_the_prompt_starts_the_period(
    planner: CatalogPlanner, prompt: str, month: int | None, day: int, dimension: str, focus: str | None
) -> None:
    plan = _plan(planner, prompt)
    assert plan.period is not None
    assert (plan.period.kind, plan.period.month, plan.period.day) == ("since_date", month, day)
    assert plan.dimension == dimension and (plan.segments[0] == focus if focus else not plan.focus_named)
    # the event is placed by its date: no note asks for one
    assert not any("has no date" in note for note in plan.not_applied), plan.not_applied


def test_a_dated_change_keeps_the_comparison_the_prompt_names(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "Why did trial conversion drop on iOS since the release on the 20th compared to the same "
                          "period last month?")
    assert plan.period is not None
    assert (plan.period.kind, plan.period.day, plan.period.compare, plan.period.shift_months) == (
        "since_date", 20, "shift", 1)


@pytest.mark.parametrize("prompt", [
    "why did iOS conversion drop since the app update?",
    "conversion dropped for users after the 2nd workout, why?",
])
def test_an_undated_change_or_an_ordinal_is_no_date(planner: CatalogPlanner, prompt: str) -> None:
    plan = _plan(planner, prompt)
    assert plan.period is not None and plan.period.kind == "rolling"


@pytest.mark.parametrize(("prompt", "focus"), [
    ("Why did conversion drop in the UK?", "GB"),
    ("Why is trial conversion so low in India?", "IN"),
    ("activation went down for Australian users over the past 10 days, any idea why?", "AU"),
])
def test_one_value_of_a_long_trait_queries_every_other_value(planner: CatalogPlanner, prompt: str, focus: str) -> None:
    """The diagnosis compares the focus with the steadiest other value, not the one the catalog lists first."""
    plan = _plan(planner, prompt)
    assert plan.dimension == "country" and plan.segments[0] == focus
    assert sorted(plan.segments) == sorted(COUNTRIES) and plan.comparison is None


def test_two_values_named_stay_the_pair(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "Why is activation down in Germany compared with the US?")
    assert plan.segments == ["DE", "US"]


@pytest.mark.parametrize(("prompt", "dimension", "focus"), [
    ("Why is Android churn so high?", "device_os", "android"),
    ("Why is trial conversion so low in India?", "country", "IN"),
    ("why is conversion really bad for TikTok users?", "utm_source", "tiktok"),
    ("Why is activation this low on web?", "device_os", "web"),
])
def test_a_level_said_of_the_metric_is_no_group(planner: CatalogPlanner, prompt: str, dimension: str, focus: str) -> None:
    plan = _plan(planner, prompt)
    assert (plan.dimension, plan.segments[0], plan.filters) == (dimension, focus, {})
    assert not any("could mean" in note for note in plan.not_applied), plan.not_applied


def test_a_level_word_beside_its_trait_stays_the_group(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "Why did conversion drop for users with high intent?")
    assert (plan.dimension, plan.segments[0]) == ("upgrade_intent", "high")


@pytest.mark.parametrize("prompt", [
    "Our marketing lead noticed that the weekly dashboard shows fewer paid conversions than usual. We changed the "
    "onboarding flow two weeks ago and also launched a new push campaign. Can you figure out why trial conversion "
    "dropped over the last two weeks?",
    "Quick context: the growth team rolled out a new email series on Monday. Why is activation down this week?",
])
def test_context_before_the_question_names_no_group(planner: CatalogPlanner, prompt: str) -> None:
    """A new campaign is no new users, and the marketing team is no market: nothing names a group to compare."""
    plan = _plan(planner, prompt)
    assert (plan.dimension, plan.focus_named, plan.filters) == ("device_os", False, {})
    assert not any("activation_state" in note for note in plan.not_applied), plan.not_applied


@pytest.mark.parametrize(("prompt", "phrase"), [
    ("why did trial conversion drop for new users on iOS", "new"),
    ("Why did conversion drop for new signups from TikTok?", "new"),
    ("why did trial conversion drop for brand new users in Germany", "brand new"),
])
def test_new_users_are_the_cohort_not_a_lifecycle_filter(planner: CatalogPlanner, prompt: str, phrase: str) -> None:
    """Each period's cohort already is the users new to the funnel; activation_state=new (fewer than 2 workouts)
    would keep only people who cannot reach its second-workout step."""
    plan = _plan(planner, prompt)
    assert plan.filters == {} and plan.focus_named
    assert any(n.startswith(f"'{phrase}' (activation_state=new): each period's cohort") for n in plan.not_applied)


@pytest.mark.parametrize(("prompt", "phrase"), [
    ("Why did conversion drop for users from LinkedIn?", "users from linkedin"),
    ("Why did activation drop on tablets?", "tablets"),
    ("signups via Pinterest stopped converting this week - what happened?", "signups via pinterest"),
    # signups are the people, not the days_since_signup amount; the weekend is theirs, not the period
    ("Why is conversion down for weekend signups?", "weekend signups"),
])
def test_a_group_the_data_lacks_is_refused_by_name(planner: CatalogPlanner, prompt: str, phrase: str) -> None:
    """Comparing every platform instead would answer a question nobody asked."""
    assert planner.classify(prompt, planner.catalog) == "debug"
    refusal = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(refusal, Refusal) and phrase in refusal.unmatched_phrases, refusal


@pytest.mark.parametrize(("prompt", "phrase", "filters"), [
    ("why did iOS conversion drop for people who came from Reddit in Germany?", "people who came from reddit",
     {"country": ["DE"]}),
    ("activation on tablets and phones in France fell, why", "tablets", {}),
])
def test_a_group_the_data_lacks_beside_one_it_has_is_said_not_applied(
    planner: CatalogPlanner, prompt: str, phrase: str, filters: dict[str, list[str]]
) -> None:
    plan = _plan(planner, prompt)
    assert plan.filters == filters and any(note.startswith(f"'{phrase}'") for note in plan.not_applied), plan.not_applied


@pytest.mark.parametrize(("prompt", "source"), [
    ("why did trial conversion drop for users acquired via apple search ads over the past 10 days", "apple_search"),
    ("why did activation drop for users who came from google", "google"),
    ("Why did conversion drop for users from the winback push campaign on iOS?", None),
])
def test_a_source_the_data_has_is_read_without_a_note(planner: CatalogPlanner, prompt: str, source: str | None) -> None:
    plan = _plan(planner, prompt)
    assert plan.not_applied == [] and (plan.segments[0] == source if source else plan.dimension == "device_os")


@pytest.mark.parametrize(("prompt", "metric", "focus"), [
    ("whyd trail conversoin drop on andriod last weke", "trial_conversion", "android"),
    ("y is activaton down on andriod??", "activation", "android"),
])
def test_chat_shorthand_for_why_is_a_diagnosis(planner: CatalogPlanner, prompt: str, metric: str, focus: str) -> None:
    plan = _plan(planner, prompt)
    assert (plan.metric, plan.segments[0]) == (metric, focus)


def test_a_letter_y_is_no_why(planner: CatalogPlanner) -> None:
    assert planner.classify("Create a rule for users in segment y who viewed pricing twice", planner.catalog) != "debug"


@pytest.mark.parametrize(("prompt", "shift"), [
    ("why did activation go down from Oct 5 to Oct 11 compared with Sep 28 to Oct 4", 7),
    ("Why did conversion drop between Oct 19 and Oct 25 vs Oct 5-11?", 14),
    ("conversion on iOS from the 12th of October to the 18th of October was worse than 1 Oct to 7 Oct. Why?", 11),
])
def test_a_compared_date_range_moves_the_period_back_to_its_start(planner: CatalogPlanner, prompt: str, shift: int) -> None:
    """A date range after "compared with" is that range, not the month its first date falls in."""
    plan = _plan(planner, prompt)
    assert plan.period is not None
    assert (plan.period.kind, plan.period.compare, plan.period.shift_days, plan.period.compare_month) == (
        "date_range", "shift", shift, None)


def test_a_month_compared_is_still_the_month(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "Why did trial conversion drop in October vs September for Facebook users?")
    assert plan.period is not None and (plan.period.compare, plan.period.compare_month) == ("named_month", 9)


@pytest.mark.parametrize(("prompt", "phrase", "refused"), [
    ("Why did activation drop for users aged 18-24?", "users aged 18 24", True),
    ("why did conversion drop for users over 40 on iOS", "users over 40", False),
    ("why is activation down for customers in their 30s in Germany", "customers in their 30s", False),
])
def test_an_age_the_data_lacks_is_named(planner: CatalogPlanner, prompt: str, phrase: str, refused: bool) -> None:
    result = planner.plan_debug(prompt, planner.catalog)
    said = result.unmatched_phrases if isinstance(result, Refusal) else [n.split("'")[1] for n in result.not_applied]
    assert isinstance(result, Refusal) == refused and phrase in said, result


def test_a_span_of_days_after_people_is_no_age(planner: CatalogPlanner) -> None:
    assert _plan(planner, "why did conversion drop for users over 3 days").not_applied == []


@pytest.mark.parametrize(("prompt", "focus", "held"), [
    ("Conversion on web is flat but iOS tanked. What's up?", "ios", "web"),
    ("activation held steady on android while ios dropped, why", "ios", "android"),
    ("Why is activation fine in the US but down in Germany?", "DE", "US"),
    ("why did conversion on ios stay the same but drop on android", "android", "ios"),
    ("flat on web, down on iOS: why did conversion drop?", "ios", "web"),
    # the clause ends at punctuation: "iOS?" is not what "looks fine"
    ("why did conversion drop on iOS? android looks fine", "ios", "android"),
])
def test_the_value_said_to_hold_is_the_comparison_not_the_focus(
    planner: CatalogPlanner, prompt: str, focus: str, held: str
) -> None:
    plan = _plan(planner, prompt)
    assert (plan.segments[0], plan.comparison) == (focus, held)


@pytest.mark.parametrize("prompt", [
    "why did conversion drop on iOS in the same period last month",
    "why is conversion on iOS below normal this week",
])
def test_a_value_not_said_to_hold_is_the_focus(planner: CatalogPlanner, prompt: str) -> None:
    plan = _plan(planner, prompt)
    assert (plan.segments[0], plan.comparison) == ("ios", None)


@pytest.mark.parametrize(("prompt", "focus", "also"), [
    ("Why did activation drop for both iOS and Android last week?", "ios", ["android"]),
    ("Why did paid conversion decline in the US and Canada last week?", "US", ["CA"]),
    ("fewer trial users upgraded in Germany & France this week, what happened", "DE", ["FR"]),
])
def test_values_said_together_move_together(planner: CatalogPlanner, prompt: str, focus: str, also: list[str]) -> None:
    """Both moved: the first is the focus and the others are no comparison for it."""
    plan = _plan(planner, prompt)
    assert (plan.segments[0], plan.also, plan.comparison) == (focus, also, None)
    assert len(plan.segments) > 1 + len(also)  # a value nobody named is left to compare with


@pytest.mark.parametrize("prompt", [
    "why did conversion drop on ios vs android",
    "Why is activation down in Germany compared with the US?",
    "Why did trial conversion drop on iOS and Android but not on web?",
])
def test_values_set_against_each_other_are_no_joint_focus(planner: CatalogPlanner, prompt: str) -> None:
    assert _plan(planner, prompt).also == []


@pytest.mark.parametrize(("prompt", "metric", "focus", "phrase"), [
    ("Why did push delivery rate drop on iOS last week?", "activation", "ios", "push delivery rate"),
    ("Why did email delivery drop on Android?", "trial_conversion", "android", "email delivery"),
    ("email opens are down for users in France, why", "trial_conversion", "FR", "email opens"),
])
def test_a_channel_measure_is_diagnosed_beside_the_metric_it_feeds(
    planner: CatalogPlanner, prompt: str, metric: str, focus: str, phrase: str
) -> None:
    plan = _plan(planner, prompt)
    assert (plan.metric, plan.segments[0]) == (metric, focus)
    assert plan.not_applied[0].startswith(f"'{phrase}' is no catalog metric: the diagnosis opens with")


def test_clicks_stay_refused_and_a_named_metric_keeps_its_reading(planner: CatalogPlanner) -> None:
    assert isinstance(planner.plan_debug("why did push clicks drop last week", planner.catalog), Refusal)
    plan = _plan(planner, "why did conversion drop after push delivery broke on iOS")
    assert plan.metric == "trial_conversion" and plan.not_applied == []


@pytest.mark.parametrize("prompt", [
    "Why did support tickets spike for users from TikTok?",
    "why did CSAT drop for people on Android",
])
def test_the_movement_before_the_people_is_no_group(planner: CatalogPlanner, prompt: str) -> None:
    plan = _plan(planner, prompt)
    assert plan.not_applied == [] and plan.support is not None


@pytest.mark.parametrize(("prompt", "metric", "focus"), [
    ("What drove the increase in activation in Germany?", "activation", "DE"),
    ("What's the reason conversion fell on iOS?", "trial_conversion", "ios"),
    ("what led to the dip in trial conversion on web", "trial_conversion", "web"),
])
def test_asking_what_drove_a_change_is_a_diagnosis(planner: CatalogPlanner, prompt: str, metric: str, focus: str) -> None:
    plan = _plan(planner, prompt)
    assert (plan.metric, plan.segments[0]) == (metric, focus)


@pytest.mark.parametrize(("prompt", "start", "end"), [
    ("Why did conversion drop the week of Oct 19?", (10, 19), (10, 25)),
    ("what led to the dip in trial conversion during the week starting Oct 26 vs the week before?", (10, 26), (11, 1)),
])
def test_the_week_of_a_date_is_that_week(
    planner: CatalogPlanner, prompt: str, start: tuple[int, int], end: tuple[int, int]
) -> None:
    plan = _plan(planner, prompt)
    assert plan.period is not None and plan.period.kind == "date_range"
    assert ((plan.period.month, plan.period.day), (plan.period.until_month, plan.period.until_day)) == (start, end)


@pytest.mark.parametrize(("prompt", "days", "label"), [
    ("why has activation been falling for three weeks?", 21, "for 3 weeks"),
    ("conversion on iOS has been down for 10 days, why", 10, "for 10 days"),
])
def test_how_long_a_movement_lasted_is_the_period(planner: CatalogPlanner, prompt: str, days: int, label: str) -> None:
    plan = _plan(planner, prompt)
    assert plan.period is not None and (plan.period.kind, plan.period.days, plan.window_label) == ("rolling", days, label)


def test_a_span_said_of_people_is_no_lasting_movement(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "why did conversion drop for users inactive for 3 weeks")
    assert plan.period is not None and plan.period.days == 7


@pytest.mark.parametrize(("prompt", "day"), [
    ("Why did iOS users stop converting after the 25th?", 25),
    ("why did activation drop after the 3rd of October", 3),
])
def test_after_a_day_of_the_month_starts_the_period(planner: CatalogPlanner, prompt: str, day: int) -> None:
    plan = _plan(planner, prompt)
    assert plan.period is not None and (plan.period.kind, plan.period.day) == ("since_date", day)


@pytest.mark.parametrize(("prompt", "focus"), [
    ("why did subscriptions drop on ios", "ios"),
    ("Why did subscriptions from the referral program drop?", "referral"),
])
def test_the_noun_of_a_funnels_last_step_names_its_metric(planner: CatalogPlanner, prompt: str, focus: str) -> None:
    plan = _plan(planner, prompt)
    assert (plan.metric, plan.segments[0]) == ("trial_conversion", focus)
    assert plan.not_applied[0].startswith("'subscriptions' read as subscription_started")


@pytest.mark.parametrize(("prompt", "metric", "step"), [
    ("Why did pricing page views drop for trial users on iOS?", "trial_conversion", "pricing_viewed"),
    ("Why are fewer people opening the app since the 20th?", "activation", "app_opened"),
    ("Why did fewer users complete a workout on Android this week?", "activation", "workout_completed"),
])
def test_a_step_of_a_funnel_is_diagnosed_from_that_step(planner: CatalogPlanner, prompt: str, metric: str, step: str) -> None:
    plan = _plan(planner, prompt)
    assert plan.metric == metric and f"' is the {step} step of {metric}" in plan.not_applied[0]


@pytest.mark.parametrize("prompt", ["fewer trial users upgraded on iOS, why", "why did conversion drop on ios"])
def test_the_metric_or_its_outcome_is_no_step_question(planner: CatalogPlanner, prompt: str) -> None:
    assert not any(" step of " in note for note in _plan(planner, prompt).not_applied)


@pytest.mark.parametrize("prompt", [
    "Which segment is behind the drop in conversion?",
    "where's the activation decline coming from",
    "Which users are driving the fall in trial conversion?",
    "why did conversion drop last week?",
])
def test_a_prompt_that_names_no_segment_surveys_every_dimension(planner: CatalogPlanner, prompt: str) -> None:
    plan = _plan(planner, prompt)
    assert plan.survey == ["device_os", "country", "utm_source"] and not plan.focus_named


@pytest.mark.parametrize("prompt", [
    "Why did conversion drop on iOS?",
    "Which country is behind the drop in conversion?",
    "why did activation fall for users from TikTok",
])
def test_a_prompt_that_names_a_segment_or_a_split_surveys_nothing(planner: CatalogPlanner, prompt: str) -> None:
    assert _plan(planner, prompt).survey == []


@pytest.mark.parametrize(("prompt", "kind"), [
    ("Why did conversion drop since the start of the year?", "since_date"),
    ("why is activation down YTD", "since_date"),
    ("what happened to conversion so far this year", "since_date"),
    ("why did conversion fall quarter to date?", "quarter"),
])
def test_a_period_to_date_is_read_not_left_to_the_last_7_days(planner: CatalogPlanner, prompt: str, kind: str) -> None:
    plan = _plan(planner, prompt)
    assert plan.period is not None and plan.period.kind == kind, plan.period
    if kind == "since_date":
        assert (plan.period.month, plan.period.day) == (1, 1)


@pytest.mark.parametrize(("prompt", "group"), [
    ("Why did activation drop for women?", "women"),
    ("why did conversion fall among students", "students"),
])
def test_people_named_by_who_they_are_are_refused_by_name_not_surveyed(
    planner: CatalogPlanner, prompt: str, group: str
) -> None:
    refusal = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(refusal, Refusal) and refusal.unmatched_phrases == [group]


def test_people_named_by_who_they_are_beside_a_value_are_said_not_applied(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "why are teens converting less on iOS")
    assert plan.segments[0] == "ios" and any("'teens'" in note for note in plan.not_applied), plan.not_applied


@pytest.mark.parametrize("prompt", [
    "Has trial conversion changed since the paywall update?",
    "did activation move after the release on Oct 20?",
    "Have conversion rates shifted on Android this month?",
])
def test_asking_whether_a_metric_changed_asks_for_a_diagnosis(planner: CatalogPlanner, prompt: str) -> None:
    _plan(planner, prompt)


def test_a_change_said_of_people_stays_an_audience(planner: CatalogPlanner) -> None:
    assert planner.classify("Create a rule for users whose plan changed", planner.catalog) == "eligibility"


@pytest.mark.parametrize(("prompt", "month", "day"), [
    ("Did the October 20 release hurt conversion?", 10, 20),
    ("why did activation fall after the Oct 12 paywall change on iOS", 10, 12),
])
def test_a_change_dated_before_its_name_starts_the_period(planner: CatalogPlanner, prompt: str, month: int,
                                                         day: int) -> None:
    plan = _plan(planner, prompt)
    assert plan.period is not None
    assert (plan.period.kind, plan.period.month, plan.period.day) == ("since_date", month, day)
    assert not any("has no date" in note for note in plan.not_applied), plan.not_applied


@pytest.mark.parametrize(("prompt", "kept", "surveyed"), [
    ("Which segment is behind the iOS conversion drop?", {"device_os": ["ios"]}, ["country", "utm_source"]),
    ("Where is the drop in activation among TikTok users concentrated?", {"utm_source": ["tiktok"]},
     ["device_os", "country"]),
])
def test_asking_where_a_group_s_change_sits_surveys_the_other_dimensions_within_it(
    planner: CatalogPlanner, prompt: str, kept: dict[str, list[str]], surveyed: list[str]
) -> None:
    plan = _plan(planner, prompt)
    assert plan.filters == kept and plan.survey == surveyed and not plan.focus_named
    assert plan.dimension == surveyed[0]


def test_two_values_set_against_each_other_stay_the_comparison(planner: CatalogPlanner) -> None:
    plan = _plan(planner, "Where is the conversion drop on iOS but not Android coming from?")
    assert plan.dimension == "device_os" and plan.segments[:2] == ["ios", "android"] and plan.survey == []


def test_days_of_a_month_unnamed_are_a_range_of_the_latest_month_holding_them(planner: CatalogPlanner) -> None:
    period = _plan(planner, "why did conversion drop between the 20th and the 25th").period
    assert period is not None and (period.kind, period.month, period.day, period.until_day) == ("date_range", None,
                                                                                                20, 25)


@pytest.mark.parametrize("prompt", ["What happened to activation in week 43?", "why did conversion drop in wk 42 on iOS"])
def test_a_week_by_its_number_is_said_unread_not_compared_silently(planner: CatalogPlanner, prompt: str) -> None:
    plan = _plan(planner, prompt)
    assert any("week 4" in note or "wk 4" in note for note in plan.not_applied), plan.not_applied
