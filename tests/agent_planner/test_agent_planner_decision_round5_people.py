"""Decision prompts of round 5 about whose each program is: a lifecycle stage said alone after "for" ("save offer
for at-risk"), people in brackets named by a kind of subscriber or "everyone else" ("Win-back (cancelled
subscribers)", "Weekly digest (everyone else)"), places said after each program behind a request verb ("Put A for
X first, B for Y second and C for everyone else third"), and the story told before the ask, which is no program."""

from __future__ import annotations

import pytest
from agent_planner_decision_helpers import by_priority
from agent_planner_helpers import E, T, draft_policy

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import Not

_AT_RISK = T("activation_state", "eq", "at_risk")


@pytest.mark.parametrize(
    "prompt",
    [
        "Top priority: support follow-up for anyone with an open ticket. Second: save offer for at-risk. Third: "
        "upgrade nudge for high upgrade intent. Last: weekly digest for everyone else.",
        "The save offer for at-risk beats the referral ask for committed.",
    ],
)
def test_a_stage_said_alone_after_for_names_its_people(planner: CatalogPlanner, prompt: str) -> None:
    rules = {r.id: r for r in draft_policy(planner, prompt).rules}
    assert rules["save_offer"].audience == _AT_RISK


def test_the_committed_stage_said_alone_is_its_people(planner: CatalogPlanner) -> None:
    rules = {
        r.id: r
        for r in draft_policy(
            planner, "The save offer for at-risk beats the referral ask for committed."
        ).rules
    }
    assert rules["referral_ask"].audience == T("activation_state", "eq", "committed")


@pytest.mark.parametrize(
    "prompt",
    [
        "Priority for this month:\n- Win-back (cancelled subscribers)\n- Trial conversion (trial users)\n"
        "- Weekly digest (everyone else)",
        "1) Win-back (cancelled subscribers) 2) Upgrade nudge (trialists) 3) Weekly digest (everyone else)",
    ],
)
def test_people_in_brackets_said_as_subscribers_or_everyone_else(
    planner: CatalogPlanner, prompt: str
) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert (rules[0].id, rules[-1].id) == ("win_back", "weekly_digest")
    assert rules[0].audience == T("subscription_status", "eq", "cancelled")
    assert isinstance(rules[-1].audience, Not)  # everyone the others missed


@pytest.mark.parametrize(
    "prompt",
    [
        "Put the support follow-up for users with open tickets first, the upgrade nudge for trial users second and "
        "the weekly digest for everyone else third. Send the weekly digest by email only.",
        "Please rank the save offer for at-risk users first and the upgrade nudge for trial users second.",
    ],
)
def test_places_after_each_program_behind_a_request_verb(planner: CatalogPlanner, prompt: str) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert len(rules) >= 2
    assert rules[0].id in ("support_follow_up", "save_offer") and rules[1].id == "upgrade_nudge"
    assert rules[1].audience == T("subscription_status", "eq", "trial")


@pytest.mark.parametrize(
    "prompt",
    [
        "We're a fitness app and churn has been creeping up since September. Our CRM team has three programs ready. "
        "For at-risk users we want the save offer first, the comeback challenge second and the survey last.",
        "Our retention dropped last quarter. Lately the board keeps asking about it.\nFor at-risk users: 1. save "
        "offer 2. comeback challenge 3. survey",
    ],
)
def test_the_story_before_the_ask_is_no_program(planner: CatalogPlanner, prompt: str) -> None:
    rules = by_priority(draft_policy(planner, prompt))
    assert [r.id for r in rules] == ["save_offer", "comeback_challenge", "survey"]
    assert all(r.audience == _AT_RISK for r in rules)


def test_a_first_sentence_naming_the_programs_is_no_story(planner: CatalogPlanner) -> None:
    rules = by_priority(
        draft_policy(
            planner,
            "We run a save offer for at-risk users and an upgrade nudge for trial users. The upgrade nudge wins.",
        )
    )
    assert [r.id for r in rules] == ["upgrade_nudge", "save_offer"]


@pytest.mark.parametrize(
    "prompt",
    [
        "prioritize: winback for churned users > trial conversion for trial users > tips for everybody else.",
        "For users who churned in the last 30 days: the comeback offer beats the survey.",
    ],
)
def test_a_win_back_for_people_who_churned_stops_when_they_are_back(
    planner: CatalogPlanner, prompt: str
) -> None:
    first = by_priority(draft_policy(planner, prompt))[0]
    assert [s.condition for s in first.stop_conditions] == [T("subscription_status", "eq", "active")]


def test_another_program_for_people_who_churned_stops_when_they_no_longer_are(
    planner: CatalogPlanner,
) -> None:
    survey = by_priority(draft_policy(planner, "for churned users: winback email 1st, survey 2nd."))[1]
    # an all-time cancellation count never falls back to zero: its negation would never stop anyone
    assert [s.condition for s in survey.stop_conditions] == [T("subscription_status", "ne", "cancelled")]


