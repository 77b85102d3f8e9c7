"""Decision prompts that state guards in passing: suppressions ("never message anyone who ...", "skip anyone
who ...", "suppress anyone with ...", "hold off on anyone with ...", "don't send to anyone with ...",
"unless ...") and stop conditions ("stop once ...", "stop the X once ..."), said of one program or of all.
A stop said of no program goes to the rules it is about (their audience waits on it, or it names what they
use or aim at), and to every rule when it is about none."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import assert_audiences, by_priority, stop_names, suppression_names
from agent_planner_helpers import T, draft_policy

from agent.catalog_planner import CatalogPlanner

# (prompt, audiences by priority, names each stated suppression must use)
SUPPRESSED: list[tuple[str, list[set[str]], list[set[str]]]] = [
    (
        "Prioritize the at-risk save offer over the upgrade nudge for trial users, and never message anyone "
        "who received more than 5 messages this week.",
        [{"activation_state"}, {"subscription_status"}],
        [{"messages_received_7d"}],
    ),
    (
        "Support comes before marketing: resolve open tickets first, then send upgrade offers to trial users. "
        "Suppress anyone with a CSAT below 3.",
        [{"open_tickets"}, {"subscription_status"}],
        [{"avg_csat"}],
    ),
    (
        "The fatigue guard comes first: skip anyone who got 4 or more messages in the last 7 days. Then upgrade "
        "offers for high intent users, then workout reminders for users inactive 10 days.",
        [{"upgrade_intent"}, {"days_since_last_workout"}],
        [{"message_sent"}],
    ),
    (
        "Win back cancelled users, re-engage at-risk members, and welcome newcomers, in that order. Don't "
        "message users who opted out or have push disabled.",
        [{"subscription_status"}, {"activation_state"}, {"activation_state"}],
        [{"marketing_opt_in", "push_enabled"}],
    ),
    (
        "Yoga lovers get the new class announcement, runners get the 5k challenge; runners win. Don't send to "
        "anyone with an open ticket.",
        [{"preferred_workout_type"}, {"preferred_workout_type"}],
        [{"open_tickets"}],
    ),
    (
        "Help users complete a second workout before pushing upgrades to trial users, and hold off on anyone "
        "with an open support ticket.",
        [{"workouts_completed"}, {"subscription_status"}],
        [{"open_tickets"}],
    ),
    (
        "Top priority: open tickets. Second: trial users with 3 or fewer days left. Third: lapsed users who "
        "haven't worked out in 30 days. Never message anyone who got more than 3 messages this week.",
        [{"open_tickets"}, {"trial_days_left"}, {"days_since_last_workout"}],
        [{"messages_received_7d"}],  # "messages this week" is the catalog's weekly count of messages received
    ),
    (
        "Email users who compared plans first, push users who started a workout second. Suppress users who "
        "opted out of marketing.",
        [{"plan_comparisons"}, {"workout_started"}],
        [{"marketing_opt_in"}],
    ),
    (
        "For trial users: (1) second workout (2) upgrade messaging. Skip anyone with a billing ticket in the "
        "last 30 days.",
        [{"workouts_completed"}, {"subscription_status"}],
        [{"support_ticket_created"}],
    ),
]


@pytest.mark.parametrize(
    ("prompt", "expected", "suppressed"), SUPPRESSED, ids=[str(i) for i in range(len(SUPPRESSED))]
)
def test_stated_suppressions_are_kept(
    planner: CatalogPlanner, prompt: str, expected: list[set[str]], suppressed: list[set[str]]
) -> None:
    policy = draft_policy(planner, prompt)
    assert_audiences(policy, expected)
    present = suppression_names(policy)
    for want in suppressed:
        assert any(want <= have for have in present), (want, present)


def test_a_guard_said_of_one_program_applies_to_it_alone(planner: CatalogPlanner) -> None:
    prompt = (
        "Arbitrate between a referral ask for committed users and an upgrade nudge for users who viewed "
        "pricing 3 times; the upgrade nudge wins unless they have an open ticket."
    )
    policy = draft_policy(planner, prompt)
    assert_audiences(policy, [{"pricing_views"}, {"activation_state"}])
    nudge = by_priority(policy)[0]
    stated = [s for s in policy.suppressions if s.applies_to != "all" and s.applies_to != []]
    assert any(s.applies_to == [nudge.id] and "open_tickets" in s.model_dump_json() for s in stated)


# (prompt, audiences by priority, names the stops of each rule must use, None where no stated stop is wanted)
STOPPED: list[tuple[str, list[set[str]], list[set[str] | None]]] = [
    (
        "Decide between re-engaging lapsed users and upselling committed users. Re-engagement is the "
        "priority. Stop once they complete a workout.",
        [{"days_since_last_workout"}, {"activation_state"}],
        [{"days_since_last_workout"}, None],
    ),
    (
        "Win back users whose trial expired and welcome new users who signed up in the last 3 days; welcome "
        "comes first. Stop the win-back once they subscribe.",
        [{"days_since_signup"}, {"subscription_status"}],
        [None, {"subscription_status"}],  # subscribed now: an expired trial may have subscribed before
    ),
    (
        "Prioritise getting new users to their second workout over upgrade messaging. Stop the second workout "
        "nudge once they reach 2 workouts, and the upgrade messaging once they subscribe.",
        [{"workouts_completed"}, {"subscription_status"}],
        [{"workouts_completed"}, {"subscription_status"}],
    ),
    (
        "Re-engage users who haven't worked out in 10 days before we upsell committed users, and stop "
        "re-engagement as soon as they complete a workout.",
        [{"days_since_last_workout"}, {"activation_state"}],
        [{"days_since_last_workout"}, None],
    ),
    (
        "Upgrade messaging for trial users ranks below the support follow-up for users with open tickets. "
        "Stop the follow-up once tickets are resolved.",
        [{"open_tickets"}, {"subscription_status"}],
        # no ticket left open: a resolved ticket ever (an all-time count) would stop anyone with an old one
        [{"open_tickets"}, None],
    ),
    (
        "Roll out the running challenge by country: US users first, then UK, then Canada. Stop once they "
        "complete a running workout.",
        [{"country"}, {"country"}, {"country"}],
        [{"workout_completed"}, {"workout_completed"}, {"workout_completed"}],
    ),
]


@pytest.mark.parametrize(("prompt", "expected", "stops"), STOPPED, ids=[str(i) for i in range(len(STOPPED))])
def test_stated_stops_go_to_the_rules_they_are_about(
    planner: CatalogPlanner, prompt: str, expected: list[set[str]], stops: list[set[str] | None]
) -> None:
    policy = draft_policy(planner, prompt)
    assert_audiences(policy, expected)
    for rule, want in zip(by_priority(policy), stops, strict=True):
        stated = [s for s in rule.stop_conditions if s.id.startswith("stated_stop")]
        if want is None:
            assert not stated, (rule.id, stated)
        else:
            assert stated and want <= stop_names(rule), (rule.id, rule.stop_conditions)


def test_a_stop_about_a_lapse_ends_the_lapse_not_an_all_time_count(planner: CatalogPlanner) -> None:
    policy = draft_policy(planner, STOPPED[0][0])
    lapsed = by_priority(policy)[0]
    stop = next(s for s in lapsed.stop_conditions if s.id == "stated_stop")
    # "lapsed" with no number is the planner's 14-day lapse, which a workout ends
    assert stop.condition == T("days_since_last_workout", "lt", 14)
