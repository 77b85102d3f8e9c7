"""What rules sent, whom the last run held out, what a changed copy of a running rule would reach, and chat
follow-ups to such answers, are read from what exists; nothing is drafted, proposed or run."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agent.catalog_planner import CatalogPlanner
from agent.context import Context
from agent.graph import build_graph
from agent.performance_match import named_rules, reads_as_performance
from agent.registry_questions import asks_registry_count
from agent.run_outcomes import asks_run_outcome, outcome_answer
from agent.run_questions import asks_about_runs
from agent.send_counts import asks_sends_by_rule
from agent.user_explain import asks_why_user
from agent.what_if import read_what_if
from tools.performance import RanRule
from tools.run_outcomes import RuleOutcomes, RunOutcomes
from warehouse.catalog import load_catalog


@pytest.mark.parametrize(("prompt", "channel", "name", "period"), [
    ("which rules sent the most messages last week?", None, None, True),
    ("What campaign sends the most emails?", "email", None, False),
    ("how many messages did each rule send this month?", None, None, True),
    ("how many pushes did the upgrade nudge send in October", "push", "the upgrade nudge", True),
    ("messages sent per rule last week", None, None, True),
    ("top rules by messages sent", None, None, False),
])
def test_questions_about_what_rules_sent_are_counted_per_rule(prompt: str, channel: str | None, name: str | None,
                                                              period: bool) -> None:
    ask = asks_sends_by_rule(prompt)
    assert ask is not None and (ask.channel, ask.name, ask.period is not None) == (channel, name, period)


@pytest.mark.parametrize("prompt", ["which users got the most messages last week?", "send the most engaged users a push",
                                    "which rules sent the most messages to users in Brazil?",
                                    "how many users received a push last week?"])
def test_other_message_questions_are_not(prompt: str) -> None:
    assert asks_sends_by_rule(prompt) is None


@pytest.mark.parametrize(("prompt", "outcome", "name"), [
    ("how many users are in the global control group?", "control", None),
    ("how big is the control group", "control", None),
    ("do we have a global control group?", "control", None),
    ("how many are held out of the upgrade nudge?", "holdout", "upgrade nudge"),
    ("How many people were in the holdout for the trial policy last run?", "holdout", "trial policy"),
    ("how many did the nudge hold out?", "holdout", "nudge"),
    ("how many users were held out in the last run?", "holdout", None),
    ("how many users were capped in the last run?", "capped", None),
    ("how many were suppressed by the upgrade nudge last run?", "suppressed", "upgrade nudge"),
    ("which rule lost the most users to other rules?", "lost", None),
    ("how many people did the trial policy suppress?", "suppressed", "trial policy"),
])
def test_questions_about_what_the_last_run_decided_are_read(prompt: str, outcome: str, name: str | None) -> None:
    ask = asks_run_outcome(prompt)
    assert ask is not None and (ask.outcome, ask.name) == (outcome, name)


@pytest.mark.parametrize("prompt", ["how many users were capped at 3 messages a week?", "users who hit the cap",
                                    "how many users opted out of marketing?"])
def test_other_questions_are_not_a_runs_decisions(prompt: str) -> None:
    assert asks_run_outcome(prompt) is None


@pytest.mark.parametrize(("prompt", "name", "change"), [
    ("how many people would the upgrade nudge reach if we dropped the pricing condition?", "upgrade nudge",
     "drop the pricing condition"),
    ("how big would the nudge's audience be without the open tickets requirement?", "nudge",
     "drop the open tickets condition"),
    ("what if we removed the pricing views check from the upgrade nudge?", "upgrade nudge",
     "drop the pricing views condition"),
    ("what if the upgrade nudge were android only?", "upgrade nudge", "only android users"),
    ("who would the trial policy reach if we only targeted users in Brazil?", "trial policy", "only users in Brazil"),
])
def test_a_what_if_names_a_rule_and_one_change(prompt: str, name: str, change: str) -> None:
    what_if = read_what_if(prompt)
    assert what_if is not None and (what_if.name, what_if.change) == (name, change)


@pytest.mark.parametrize("prompt", ["create a rule like the upgrade nudge but for Android",
                                    "what if we dropped the price?", "users who would reach checkout"])
def test_drafting_requests_and_other_prompts_are_no_what_if(prompt: str) -> None:
    assert read_what_if(prompt) is None


def test_a_control_group_with_users_is_counted_once_each() -> None:
    ran = RunOutcomes(run_id="r1", as_of="2026-10-01", control_share=0.05, control_users=40, rules=[
        RuleOutcomes(rule_id="a", holdout_share=0.1, outcomes={"holdout": 9, "control": 30, "send": 61}),
        RuleOutcomes(rule_id="b", holdout_share=0.1, outcomes={"holdout": 4, "control": 25, "capped": 31})])
    answer = outcome_answer(ran, asks_run_outcome("how many users are in the control group?"), None)  # type: ignore[arg-type]
    assert "40 user(s), at a share of 5.0%" in answer.question and len(answer.rows) == 2
    capped = outcome_answer(ran, asks_run_outcome("which rule capped the most users?"), None)  # type: ignore[arg-type]
    assert capped.question.startswith("31 decision(s) capped (a frequency cap bit)") and capped.rows[0][0] == "b"


@pytest.fixture(scope="module")
def ran(built_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse copy where the example upgrade nudge and trial policy (a 5% control group) were proposed, approved
    by another person and run, once."""
    from orchestrator.executor import run
    from orchestrator.registry import Registry
    from orchestrator.spec import load_spec_file

    db = tmp_path_factory.mktemp("run_readings") / "w.duckdb"
    shutil.copy(built_warehouse, db)
    con = duckdb.connect(str(db))
    try:
        registry = Registry(con)
        for name in ("upgrade_nudge.yaml", "trial_priority_policy.yaml"):
            spec = load_spec_file(Path(__file__).parents[2] / "examples" / name)
            registry.propose(spec, "maya")
            registry.approve(spec.id, "sam")
        run(con, actor="sam")
    finally:
        con.close()
    return db