@pytest.mark.parametrize(
    ("prompt", "said"),
    [
        (
            "high-intent visitors who viewed pricing 3+ times: checkout reminder first, then the discount offer.",
            T("pricing_views", "gte", 3),
        ),
        (
            "For lapsed runners (no workout in 14 days): running challenge first, then the comeback offer.",
            T("preferred_workout_type", "eq", "running"),
        ),
    ],
)
def test_the_shared_people_keep_every_condition_said(planner: CatalogPlanner, prompt: str, said: T) -> None:
    for rule in draft_policy(planner, prompt).rules:
        leaves = getattr(rule.audience, "conditions", [rule.audience])
        assert said in leaves, rule.audience


@pytest.mark.parametrize(
    "prompt",
    [
        "For lapsed runners (no workout in 14 days): running challenge first, then the comeback offer.",
        "For runners (no workout in 14 days, prefer running): running challenge first, then the comeback offer.",
    ],
)
def test_a_definition_in_brackets_is_read_in_full(planner: CatalogPlanner, prompt: str) -> None:
    lapse = E("workout_completed", "eq", 0, within=14)
    for rule in draft_policy(planner, prompt).rules:
        assert lapse in getattr(rule.audience, "conditions", []), rule.audience
        assert T("days_since_last_workout", "lte", 14) not in getattr(rule.audience, "conditions", [])


@pytest.mark.parametrize(
    "prompt",
    [
        "For people with an open ticket: support follow-up first, then nothing else until the ticket is resolved.",
        "For paying subscribers with an open billing ticket: billing support follow-up first; no marketing until "
        "it's resolved.",
    ],
)
def test_nothing_else_until_the_ticket_is_resolved_is_the_hold_not_a_program(
    planner: CatalogPlanner, prompt: str
) -> None:
    rules = draft_policy(planner, prompt).rules
    assert len(rules) == 1 and "follow_up" in rules[0].id
    assert [s.condition for s in rules[0].stop_conditions] == [T("open_tickets", "eq", 0)]


@pytest.mark.parametrize(
    "prompt",
    [
        "For paying customers: referral ask first, annual upgrade second, survey third.",
        "For subscribers with at least 20 workouts, the referral ask beats the upgrade to annual.",
    ],
)
def test_an_upgrade_of_a_kind_for_people_who_already_pay_waits_for_that_kind(
    planner: CatalogPlanner, prompt: str
) -> None:
    upgrade = next(r for r in draft_policy(planner, prompt).rules if "annual" in r.id)
    annual = E("subscription_started", plan="annual")
    assert [s.condition for s in upgrade.stop_conditions] == [annual]  # not the paying they already do
    assert E("subscription_started", "eq", 0, plan="annual") in getattr(upgrade.audience, "conditions", [])


@pytest.mark.parametrize(
    "prompt",
    [
        "For annual subscribers, renewal reminder outranks the referral ask.",
        "For monthly subscribers: annual upgrade offer first, then the referral ask.",
    ],
)
def test_shared_people_named_by_a_plan_are_refused_saying_where_it_is_kept(
    planner: CatalogPlanner, prompt: str
) -> None:
    refusal = planner.draft(prompt, "decision", planner.catalog, [])
    assert isinstance(refusal, Refusal), refusal  # read as paying users alone, the plan was silently dropped
    assert any("subscription_started" in s for s in refusal.suggestions)


@pytest.mark.parametrize(
    ("prompt", "ids"),
    [
        (
            "Context for you: retention dipped in Q3 and leadership wants action. For lapsed users: comeback "
            "challenge over the discount offer.",
            ["comeback_challenge", "discount_offer"],
        ),
        (
            "We've been sending too many emails lately. For trial users: upgrade nudge first, tips second. no email.",
            ["upgrade_nudge", "tips"],
        ),
    ],
)
def test_a_story_with_a_movement_or_a_channel_is_still_background(
    planner: CatalogPlanner, prompt: str, ids: list[str]
) -> None:
    assert [r.id for r in by_priority(draft_policy(planner, prompt))] == ids


@pytest.mark.parametrize(
    ("prompt", "program", "gate"),
    [
        (
            "For trial users: upgrade nudge first, then tips. The upgrade nudge should wait until they've done 2 "
            "workouts.",
            "upgrade_nudge",
            T("workouts_completed", "gte", 2),
        ),
        (
            "For trial users: streak challenge first, upgrade nudge second. The upgrade nudge must not be sent until "
            "they have viewed pricing twice.",
            "upgrade_nudge",
            T("pricing_views", "gte", 2),
        ),
        (
            "For brand new users, welcome series first; the upgrade offer shouldn't go out until they've completed "
            "3 workouts.",
            "upgrade_offer",
            T("workouts_completed", "gte", 3),
        ),
    ],
)
def test_a_program_held_until_an_act_is_for_those_who_did_it(
    planner: CatalogPlanner, prompt: str, program: str, gate: T
) -> None:
    rules = {r.id: r for r in draft_policy(planner, prompt).rules}
    assert (
        set(rules) == {program, *(set(rules) - {program})} and len(rules) == 2
    )  # no program named for waiting
    assert _has_leaf(rules[program].audience, gate)
    assert all(s.condition != gate for s in rules[program].stop_conditions)


def _has_leaf(audience: object, cond: T) -> bool:
    return audience == cond or cond in getattr(audience, "conditions", [])
