"""Which prompts ask how rules are doing, and which rules they name (no warehouse: the rules that ran are given)."""

from __future__ import annotations

import pytest

from agent.performance_match import named_rules, reads_as_performance
from tools.performance import RanRule

RAN = [
    RanRule(rule_id="second_workout", policy_id="trial_policy"),
    RanRule(rule_id="support_issues", policy_id="trial_policy"),
    RanRule(rule_id="upgrade_messaging", policy_id="trial_policy"),
    RanRule(rule_id="upgrade_nudge"),
    RanRule(rule_id="lapsed_winback"),
]


@pytest.mark.parametrize(("prompt", "expected"), [
    ("How did the upgrade nudge do?", ["upgrade_nudge"]),
    ("is upgrade_nudge working", ["upgrade_nudge"]),
    ("What's the lift on the upgrade nudges so far?", ["upgrade_nudge"]),
    ("Did the second-workout rule move the needle?", ["second_workout"]),
    ("How is the winback campaign performing?", ["lapsed_winback"]),  # one rule's word, said of a program
    ("How is the trial policy doing?", ["trial_policy"]),
    ("Compare the upgrade nudge and upgrade messaging results", ["upgrade_nudge", "upgrade_messaging"]),
    ("Did the winback actually help retention?", ["lapsed_winback"]),
    ("is lapsed_winback worth keeping?", ["lapsed_winback"]),
    ("Should we kill the upgrade messaging? it doesn't seem to convert", ["upgrade_messaging"]),
    ("What's the ROI on the upgrade nudge?", ["upgrade_nudge"]),
    # how a rule named without a program word went: "how did X do" also asks how a channel went (a diagnosis)
    ("how did second workout do for android users?", ["second_workout"]),
    ("How is second workout performing on iOS?", ["second_workout"]),
])
def test_a_rule_is_named_by_its_id_its_policy_or_a_word_only_it_has(prompt: str, expected: list[str]) -> None:
    assert named_rules(prompt, RAN).rule_ids == expected
    assert reads_as_performance(prompt, RAN)


def test_a_word_two_rules_share_names_neither_unless_said_of_programs_in_general() -> None:
    # "upgrade" is in upgrade_nudge and upgrade_messaging: which one is meant is not said
    assert named_rules("How is the upgrade campaign doing?", RAN).rule_ids == []
    # ... but "our upgrade campaigns" are both of them
    assert named_rules("Are our upgrade campaigns paying off?", RAN).rule_ids == ["upgrade_messaging", "upgrade_nudge"]
    assert named_rules("Are any of our nudges paying off?", RAN).rule_ids == ["upgrade_nudge"]


@pytest.mark.parametrize("prompt", [
    "Which of our campaigns are working?",
    "how are all the rules performing this month",
    "Give me a performance report of every rule",
    "Which programs should we turn off because they don't work?",
])
def test_rules_in_general_read_as_performance_without_naming_one(prompt: str) -> None:
    assert named_rules(prompt, RAN).rule_ids == []
    assert reads_as_performance(prompt, RAN)


@pytest.mark.parametrize("prompt", [
    "Create a rule like the upgrade nudge for Android users",  # drafting, though it names a rule
    "Make the upgrade nudge email only and measure it",
    "Why did second workout conversion drop on iOS this week?",  # a funnel step moved: debug
    "What share of users who got the upgrade message converted?",  # a data question
    "How many users completed a second workout last week?",
    "Send the upgrade nudge to users who viewed pricing twice",
    "Users who got the upgrade nudge but did not convert",  # an audience, described
    "Suppress the upgrade nudge for people who converted",
    "Stop the upgrade nudge once they convert",
    "What's the holdout share of the upgrade nudge?",  # the spec, not its results
])
def test_drafts_debugs_and_data_questions_are_not_performance(prompt: str) -> None:
    assert not reads_as_performance(prompt, RAN)


def test_a_program_that_never_ran_still_reads_as_performance_so_the_answer_can_say_which_ran() -> None:
    assert reads_as_performance("Is the referral campaign working?", RAN)
    assert reads_as_performance("What did the referral campaign achieve?", RAN)
    assert reads_as_performance("What did the welcome journey do?", RAN)  # was drafted as a rule
    assert reads_as_performance("Is the referral campaign driving signups?", RAN)
    assert reads_as_performance("should we keep the onboarding flow running? is it worth it", RAN)
    assert named_rules("Is the referral campaign working?", RAN).rule_ids == []
    assert reads_as_performance("which of our campaigns work best?", [])