def _scalar(db: Path, sql: str) -> Any:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]  # type: ignore[index]
    finally:
        con.close()


@pytest.fixture(scope="module")
def chat(ran: Path) -> Any:
    """Return a function that sends one message to a fresh or named thread and returns the run's output."""
    context = Context(db=str(ran), actor="maya", planner_override=CatalogPlanner(load_catalog()))
    graph = build_graph(checkpointer=InMemorySaver())

    def say(prompt: str, thread: str = "t") -> dict[str, Any]:
        config = {"configurable": {"thread_id": thread}, "recursion_limit": 40}
        return graph.invoke({"prompt": prompt}, config, context=context)  # type: ignore[no-any-return]

    return say


def test_the_rules_that_sent_most_are_counted_from_their_messages(ran: Path, chat: Any) -> None:
    out = chat("which rules sent the most messages?", "sends")  # was: the registry's list of rules
    rows = out["result"]["rows"]
    top = _scalar(ran, "SELECT count(*) FROM fct_messages GROUP BY rule_id ORDER BY 1 DESC LIMIT 1")
    assert out["result"]["kind"] == "answer" and rows[0][1] == top
    assert [r[1] for r in rows] == sorted((r[1] for r in rows), reverse=True)
    assert out["result"]["columns"][-1] == "waiting in the outbox"
    one = chat("how many emails did the nudge send?", "sends")
    emails = _scalar(ran, "SELECT count(*) FROM fct_messages WHERE rule_id = 'upgrade_nudge' AND channel = 'email'")
    queued = _scalar(ran, "SELECT count(*) FROM mcc.outbox WHERE rule_id = 'upgrade_nudge' AND status = 'pending' "
                           "AND channel = 'email'")
    assert queued > 0  # nothing was delivered: the run's messages wait, and are said so
    assert one["result"]["question"] == (f"upgrade_nudge sent {emails:,} email messages on record; {queued:,} more wait "
                                         "in the outbox for delivery")
    none = chat("how many texts did the upgrade nudge send?", "sends")  # a running rule that sent none is named
    assert none["result"]["question"] == "upgrade_nudge sent no sms messages on record, and none wait in the outbox"


def test_holdouts_caps_and_the_control_group_are_the_last_runs_decisions(ran: Path, chat: Any) -> None:
    held = _scalar(ran, "SELECT count(*) FROM mcc.decisions WHERE rule_id = 'upgrade_nudge' AND outcome = 'holdout'")
    assert held > 0
    for prompt in ("how many are held out of the upgrade nudge?", "How big was the nudge's holdout last run?"):
        out = chat(prompt, "held")  # was: refused ('held' is no catalog trait)
        assert out["result"]["question"].startswith(f"upgrade_nudge: {held:,} user(s) held out in the latest run")
    users = _scalar(ran, "SELECT count(DISTINCT user_id) FROM mcc.decisions WHERE outcome = 'control'")
    assert users > 0
    for prompt in ("how many users are in the global control group?", "how big is the control group right now"):
        control = chat(prompt, "held")  # was: refused ('global control' is no catalog phrase)
        assert control["result"]["question"].startswith("The global control group in the latest run, run_")
        assert f": {users:,} user(s), at a share of 5.0%" in control["result"]["question"]
    capped = _scalar(ran, "SELECT count(*) FROM mcc.decisions WHERE outcome = 'capped'")
    out = chat("how many users got capped last run?", "held")  # was: refused ('capped' is no catalog phrase)
    assert out["result"]["question"].startswith(f"{capped:,} decision(s) capped (a frequency cap bit) in the latest run")


