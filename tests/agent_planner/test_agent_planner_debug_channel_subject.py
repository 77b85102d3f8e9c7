"""A channel named with no measure ('what changed for android email this week?', 'how is push doing on iOS?') is a
diagnosis that opens with that channel's messages: it was drafted as a rule or refused, and 'with push' filtered
the comparison to people with push enabled."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.debug_channel import ANY, asked_channel
from agent.types import DebugPlan


@pytest.mark.parametrize(("prompt", "metric", "focus"), [
    ("what changed for android email this week?", "trial_conversion", "android"),
    ("how is email doing on web this week?", "trial_conversion", "web"),
    ("how are emails performing for android users?", "trial_conversion", "android"),
    ("what's going on with push on iOS?", "activation", "ios"),
    ("how's push doing on android", "activation", "android"),
])
def test_a_channel_said_alone_is_diagnosed_by_the_metric_it_feeds(
    planner: CatalogPlanner, prompt: str, metric: str, focus: str
) -> None:
    assert planner.classify(prompt, planner.catalog) == "debug"
    plan = planner.plan_debug(prompt, planner.catalog)
    assert isinstance(plan, DebugPlan) and plan.metric == metric and plan.segments[0] == focus
    assert any("is no catalog metric: the diagnosis opens with" in note for note in plan.not_applied)
    # the channel is the subject: nobody is filtered to push enabled or opted in
    assert plan.filters == {}


@pytest.mark.parametrize("prompt", [
    "send an email to android users who viewed pricing this week",
    "users who got an email this week",
    "create a push for users whose streak is going down",
])
def test_a_request_naming_a_channel_stays_a_draft(planner: CatalogPlanner, prompt: str) -> None:
    assert planner.classify(prompt, planner.catalog) == "eligibility"


@pytest.mark.parametrize(("text", "channel"), [
    ("what changed for android email this week", "email"),
    ("how are e-mails performing", "email"),
    ("how are push notifications doing", "push"),
    ("what's up with in-app messages", "in_app"),
])
def test_a_bare_channel_asks_for_whichever_measure_moved(text: str, channel: str) -> None:
    ask = asked_channel(text)
    assert ask is not None and (ask.channel, ask.measure) == (channel, ANY)


@pytest.mark.parametrize("text", [
    "is the ios push permission issue real",
    "why did push clicks drop",
    "how many users have push enabled",
    "which users have an email address",
])
def test_a_setting_of_a_channel_or_its_clicks_is_no_channel_question(text: str) -> None:
    assert asked_channel(text) is None