@pytest.mark.parametrize(("prompt", "expected"), [
    # what the rule did, said after it is named
    ("Is the upgrade nudge actually driving subscriptions?", ["upgrade_nudge"]),
    ("Has the support issues program reduced tickets?", ["support_issues"]),
    ("Did the upgrade messaging get more people to subscribe?", ["upgrade_messaging"]),
    ("is lapsed_winback making any difference?", ["lapsed_winback"]),
    ("Is the second workout rule moving activation?", ["second_workout"]),
    ("Could the upgrade nudge be hurting retention?", ["upgrade_nudge"]),
    # the rule weighed as a whole, or its treatment against its holdout
    ("Should we keep running the upgrade nudge?", ["upgrade_nudge"]),
    ("Any evidence the second workout push works?", ["second_workout"]),
    ("Is the trial policy better than nothing?", ["trial_policy"]),
    ("upgrade nudge: treatment vs control?", ["upgrade_nudge"]),
    ("Compare the lapsed winback treatment group with its holdout", ["lapsed_winback"]),
    ("Are people who get the upgrade nudge subscribing more than the holdout?", ["upgrade_nudge"]),
])
def test_what_a_named_rule_did_to_people_reads_as_performance(prompt: str, expected: list[str]) -> None:
    assert reads_as_performance(prompt, RAN)
    assert named_rules(prompt, RAN).rule_ids == expected


@pytest.mark.parametrize("prompt", [
    # the effect verb asks for a change to the rule: it comes before the rule, or the question is a request
    "Should we reduce the upgrade nudge to once a week?",
    "Can you reduce the upgrade nudge cap to 1 a week?",
    "Could you lower how often the lapsed winback goes out?",
    "Increase the upgrade nudge cap to 2 per week",
    # a policy written out, a diagnosis, a count, the spec: they name rules and an effect word, and are not judgements
    "Priority for trial users: second workout first, then support issues, then upgrade messaging. "
    "Stop upgrade messaging once they subscribe; reduce frequency to 2 a week",
    "Why did upgrade nudge opens decrease on iOS?",
    "How many users moved from trial to active after the upgrade nudge?",
    "Users who got the upgrade nudge and increased their workouts",
    "What's the holdout share of the upgrade nudge?",
    "Should we make the referral campaign less frequent?",
])
def test_requests_and_questions_that_do_not_weigh_a_rule_are_not_performance(prompt: str) -> None:
    assert not reads_as_performance(prompt, RAN)


@pytest.mark.parametrize(("prompt", "expected"), [
    ("what's the p-value on upgrade nudge", ["upgrade_nudge"]),
    ("What did the trial policy achieve?", ["trial_policy"]),
    ("Report on the trial policy", ["trial_policy"]),
    ("Has the lapsed winback program brought anyone back?", ["lapsed_winback"]),
    ("Which of the trial policy rules is pulling its weight?", ["trial_policy"]),
    ("Did second_workout beat its holdout?", ["second_workout"]),
])
def test_statistics_reports_and_verdicts_on_a_named_rule_read_as_performance(prompt: str, expected: list[str]) -> None:
    assert reads_as_performance(prompt, RAN)
    assert named_rules(prompt, RAN).rule_ids == expected


@pytest.mark.parametrize("prompt", ["which rule converts best?", "rank our rules by lift", "Give me a scorecard for every rule"])
def test_ranking_rules_by_how_they_did_is_a_measurement(prompt: str) -> None:
    assert reads_as_performance(prompt, RAN)


def test_ranking_programs_by_anything_else_is_still_a_policy() -> None:
    assert not reads_as_performance("Rank the upgrade nudge and the lapsed winback by impact: which goes first?", RAN)
    assert not reads_as_performance("rank these: upgrade nudge, second workout, support issues", RAN)


@pytest.mark.parametrize(("prompt", "expected"), [
    ("What happened after we launched the upgrade nudge?", ["upgrade_nudge"]),
    ("what changed since the trial policy went live", ["trial_policy"]),
    ("So what has happened since we started sending the second workout push?", ["second_workout"]),
    ("any difference since we turned on the lapsed winback?", ["lapsed_winback"]),
    ("What did the upgrade messaging do?", ["upgrade_messaging"]),
    ("Since we launched the upgrade nudge, what changed?", ["upgrade_nudge"]),
    # whom it reached is its measurement's sent count
    ("How many users got the upgrade nudge?", ["upgrade_nudge"]),
    ("Since the second workout push went live, how has it done on iOS?", ["second_workout"]),  # was drafted
    ("how many people have received the second workout push", ["second_workout"]),
])
def test_what_came_of_starting_a_rule_that_ran_is_its_measurement(prompt: str, expected: list[str]) -> None:
    assert reads_as_performance(prompt, RAN)
    assert named_rules(prompt, RAN).rule_ids == expected


@pytest.mark.parametrize("prompt", [
    "What happened after we launched the new onboarding flow?",  # no rule that ran: the planner's
    "what happened to activation since monday",
    # a movement reported before the rule is named asks why it moved, the rule a suspect
    "Why did conversion fall after we launched the upgrade nudge?",
    "Conversion dropped after we launched the upgrade nudge, what happened?",
    "What changed in the upgrade nudge?",  # the registry's diff
])
def test_a_launch_asked_of_no_rule_or_after_a_movement_is_not_performance(prompt: str) -> None:
    assert not reads_as_performance(prompt, RAN)
