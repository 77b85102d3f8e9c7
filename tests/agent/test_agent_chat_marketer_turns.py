"""A marketer's turns in `mcc chat`: changes typed at the confirmation, "make the cap ...", holdouts said as
"add a 10% holdout", reordering a policy by places, and a change that changes nothing, each said so."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from agent_fakes import FakeBackend
from langgraph.checkpoint.memory import InMemorySaver
from rich.console import Console

from agent.catalog_planner import CatalogPlanner
from agent.chat import ChatSession
from agent.context import Context
from agent.graph import build_graph
from agent.render import spec_view
from agent.revision_cues import reads_as_revision
from orchestrator.spec import Policy, Rule, TraitCondition
from warehouse.catalog import load_catalog

CATALOG = load_catalog()
PLANNER = CatalogPlanner(CATALOG)
RULE_PROMPT = "Create a rule for trial users who completed 3 workouts and viewed pricing twice, push only"
POLICY_PROMPT = "Define a priority order for trial users: (1) support issues, (2) upgrade messaging, (3) a second workout nudge"


@pytest.fixture(scope="module")
def drafted() -> tuple[Rule, Policy]:
    rule = PLANNER.draft(RULE_PROMPT, "eligibility", CATALOG, [])
    policy = PLANNER.draft(POLICY_PROMPT, "decision", CATALOG, [])
    assert isinstance(rule, Rule) and isinstance(policy, Policy)
    return rule, policy


def revised(spec: Rule | Policy, message: str) -> Rule | Policy:
    out = PLANNER.revise(message, spec, CATALOG, [])
    assert isinstance(out, (Rule, Policy)), (message, out)
    return out


@pytest.mark.parametrize(("message", "share"), [
    ("add a 15% holdout", 0.15), ("add a holdout of 20%", 0.2), ("keep 5% as a holdout", 0.05),
    ("hold back 12%", 0.12), ("use a 25% hold-out group", 0.25),
])
def test_a_holdout_said_as_adding_or_keeping_one_sets_the_share(drafted: tuple[Rule, Policy], message: str,
                                                                share: float) -> None:
    rule, _ = drafted
    assert reads_as_revision(message)
    out = revised(rule, message)
    assert isinstance(out, Rule) and out.holdout_share == share


@pytest.mark.parametrize("message", ["make the cap 1 a week", "make the frequency cap 1 per week"])
def test_make_the_cap_is_a_change_to_the_draft(drafted: tuple[Rule, Policy], message: str) -> None:
    rule, _ = drafted
    assert reads_as_revision(message)
    cap = revised(rule, message).frequency_cap
    assert cap is not None and (cap.max_sends, cap.per_days) == (1, 7)


def test_a_verb_then_a_rule_of_the_policy_is_a_change_not_a_new_rule(drafted: tuple[Rule, Policy]) -> None:
    _, policy = drafted
    as_dict = policy.model_dump(mode="json")
    assert reads_as_revision("make upgrade messaging email only", as_dict)
    assert reads_as_revision("ok, set the second workout nudge to push only", as_dict)
    assert not reads_as_revision("make upgrade messaging email only")  # no draft: nothing it could name
    assert not reads_as_revision("make a rule for android users", as_dict)


@pytest.mark.parametrize(("message", "order"), [
    ("swap the first two", ["upgrade_messaging", "support_issues", "second_workout_nudge"]),
    ("Swap the second and third rules.", ["support_issues", "second_workout_nudge", "upgrade_messaging"]),
    ("swap 1 and 3", ["second_workout_nudge", "upgrade_messaging", "support_issues"]),
    ("switch the last two", ["support_issues", "second_workout_nudge", "upgrade_messaging"]),
    ("swap upgrade messaging with the support issues rule", ["upgrade_messaging", "support_issues", "second_workout_nudge"]),
    ("reverse the order", ["second_workout_nudge", "upgrade_messaging", "support_issues"]),
])
def test_a_policy_is_reordered_by_places_or_by_two_names(drafted: tuple[Rule, Policy], message: str,
                                                          order: list[str]) -> None:
    _, policy = drafted
    assert [r.id for r in sorted(policy.rules, key=lambda r: r.priority)] == [
        "support_issues", "upgrade_messaging", "second_workout_nudge"]
    assert reads_as_revision(message, policy.model_dump(mode="json"))
    out = revised(policy, message)
    assert isinstance(out, Policy)
    assert [r.id for r in sorted(out.rules, key=lambda r: r.priority)] == order
    assert sorted(r.priority for r in out.rules) == [1, 2, 3]


def test_a_place_the_policy_does_not_have_is_refused_by_name(drafted: tuple[Rule, Policy]) -> None:
    _, policy = drafted
    out = PLANNER.revise("swap the first and fifth", policy, CATALOG, [])
    assert not isinstance(out, (Rule, Policy)) and "has 3 rules; there is no rule fifth" in out.reason


def test_a_rule_shows_its_cap_so_a_change_to_it_can_be_read(drafted: tuple[Rule, Policy]) -> None:
    rule, _ = drafted
    console = Console(file=StringIO(), width=200)
    console.print(spec_view(revised(rule, "cap it at 2 a day")))
    assert "Frequency cap: at most 2 per 1 day" in console.file.getvalue()  # type: ignore[attr-defined]


def session(tmp_path: Path, answers: list[str]) -> tuple[ChatSession, Console, FakeBackend]:
    console = Console(file=StringIO(), width=250)
    backend = FakeBackend()
    context = Context(db=str(tmp_path / "w.duckdb"), actor="maya", planner_override=PLANNER, backend_override=backend)
    graph = build_graph(checkpointer=InMemorySaver())
    return ChatSession(graph, context, "t", console, lambda prompt: answers.pop(0)), console, backend


def said(console: Console) -> str:
    return " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]


@pytest.mark.parametrize("change", ["only iOS users", "limit it to people on ios"])
def test_a_change_typed_at_the_confirmation_keeps_the_draft_and_is_applied(tmp_path: Path, change: str) -> None:
    answers = [change, "y"]
    chat, console, backend = session(tmp_path, answers)
    chat.handle(RULE_PROMPT)
    out = said(console)
    assert f"Kept trial as a draft; now: {change}" in out and "you said: keep it as a draft" in out
    assert "Changed in trial: • audience: added condition device_os = ios" in out
    assert "Answer y to propose it" not in out and answers == []
    assert backend.proposals == [("trial", "maya")]  # the changed draft, confirmed at its own question


def test_undo_names_the_draft_as_it_was_before_the_undo() -> None:
    from agent.chat import describe_update

    said = describe_update("classify", {"undoing": True, "draft": {"id": "old_name"}, "last_draft": {"id": "new_name"}})
    assert said == "understood the request as: take back the last change to new_name"


@pytest.mark.parametrize("answer", ["propose it", "ok, submit it for review"])
def test_propose_it_at_the_confirmation_is_a_yes(tmp_path: Path, answer: str) -> None:
    answers = [answer]
    chat, console, backend = session(tmp_path, answers)
    chat.handle(RULE_PROMPT)
    assert backend.proposals == [("trial", "maya")] and "Kept trial as a draft" not in said(console)


def test_a_command_at_the_confirmation_is_still_not_an_answer(tmp_path: Path) -> None:
    answers = ["/help", "n"]
    chat, console, backend = session(tmp_path, answers)
    chat.handle(RULE_PROMPT)
    assert "Answer y to propose it" in said(console) and answers == [] and backend.proposals == []


def test_a_change_that_changes_nothing_says_so(tmp_path: Path) -> None:
    chat, console, _ = session(tmp_path, ["n", "n"])
    chat.handle(RULE_PROMPT)
    chat.handle("hold out 10%")  # the draft already holds out 10%
    assert "Nothing changed in trial: it already does what you asked" in said(console)


@pytest.mark.parametrize(("message", "hours"), [
    ("send email if the push isn't opened in a day", 24),
    ("send an email if they don't open the push within 48 hours", 48),
    ("follow up by email after 2 days if the push is not opened", 48),
    ("if they don't open it, send an email 3 days later", 72),
])
def test_a_follow_up_if_unopened_adds_that_step_after_the_one_named(drafted: tuple[Rule, Policy], message: str,
                                                                     hours: int) -> None:
    rule, _ = drafted
    assert [s.channel for s in rule.channels] == ["push"] and reads_as_revision(message)
    out = revised(rule, message)
    assert isinstance(out, Rule) and out.audience == rule.audience and out.id == rule.id
    assert [(s.channel, s.delay_hours, s.only_if) for s in out.channels] == [
        ("push", 0, "always"), ("email", hours, "previous_not_opened")]
    again = revised(out, "send email if the push is not opened within 2 days")  # changes that step, adds none
    assert isinstance(again, Rule) and [(s.channel, s.delay_hours) for s in again.channels] == [("push", 0), ("email", 48)]


@pytest.mark.parametrize(("message", "said"), [
    ("send email if the push isn't opened in a day", "trial sends no push to follow up (it sends email); to send push first"),
    ("drop the sms step", "trial has no sms step"),
])
def test_a_change_the_draft_cannot_take_is_refused_as_a_change_not_drafted_afresh(message: str, said: str) -> None:
    email_only = PLANNER.draft("Create a rule for trial users who viewed pricing twice, email only", "eligibility", CATALOG, [])
    assert isinstance(email_only, Rule) and email_only.id == "trial"
    out = PLANNER.revise(message, email_only, CATALOG, [])
    assert not isinstance(out, (Rule, Policy)), out  # was: a new rule drafted from the message's own words
    assert f"I read '{message}' as a change to trial, but {said}" in out.reason and "nothing was changed" in out.reason


def test_a_new_request_to_send_a_channel_is_still_drafted_afresh(drafted: tuple[Rule, Policy]) -> None:
    rule, _ = drafted
    assert not reads_as_revision("send email to users in France", rule.model_dump(mode="json"))


@pytest.mark.parametrize("message", ["drop upgrade messaging", "remove the upgrade messaging rule"])
def test_dropping_a_rule_takes_it_out_of_the_policys_suppressions_too(message: str) -> None:
    policy = PLANNER.draft("Define a priority order for trial users: (1) help users complete a second workout, "
                           "(2) handle support issues, (3) upgrade messaging", "decision", CATALOG, [])
    assert isinstance(policy, Policy)
    assert any(s.applies_to != "all" and "upgrade_messaging" in s.applies_to for s in policy.suppressions)
    out = revised(policy, message)
    assert isinstance(out, Policy) and [r.id for r in out.rules] == ["second_workout", "support_issues"]
    named = {rule_id for s in out.suppressions if s.applies_to != "all" for rule_id in s.applies_to}
    assert named and named <= {"second_workout", "support_issues"}  # was: still naming the dropped rule, invalid


def test_a_tiny_share_in_an_answer_reads_as_the_preview_says_it() -> None:
    from agent.render import answer_view
    from agent.types import QuestionAnswer

    console = Console(file=StringIO(), width=200)
    console.print(answer_view(QuestionAnswer(question="q", sql="", columns=["rule", "share"], rows=[["a", 7 / 19_787]])))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "<0.1%" in out and "0.0%" not in out and "SQL:" not in out


DEMO_ORDER = ("Define a priority order for trial users: (1) help users complete a second workout, (2) handle support "
              "issues, (3) upgrade messaging")


@pytest.fixture(scope="module")
def demo_policy() -> Policy:
    policy = PLANNER.draft(DEMO_ORDER, "decision", CATALOG, [])
    assert isinstance(policy, Policy)
    return policy


@pytest.mark.parametrize(("message", "order"), [
    ("add a win-back program last", "(1) second workout, (2) support issues, (3) upgrade messaging, (4) win-back program"),
    ("insert an onboarding nudge at priority 2", "(1) second workout, (2) onboarding nudge, (3) support issues, (4) upgrade messaging"),
])
def test_adding_a_program_to_a_policy_says_which_request_drafts_it(demo_policy: Policy, message: str, order: str) -> None:
    out = PLANNER.revise(message, demo_policy, CATALOG, [])
    assert not isinstance(out, (Rule, Policy)), out
    assert f"ask for the order again with it, e.g. 'Define a priority order for trial users: {order}'" in out.reason


def test_a_policy_wide_fallback_changes_the_step_there_and_skips_a_rule_it_does_not_fit(demo_policy: Policy) -> None:
    out = revised(demo_policy, "add an email fallback after 2 days")
    assert isinstance(out, Policy)
    steps = {r.id: [(s.channel, s.delay_hours) for s in r.channels] for r in out.rules}
    assert steps == {"second_workout": [("push", 0), ("email", 48)], "support_issues": [("in_app", 0), ("email", 48)],
                     "upgrade_messaging": [("email", 0)]}  # was: a second email step on every rule


def test_a_fallback_on_the_channel_a_rule_starts_with_is_refused_but_a_reminder_is_not() -> None:
    email_only = PLANNER.draft("Create a rule for trial users who viewed pricing twice, email only", "eligibility", CATALOG, [])
    assert isinstance(email_only, Rule)
    refused = PLANNER.revise("add an email fallback", email_only, CATALOG, [])
    assert not isinstance(refused, (Rule, Policy)) and "trial already sends email first" in refused.reason
    reminded = revised(email_only, "add an email reminder after 3 days")
    assert isinstance(reminded, Rule) and [(s.channel, s.delay_hours) for s in reminded.channels] == [("email", 0), ("email", 72)]


NUDGE = "Create a rule for an upgrade nudge for trial users who completed 3 workouts and viewed pricing"


@pytest.fixture(scope="module")
def nudge() -> Rule:
    rule = PLANNER.draft(NUDGE, "eligibility", CATALOG, [])
    assert isinstance(rule, Rule)
    ios = revised(rule, "only iOS users")
    with_brazil = revised(ios, "don't send to people in Brazil")
    assert isinstance(with_brazil, Rule) and [s.id for s in with_brazil.suppressions][-1] == "brazil"
    return with_brazil


@pytest.mark.parametrize(("message", "gone"), [
    ("drop the pricing condition", "audience: removed condition pricing_views >= 1"),
    ("remove the iOS requirement", "audience: removed condition device_os = ios"),
    ("ok, get rid of the platform filter", "audience: removed condition device_os = ios"),
    ("no longer require 3 workouts", "audience: removed condition workouts_completed >= 3"),
    ("remove the Brazil exclusion", "suppressions: removed brazil (country = BR)"),
    ("stop excluding Brazil", "suppressions: removed brazil (country = BR)"),
    ("drop the converted stop", "stop_conditions: removed converted (subscription_status = active)"),
])
def test_a_part_named_by_its_words_is_taken_out_and_nothing_else(nudge: Rule, message: str, gone: str) -> None:
    from orchestrator.registry.diff import spec_changes

    assert reads_as_revision(message, nudge.model_dump(mode="json"))
    assert spec_changes(nudge, revised(nudge, message)) == [gone]  # was: drafted afresh, e.g. a rule FOR Brazil


def test_a_part_that_is_not_there_is_refused_naming_the_parts_there_are(nudge: Rule) -> None:
    out = PLANNER.revise("remove the France exclusion", nudge, CATALOG, [])
    assert not isinstance(out, (Rule, Policy)), out
    assert "'france' names no part of upgrade_nudge_trial (it has: suppression brazil" in out.reason
    assert "nothing was changed" in out.reason


def test_removing_the_whole_audience_is_refused() -> None:
    only_workouts = PLANNER.draft("Create a rule for users who completed 3 workouts", "eligibility", CATALOG, [])
    assert isinstance(only_workouts, Rule)
    out = PLANNER.revise("drop the workouts condition", only_workouts, CATALOG, [])
    assert not isinstance(out, (Rule, Policy)), out
    assert "without it the rule would target everyone" in out.reason


@pytest.mark.parametrize("message", ["bump the priority to 50", "set it to priority 50", "priority 50"])
def test_a_priority_said_several_ways_sets_it(nudge: Rule, message: str) -> None:
    out = revised(nudge, message)
    assert isinstance(out, Rule) and out.priority == 50


def test_channels_for_part_of_the_audience_say_the_two_changes_that_can_be_made(nudge: Rule) -> None:
    out = PLANNER.revise("make it push only for Android users", nudge, CATALOG, [])
    assert not isinstance(out, (Rule, Policy)), out
    assert "say 'make it push only and only Android users'" in out.reason
    assert "'a rule like upgrade_nudge_trial, but for Android users, push only'" in out.reason
    both = revised(nudge, "make it push only and only Android users")  # the first, as suggested, works
    assert isinstance(both, Rule) and [s.channel for s in both.channels] == ["push"]


LAPSED = "Create a rule for users who have not worked out in 14 days, email only"


@pytest.fixture(scope="module")
def lapsed() -> Rule:
    rule = PLANNER.draft(LAPSED, "eligibility", CATALOG, [])
    assert isinstance(rule, Rule) and [s.channel for s in rule.channels] == ["email"]
    return rule


@pytest.mark.parametrize(("message", "want"), [
    ("Can we make it just push?", {"channels": [("push", 0, "always")]}),
    ("send push first, then email after 2 days if they don't open",
     {"channels": [("push", 0, "always"), ("email", 48, "previous_not_opened")]}),
    ("Actually make it 2 per week", {"cap": (2, 7)}),
    ("make it once a day", {"cap": (1, 1)}),
    ("change the name to android_winback", {"id": "android_winback"}),
    ("rename to winback_v2", {"id": "winback_v2"}),
])
def test_everyday_phrasings_of_a_change_are_read_as_that_change(lapsed: Rule, message: str, want: dict[str, object]) -> None:
    assert reads_as_revision(message, lapsed.model_dump(mode="json"))
    out = revised(lapsed, message)  # was: unread, or drafted afresh as a new rule from the message's words
    assert isinstance(out, Rule) and out.audience == lapsed.audience
    if "channels" in want:
        assert [(s.channel, s.delay_hours, s.only_if) for s in out.channels] == want["channels"]
    if "cap" in want:
        assert out.frequency_cap is not None and (out.frequency_cap.max_sends, out.frequency_cap.per_days) == want["cap"]
    if "id" in want:
        assert out.id == want["id"]


def test_id_rather_not_include_leaves_those_people_out(lapsed: Rule) -> None:
    out = revised(lapsed, "I'd rather not include web users")
    assert isinstance(out, Rule) and out.audience == lapsed.audience
    added = out.suppressions[-1].condition
    assert isinstance(added, TraitCondition) and (added.trait, added.value) == ("device_os", "web")


@pytest.mark.parametrize(("message", "country"), [
    ("change the audience to users in France", "FR"), ("make it for users in Brazil instead", "BR"),
    ("target people in Germany instead", "DE"),
])
def test_a_new_audience_replaces_the_old_and_keeps_the_rest(lapsed: Rule, message: str, country: str) -> None:
    out = revised(lapsed, message)
    assert isinstance(out, Rule) and out.id == lapsed.id and out.channels == lapsed.channels
    assert out.audience == TraitCondition(trait="country", op="eq", value=country)


def test_an_unread_change_is_refused_not_swapped_for_a_new_draft(lapsed: Rule) -> None:
    out = PLANNER.revise("make it for android users", lapsed, CATALOG, [])  # narrow or replace? neither is guessed
    assert not isinstance(out, (Rule, Policy)), out  # was: a new rule 'android' for every Android user
    # the draft names no platform to change: the refusal says both ways to say it
    assert "as a change to worked_out_14, but worked_out_14 names no device_os to change" in out.reason
    assert "say 'only android users', or to target them in place of its audience, 'target android users instead'" in out.reason


@pytest.mark.parametrize(("nod", "at_the_question"), [("looks good", False), ("Perfect, thanks!", False),
                                                    ("lgtm", True)])
def test_a_nod_to_the_draft_says_how_to_propose_it(tmp_path: Path, nod: str, at_the_question: bool) -> None:
    chat, console, backend = session(tmp_path, [nod] if at_the_question else ["n"])
    chat.handle(RULE_PROMPT)
    if not at_the_question:
        chat.handle(nod)
    assert "Say 'propose it' to file trial for review" in said(console) and backend.proposals == []
    assert "does not do" not in said(console)  # was: the out-of-scope refusal


@pytest.mark.parametrize(("answers", "told"), [
    (["n"], "Nothing was proposed, so there is nothing to withdraw: trial stays only in this thread"),
    (["y"], "trial is proposed and waits for a reviewer. To take it back before anyone reviews it, type /withdraw trial"),
])
@pytest.mark.parametrize("message", ["never mind, scrap it", "actually withdraw that proposal", "take it back"])
def test_scrapping_the_draft_says_what_that_means_for_it(tmp_path: Path, answers: list[str], told: str,
                                                        message: str) -> None:
    chat, console, _ = session(tmp_path, list(answers))  # a copy: each message's case pops its own answers
    chat.handle(RULE_PROMPT)
    chat.handle(message)
    assert told in said(console)
    assert "does not do" not in said(console)  # "withdraw that proposal" was the out-of-scope refusal


@pytest.mark.parametrize("message", ["what if we only target iOS?", "how about only iOS users?"])
def test_a_what_if_is_tried_on_the_draft_not_drafted_as_a_new_rule(tmp_path: Path, message: str) -> None:
    chat, console, _ = session(tmp_path, ["n", "n"])
    chat.handle(RULE_PROMPT)
    chat.handle(message)
    assert "Changed in trial: • audience: added condition device_os = ios" in said(console)  # was: a rule 'ios'


@pytest.mark.parametrize(("message", "change"), [
    ("don't send to people in Brazil", True), ("never send it to users in France", True),
    # names a running program: the change to what runs, read by the planner, not an edit of the draft
    ("Don't send the upgrade nudge to people with open tickets", False),
    ("How about a rule for android users?", False),
])
def test_which_do_not_send_messages_change_the_draft(drafted: tuple[Rule, Policy], message: str, change: bool) -> None:
    rule, _ = drafted
    assert reads_as_revision(message, rule.model_dump(mode="json")) is change