def test_a_what_if_previews_a_changed_copy_and_proposes_nothing(ran: Path, chat: Any) -> None:
    out = chat("how many people would the upgrade nudge reach if we dropped the pricing condition?", "whatif")
    without = _scalar(ran, "SELECT count(*) FROM user_traits WHERE workouts_completed >= 3 AND open_tickets = 0 "
                           "AND subscription_status <> 'active'")
    assert out["result"]["kind"] == "answer" and out["result"]["rows"][0][2] == without
    assert "removed condition count of pricing_viewed" in " ".join(out["result"]["notes"])
    narrower = chat("what if the nudge were ios only?", "whatif")
    assert "added condition device_os = ios" in " ".join(narrower["result"]["notes"])
    assert narrower["result"]["rows"][0][2] < narrower["result"]["rows"][0][1]
    assert out.get("proposal_id") is None and _scalar(ran, "SELECT count(*) FROM mcc.rule_versions") == 2


def test_a_request_to_draft_from_a_running_rule_is_still_drafted(chat: Any) -> None:
    out = chat("create a rule like the upgrade nudge but for Android", "draft")
    assert out["intent"] == "eligibility"


def test_follow_ups_to_reading_answers_ask_them_again_changed(ran: Path, chat: Any) -> None:
    chat("what's the holdout of the upgrade nudge?", "follow")
    policy = chat("what about the trial priority?", "follow")  # was: drafted as a policy 'about_trial_priority'
    assert policy["prompt"] == "what's the holdout of trial priority?"
    assert policy["result"]["columns"] == ["setting", "trial_priority"]
    held = chat("how many did the nudge hold out?", "follow")
    rule = chat("same for upgrade messaging", "follow")
    assert rule["result"]["question"].startswith("upgrade_messaging: ")
    user = _scalar(ran, "SELECT min(user_id) FROM mcc.decisions WHERE outcome = 'send'")
    other = _scalar(ran, "SELECT max(user_id) FROM mcc.decisions WHERE outcome = 'send'")
    chat(f"why did {user} get the upgrade nudge?", "follow2")
    again = chat(f"and {other}?", "follow2")
    assert held["intent"] == "question" and again["prompt"] == f"why did {other} get the upgrade nudge?"
    chat("who is in the upgrade nudge audience?", "follow3")
    android = chat("and on Android?", "follow3")  # was: a data question nobody could read
    assert "added condition device_os = android" in " ".join(android["result"]["notes"])
    ios = chat("ok what about only iOS users?", "follow3")
    assert "device_os = ios" in " ".join(ios["result"]["notes"])
    chat("which rules sent the most messages last week?", "follow4")
    october = chat("and in October?", "follow4")
    assert october["prompt"] == "which rules sent the most messages in October?"
    assert "october" in october["result"]["question"]


@pytest.mark.parametrize("prompt", ["are any messages parked?", "how many messages failed to deliver?",
                                    "what did the last run send?", "when's the next run?", "when did the nudge last run?",
                                    "how many messages did the last run queue?"])
def test_questions_about_a_run_and_its_outbox_are_the_runs_answer(prompt: str) -> None:
    assert asks_about_runs(prompt) and asks_sends_by_rule(prompt) is None


@pytest.mark.parametrize(("prompt", "change", "value"), [
    ("what would happen if the nudge only targeted users in germany?", "only users in germany", None),
    ("how many would the nudge reach if we also required push enabled?", "only push enabled users", None),
    ("preview the nudge for android users only", "only android users", None),
    ("see the nudge audience without the pricing filter?", "drop the pricing condition", None),
    ("how many would the nudge reach if we lowered the workouts threshold to 2?", "drop the workouts condition", 2),
])
def test_more_ways_of_saying_a_what_if(prompt: str, change: str, value: int | None) -> None:
    what_if = read_what_if(prompt)
    assert what_if is not None and (what_if.name, what_if.change, what_if.value) == ("nudge", change, value)


