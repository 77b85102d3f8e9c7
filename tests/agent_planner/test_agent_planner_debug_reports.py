"""Debug prompts not phrased "why did X drop on Y?": stated outcomes, paired and contrasted movements, cohorts.

Each must be planned as a diagnosis of the catalog metric it implies, compared across the segments it names
(a country, an OS, an acquisition source; a channel is compared through exposure); eligibility requests and
data questions that mention the same words keep their paths.
"""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import DebugPlan, Intent

CONVERSION, ACTIVATION = "trial_conversion", "activation"
OS = ("device_os", ["ios", "android", "web"])

# (prompt, metric, dimension, the focus segment first, window days)
REPORTS: list[tuple[str, str, str, str, int]] = [
    # a segment-level outcome stated as a fact
    ("Users in Germany stopped paying this week — what happened?", CONVERSION, "country", "DE", 7),
    ("French users stopped converting this week.", CONVERSION, "country", "FR", 7),
    ("Trial to paid in Brazil collapsed over the last 14 days.", CONVERSION, "country", "BR", 14),
    ("Web users stopped reaching a second workout this week, any idea what happened?", ACTIVATION, "device_os", "web", 7),
    ("Fewer TikTok users are activating this week, what's going on?", ACTIVATION, "utm_source", "tiktok", 7),
    ("Something is off with activation for iOS users this week.", ACTIVATION, "device_os", "ios", 7),
    ("Conversion for Facebook-acquired users is down 20% this week.", CONVERSION, "utm_source", "facebook", 7),
    ("Android users barely upgraded this week compared with last week.", CONVERSION, "device_os", "android", 7),
    # two metrics moving together
    ("We sent fewer push messages to Android users and conversion fell.", CONVERSION, "device_os", "android", 7),
    ("We sent fewer emails to iOS users this week and trial conversion dropped.", CONVERSION, "device_os", "ios", 7),
    ("Email volume to the UK halved and activation slid with it.", ACTIVATION, "country", "GB", 7),
    ("Our push delivery rate on Android fell and fewer trial users upgraded.", CONVERSION, "device_os", "android", 7),
    ("SMS sends to Google users dropped and so did paid conversion over the past 2 weeks.", CONVERSION, "utm_source", "google", 14),
    ("In-app messages to web users went down and second workouts followed.", ACTIVATION, "device_os", "web", 7),
    ("Support tickets spiked on iOS and conversion fell.", CONVERSION, "device_os", "ios", 7),
    # a metric that moved while another did not
    ("Opens jumped on web but conversion didn't.", CONVERSION, "device_os", "web", 7),
    ("Push opens jumped on iOS but activation didn't move.", ACTIVATION, "device_os", "ios", 7),
    ("Email sends to Germany doubled but trial conversion stayed flat.", CONVERSION, "country", "DE", 7),
    ("Clicks on Android emails rose this month while upgrades stayed flat.", CONVERSION, "device_os", "android", 31),
    ("Deliveries to organic users recovered but activation did not.", ACTIVATION, "utm_source", "organic", 7),
    # a cohort with a support problem
    ("People with billing tickets on Android are cancelling more.", CONVERSION, "device_os", "android", 7),
    ("Users with open billing tickets in Brazil are cancelling more this week than last.", CONVERSION, "country", "BR", 7),
    ("iOS users with low CSAT stopped paying this week.", CONVERSION, "device_os", "ios", 7),
    ("Customers in Germany who contacted support are churning more since Monday, what is behind it?", CONVERSION, "country", "DE", 7),
    ("Web users with support tickets are upgrading less than usual.", CONVERSION, "device_os", "web", 7),
    ("Activation among TikTok users with open tickets slipped in the past month.", ACTIVATION, "utm_source", "tiktok", 30),
    ("Since Monday, Google users convert less; can you dig in?", CONVERSION, "utm_source", "google", 7),
    ("Conversion in the UK went down after we cut email volume.", CONVERSION, "country", "GB", 7),
]


@pytest.mark.parametrize(("prompt", "metric", "dimension", "focus", "days"), REPORTS, ids=[r[0][:48] for r in REPORTS])
def test_reported_movements_are_planned_as_diagnoses(
    planner: CatalogPlanner, prompt: str, metric: str, dimension: str, focus: str, days: int
) -> None:
    assert planner.classify(prompt, planner.catalog) == "debug"
    plan = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(plan, DebugPlan), plan
    assert (plan.metric, plan.dimension, plan.segments[0], plan.window_days) == (metric, dimension, focus, days)
    values = planner.catalog.trait(dimension).values or []
    # the focus is compared with other values of the same dimension, never alone
    assert len(plan.segments) >= 2 and set(plan.segments) <= set(values)


def test_a_cohort_without_a_named_dimension_compares_every_platform(planner: CatalogPlanner) -> None:
    prompt = "People with billing tickets are cancelling more."
    assert planner.classify(prompt, planner.catalog) == "debug"
    plan = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(plan, DebugPlan)
    assert (plan.metric, plan.dimension, plan.segments) == (CONVERSION, *OS)


KEPT: list[tuple[str, Intent]] = [
    ("Users in Brazil who stopped paying", "eligibility"),
    ("users whose streak dropped to zero", "eligibility"),
    ("Trial users who stopped working out this week", "eligibility"),
    ("Create a rule for users who cancelled this week", "eligibility"),
    ("Send a push to users whose workouts dropped this week", "eligibility"),
    ("Users with fewer than 2 workouts this week", "eligibility"),
    ("Users with billing tickets who are cancelling", "eligibility"),
    ("Remind users who stopped working out", "eligibility"),
    ("Users on iOS with push turned off who are in their trial and have 5 or fewer days left", "eligibility"),
    ("trial users with declining activity: fewer than 2 workouts in the last 14 days", "eligibility"),
    ("How many users stopped paying this week?", "question"),
    ("How many Android users upgraded this week?", "question"),
    ("Show me users who cancelled this week", "question"),
]


@pytest.mark.parametrize(("prompt", "intent"), KEPT, ids=[k[0][:40] for k in KEPT])
def test_movement_words_describing_people_or_asking_counts_keep_their_path(
    planner: CatalogPlanner, prompt: str, intent: Intent
) -> None:
    assert planner.classify(prompt, planner.catalog) == intent