def test_chat_shorthand_typos_and_loose_names_are_read(ran: Path, chat: Any) -> None:
    held = _scalar(ran, "SELECT count(*) FROM mcc.decisions WHERE rule_id = 'upgrade_nudge' AND outcome = 'holdout'")
    out = chat("hw many ppl r held out of the nudge", "chatty")  # was: drafted ('hw held' refused)
    assert out["result"]["question"].startswith(f"upgrade_nudge: {held:,} user(s) held out")
    setting = chat("whats the holdout on the nudge", "chatty")
    assert setting["result"]["columns"] == ["setting", "upgrade_nudge"] and setting["result"]["rows"][0][0] == "holdout"
    waiting = chat("which rules are waiting for approval?", "chatty")  # was: refused as an approval to make
    assert waiting["intent"] == "question" and waiting["result"]["question"].startswith("The registry:")
    sent = _scalar(ran, "SELECT count(*) FROM mcc.decisions WHERE rule_id = 'upgrade_nudge' AND outcome = 'send'")
    got = chat("who got the upgrade nudge in the last run?", "chatty")  # was: drafted
    assert got["result"]["question"].startswith(f"upgrade_nudge: {sent:,} user(s) sent a message")


def test_a_what_if_renumbers_the_condition_its_words_name(ran: Path, chat: Any) -> None:
    out = chat("how many would the nudge reach if we lowered the workouts threshold to 2?", "renumber")
    assert "workouts_completed >= 2" in " ".join(out["result"]["notes"])
    assert out["result"]["rows"][0][2] >= out["result"]["rows"][0][1]
    none = chat("how many would the nudge reach if we lowered the country threshold to 2?", "renumber")
    assert none["result"]["kind"] == "refusal" and none.get("proposal_id") is None


RAN = [RanRule(rule_id="upgrade_nudge"), RanRule(rule_id="upgrade_messaging", policy_id="trial_policy"),
       RanRule(rule_id="second_workout", policy_id="trial_policy")]


@pytest.mark.parametrize(("prompt", "rules"), [
    ("is the nudge better than upgrade messaging?", {"upgrade_nudge", "upgrade_messaging"}),
    ("which works better, the nudge or upgrade messaging?", {"upgrade_nudge", "upgrade_messaging"}),
    ("does second workout do better than the nudge?", {"upgrade_nudge", "second_workout"}),
])
def test_two_rules_weighed_against_each_other_are_both_measured(prompt: str, rules: set[str]) -> None:
    assert reads_as_performance(prompt, RAN)  # was: drafted as a rule 'nudge_better_upgrade'
    assert set(named_rules(prompt, RAN).rule_ids) == rules


def test_people_compared_are_no_rules_weighed() -> None:
    assert not reads_as_performance("are ios users better than android users at converting?", RAN)


def test_follow_ups_change_a_what_if_a_runs_decisions_and_the_sends(chat: Any) -> None:
    chat("how many would the nudge reach if we dropped the pricing condition?", "more")
    both = chat("what if we also dropped the open tickets one?", "more")  # was: a diagnosis
    notes = " ".join(both["result"]["notes"])
    assert "removed condition count of pricing_viewed" in notes and "removed condition open_tickets = 0" in notes
    chat("how many were capped last run?", "more")
    nudge = chat("what about the nudge?", "more")  # was: drafted
    assert nudge["result"]["question"].startswith("upgrade_nudge: ")
    other = chat("n for upgrade messaging?", "more")
    assert other["result"]["question"].startswith("upgrade_messaging: ")
    chat("which rules sent the most messages?", "more")
    emails = chat("only emails?", "more")  # was: refused
    assert " email messages " in emails["result"]["question"]
    october = chat("what about in october?", "more")
    assert " email messages in october " in october["result"]["question"]


@pytest.mark.parametrize(("prompt", "os"), [
    ("how many users are in the nudge audience on ios?", "ios"),  # was: every iOS user, the nudge dropped
    ("what share of the upgrade nudge audience is on android?", "android"),
    ("whats the nudge audience on android", "android"),
])
def test_a_running_audience_asked_of_some_people_is_that_part_of_it(ran: Path, chat: Any, prompt: str, os: str) -> None:
    out = chat(prompt, f"kept-{os}-{len(prompt)}")
    both = _scalar(ran, "SELECT count(*) FROM user_traits WHERE workouts_completed >= 3 AND open_tickets = 0 AND "
                        f"subscription_status <> 'active' AND device_os = '{os}' AND user_id IN (SELECT user_id FROM "
                        "fct_events WHERE event_name = 'pricing_viewed' AND event_time > (SELECT max(event_time) FROM "
                        "fct_events) - INTERVAL 14 DAY)")
    assert out["result"]["question"].startswith(f"{both:,} of the ") and f"are on {os}" in out["result"]["question"]
    assert out.get("proposal_id") is None


@pytest.mark.parametrize(("prompt", "counts"), [("how many rules are running?", True), ("how many policies do we have?", True),
                                                ("has anyone rejected a rule?", True), ("how many users are running?", False),
                                                ("how many rules did u0000011 qualify for?", False)])
def test_counts_of_what_the_registry_holds_are_read(prompt: str, counts: bool) -> None:
    assert asks_registry_count(prompt) is counts


def test_the_registry_counts_and_one_rules_versions_are_read(chat: Any) -> None:
    out = chat("how many rules are running?", "registry")  # was: users whose preferred workout is running
    assert out["result"]["question"].startswith(
        "The registry: 0 version(s) waiting for review, 2 running (1 rule(s), 1 policy), 0 rejected")
    for prompt in ("show me the history of the trial priority", "when was the nudge approved?"):
        history = chat(prompt, "registry")  # were: drafted, and refused as an approval to make
        assert history["intent"] == "question" and history["result"]["question"].split(" has ")[0] in (
            "trial_priority", "upgrade_nudge")
        assert history["result"]["rows"][0][:3] == ["v1", "running", "maya"]
    assert chat("approve the nudge", "registry")["intent"] == "out_of_scope"


@pytest.mark.parametrize(("prompt", "rule_words"), [
    ("is u0000011 held out of the nudge?", "nudge"), ("is u0000011 in the control group?", "control group"),
    ("which rule would u0000011 get now?", ""), ("what rules does u0000011 qualify for?", ""),
])
def test_one_users_place_in_the_last_run_is_their_explanation(prompt: str, rule_words: str) -> None:
    ask = asks_why_user(prompt)  # were: refused, or drafted as a rule
    assert ask is not None and (ask.user_id, ask.rule_words) == ("u0000011", rule_words)


@pytest.mark.parametrize(("prompt", "measured"), [
    ("did the nudge move subscriptions?", True), ("does upgrade messaging move conversions?", True),
    ("did conversion drop on iOS?", False),
])
def test_whether_a_rule_moved_something_is_its_measurement(prompt: str, measured: bool) -> None:
    assert reads_as_performance(prompt, RAN) is measured


@pytest.mark.parametrize(("prompt", "name", "channel", "fewest"), [
    ("how many messages did welcome email send last week?", "welcome email", None, False),  # was: emails only
    ("which rule sent the fewest messages this month?", None, None, True),
    ("what's the open rate by rule last week?", None, None, False),
    ("what is the click rate of the upgrade nudge emails", "upgrade nudge", "email", False),
])
def test_sends_keep_the_rule_name_apart_from_the_channel(prompt: str, name: str | None, channel: str | None,
                                                         fewest: bool) -> None:
    ask = asks_sends_by_rule(prompt)
    assert ask is not None and (ask.name, ask.channel, ask.fewest) == (name, channel, fewest)


def test_the_fewest_senders_come_first_with_their_open_rates(chat: Any) -> None:
    out = chat("which rule sent the fewest messages?", "fewest")
    rows = out["result"]["rows"]
    assert [int(r[1]) for r in rows] == sorted(int(r[1]) for r in rows)
    assert out["result"]["question"].split("; the fewest from ")[1].startswith(rows[0][0]["untrusted_text"]
                                                                                if isinstance(rows[0][0], dict) else rows[0][0])
    assert out["result"]["columns"][5:7] == ["open rate", "click rate"]


@pytest.mark.parametrize("prompt", ["is the holdout big enough for the nudge?",
                                    "how many more users do we need in the upgrade messaging holdout?"])
def test_whether_a_holdout_can_tell_is_the_rules_measurement(prompt: str) -> None:
    assert reads_as_performance(prompt, RAN)  # were: drafted, or refused ('holdout' is no catalog phrase)


def test_the_caps_that_bit_and_a_few_users_of_an_outcome_are_read(ran: Path, chat: Any) -> None:
    capped = _scalar(ran, "SELECT count(*) FROM mcc.decisions WHERE outcome = 'capped'")
    for prompt in ("which cap bit the most last run?", "why were users capped last run?"):
        caps = chat(prompt, "caps")  # were: refused, and diagnosed as a metric
        assert caps["result"]["question"].startswith(f"{capped:,} decision(s) capped in the latest run")
        assert sum(n for _, n in caps["result"]["rows"]) == capped
    some = chat("show me 3 users who were capped", "caps")  # was: drafted
    assert len(some["result"]["rows"]) == 3
    con = duckdb.connect(str(ran), read_only=True)
    try:
        for rule_id, user in some["result"]["rows"]:
            assert con.execute("SELECT outcome FROM mcc.decisions WHERE rule_id = ? AND user_id = ?",
                               [rule_id, user]).fetchone() == ("capped",)
    finally:
        con.close()
    held = chat("list users held out of the nudge", "caps")
    assert {r[0] for r in held["result"]["rows"]} == {"upgrade_nudge"} and held["result"]["rows"]


def test_one_setting_of_every_running_rule_is_read(chat: Any) -> None:
    for prompt in ("which rule has the highest priority?", "rank the rules by priority"):
        out = chat(prompt, "every")  # were: refused as something the command center does not do
        priorities = [int(str(r[2]).split()[0]) for r in out["result"]["rows"]]
        assert priorities == sorted(priorities) and len(priorities) == 4
    caps = chat("what's the global frequency cap?", "every")
    assert caps["result"]["columns"] == ["rule", "policy", "frequency cap"]
    assert ["trial_priority", "(the policy)", "at most 3 per 7 days"] in caps["result"]["rows"]
    both = chat("what's the priority of the nudge vs the trial priority?", "every")  # was: a priority item to rank
    assert both["result"]["columns"] == ["setting", "upgrade_nudge", "trial_priority"]
    assert both["result"]["rows"][0][0] == "priority"


@pytest.mark.parametrize("prompt", ["how many people qualify for both the nudge and upgrade messaging?",
                                    "what's the overlap between upgrade messaging and the upgrade nudge?"])
def test_the_people_two_running_rules_share_are_the_previews_overlap(ran: Path, chat: Any, prompt: str) -> None:
    out = chat(prompt, f"overlap-{len(prompt)}")  # was: refused ('qualify' is no catalog phrase)
    assert set(out["result"]["rows"][0][:2]) == {"upgrade_nudge", "upgrade_messaging"}
    both = _scalar(ran, "SELECT count(*) FROM user_traits WHERE workouts_completed >= 3 AND open_tickets = 0 AND "
                        "subscription_status <> 'active' AND user_id IN (SELECT user_id FROM fct_events WHERE event_name = "
                        "'pricing_viewed' AND event_time > (SELECT max(event_time) FROM fct_events) - INTERVAL 14 DAY) "
                        "AND subscription_status = 'trial'")  # the messaging rule's own conditions the nudge's imply
    assert out["result"]["rows"][0][2] == both


@pytest.mark.parametrize("prompt", ["what if we sent the nudge by push instead?", "what if the nudge were push only?"])
def test_a_channel_said_in_a_what_if_is_the_channel_plan(prompt: str) -> None:
    what_if = read_what_if(prompt)  # "push only" was read as people with push enabled, or refused
    assert what_if is not None and what_if.change == "make it push only"


def test_draft_it_after_a_what_if_makes_its_copy_the_draft_and_proposes_nothing(ran: Path, chat: Any) -> None:
    chat("how many would the nudge reach if we dropped the pricing condition?", "draft-it")
    out = chat("ok, draft it", "draft-it")  # was: no draft to act on
    assert out["intent"] == "eligibility" and out["result"]["id"] == "upgrade_nudge"
    assert all(c.get("event") != "pricing_viewed" for c in out["result"]["audience"]["conditions"])
    assert out.get("proposal_id") is None and _scalar(ran, "SELECT count(*) FROM mcc.rule_versions") == 2
    alone = chat("draft it", "no-what-if")  # no what-if before: nothing to copy
    assert (alone["result"] or {}).get("id") != "upgrade_nudge"


def test_a_setting_checked_against_a_number_and_the_control_share_are_said(chat: Any) -> None:
    out = chat("is the holdout of the nudge 10%?", "check")  # was: refused ('holdout 10')
    assert out["result"]["rows"] == [["holdout", "10.0% of the audience held out"]]
    share = chat("what is the control group share?", "check")
    assert share["result"]["rows"][0][:2] == ["trial_priority", "(the policy)"]
    assert share["result"]["rows"][0][2].startswith("control group 5.0%; ")
