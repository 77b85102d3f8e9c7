"""Questions about the draft on the table ("how many people is that?", "what does it overlap with?", "why is France
so small?", "what changed?") are answered from its preview and the thread's versions of it, "undo that" takes back
the last change, and a reviewer's "what changed in trial_policy?" gets the registry's diff."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agent.context import Context
from agent.draft_questions import (
    DraftQuestion,
    asks_about_draft,
    asks_rule_changes,
    reads_as_undo,
    rule_named,
)
from agent.graph import build_graph
from orchestrator.registry import Registry
from orchestrator.spec import Rule, Suppression, TraitCondition, load_spec_file
from warehouse.catalog import load_catalog

CATALOG = load_catalog()
FIRST = "Create a rule for trial users who completed 3 workouts and viewed pricing twice"


@pytest.mark.parametrize(("message", "kind"), [
    ("how many people is that?", "size"), ("So how big is the audience now?", "size"),
    ("how many would get the email?", "size"), ("how many are in the holdout?", "size"),
    ("how many messages will it send a day?", "size"), ("show me a few users in it", "sample"),
    ("who's in it?", "sample"), ("how many of them are on iOS?", "breakdown"),
    ("how many users would get it?", "size"), ("how many people does each rule reach?", "size"),
    ("what does it overlap with?", "overlap"), ("does this overlap with anything running?", "overlap"),
    ("which live rules share users with it?", "overlap"),
    ("what changed?", "changes"), ("ok, what did we change so far?", "changes"), ("show me the changes", "changes"),
    # questions about other people are data questions, read as such
    ("how many users are in France?", None), ("How many trial users viewed pricing twice?", None),
    ("how many messages did we send last week?", None), ("show me a few users in France", None),
    ("how many users overlap between ios and trial?", None), ("What changed in sign-ups this week?", None),
])
def test_which_messages_ask_about_the_draft(message: str, kind: str | None) -> None:
    asked = asks_about_draft(message, CATALOG)
    assert (asked.kind if asked else None) == kind


@pytest.mark.parametrize(("message", "trait", "value"), [
    ("why is France so small?", "country", "FR"), ("Why are there so few Android users in it?", "device_os", "android"),
    ("hmm, why is the US so big?", "country", "US"), ("why are iOS users under-represented?", "device_os", "ios"),
    ("how does it split by platform?", "device_os", None), ("break it down by country", "country", None),
    ("what's the country split?", "country", None), ("how many of them are in Brazil?", "country", "BR"),
])
def test_why_is_a_value_so_small_and_splits_name_the_trait(message: str, trait: str, value: str | None) -> None:
    assert asks_about_draft(message, CATALOG) == DraftQuestion(kind="breakdown", trait=trait, value=value)


@pytest.mark.parametrize("message", ["why so few?", "Why is the audience that small?", "hmm, why so many people?",
                                     "what's cutting it down?", "which condition removes the most people?",
                                     "where did all the users go?"])
def test_why_the_draft_is_so_small_asks_for_its_conditions_in_turn(message: str) -> None:
    assert asks_about_draft(message, CATALOG) == DraftQuestion(kind="narrowing")


@pytest.mark.parametrize("message", ["why is conversion so low on iOS?", "why did France drop this week?",
                                     "why is the holdout so big?"])
def test_why_questions_about_metrics_or_settings_are_not_breakdowns(message: str) -> None:
    assert asks_about_draft(message, CATALOG) is None


@pytest.mark.parametrize(("message", "undo"), [
    ("undo that", True), ("Actually, undo the last change.", True), ("go back to the previous draft", True),
    ("revert that please", True), ("never mind", True),
    ("undo the France exclusion", False), ("roll back the upgrade nudge", False), ("reverse the order", False),
])
def test_which_messages_take_back_the_last_change(message: str, undo: bool) -> None:
    assert reads_as_undo(message) is undo


@pytest.fixture(scope="module")
def warehouse(built_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the small warehouse with the upgrade nudge running (approved), for overlaps."""
    db = tmp_path_factory.mktemp("draft_questions") / "w.duckdb"
    shutil.copy(built_warehouse, db)
    con = duckdb.connect(str(db))
    try:
        registry = Registry(con)
        registry.propose(load_spec_file(Path("examples/upgrade_nudge.yaml")), "maya")
        registry.approve("upgrade_nudge", "sam")
        nudge = load_spec_file(Path("examples/upgrade_nudge.yaml"))
        assert isinstance(nudge, Rule)
        france = Suppression(id="no_france", description="not in France",
                             condition=TraitCondition(trait="country", op="eq", value="FR"))
        v2 = nudge.model_copy(update={"holdout_share": 0.2, "suppressions": [*nudge.suppressions, france]})
        registry.propose(v2, "maya")  # v2, waiting for review
        registry.propose(Rule(id="lonely", description="one version", audience=TraitCondition(
            trait="workouts_completed", op="gte", value=3)), "maya")
    finally:
        con.close()
    return db


class Thread:
    """One chat thread on the graph, as `mcc chat` runs it without the confirmation."""

    def __init__(self, db: Path, name: str) -> None:
        self.graph = build_graph(checkpointer=InMemorySaver())
        self.context = Context(db=str(db), actor="maya")
        self.config: dict[str, Any] = {"configurable": {"thread_id": name}, "recursion_limit": 40}

    def say(self, prompt: str) -> dict[str, Any]:
        out: dict[str, Any] = self.graph.invoke({"prompt": prompt}, self.config, context=self.context)
        return out

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def thread(warehouse: Path, request: pytest.FixtureRequest) -> Any:
    t = Thread(warehouse, request.node.name)
    yield t
    t.close()


def test_how_many_people_is_that_gives_the_drafts_preview_numbers(thread: Thread) -> None:
    thread.say(FIRST)
    changed = thread.say("only iOS users")
    shown = changed["preview"]["rules"][0]
    answer = thread.say("how many people would get it?")
    assert answer["intent"] == "question" and answer["result"]["kind"] == "answer"
    row = dict(zip(answer["result"]["columns"], answer["result"]["rows"][0], strict=True))
    assert (row["audience"], row["eligible"]) == (shown["size"], shown["eligible"])
    assert (row["gets it"], row["held out"]) == (shown["holdout"]["expected_treatment"], shown["holdout"]["expected_holdout"])
    assert answer["result"]["sql"].startswith("SELECT COUNT(*) AS users FROM (SELECT")
    con = duckdb.connect(str(thread.context.db), read_only=True)
    try:  # the SQL shown gives the number shown
        assert con.execute(answer["result"]["sql"]).fetchone() == (shown["size"],)
    finally:
        con.close()


def test_why_so_few_counts_the_drafts_conditions_in_turn(thread: Thread) -> None:
    shown = thread.say(FIRST)["preview"]["rules"][0]
    out = thread.say("why so few?")
    assert out["intent"] == "question" and out["steps"][-3:] == ["classify", "answer_about_draft", "finish"]
    answer = out["result"]
    rows = answer["rows"]
    assert [row[2] for row in rows[:-1]] == ["subscription_status = trial", "workouts_completed >= 3",
                                             "pricing_views >= 2"]
    # each condition keeps a subset of the users left before it; the last left is the audience the preview showed
    lefts = [row[5] for row in rows[:-1]]
    assert lefts == sorted(lefts, reverse=True) and lefts[-1] == shown["size"] and rows[-1][5] == shown["eligible"]
    assert "The tightest condition on its own is" in answer["question"]
    assert f"leaving {shown['eligible']:,} eligible" in answer["question"]
    con = duckdb.connect(str(thread.context.db), read_only=True)
    try:  # the SQL shown counts what the answer says
        counted = con.execute(answer["sql"]).fetchone()
    finally:
        con.close()
    assert counted is not None and counted[-1] == shown["eligible"]


def test_what_does_it_overlap_with_names_the_running_rules_it_shares_users_with(thread: Thread) -> None:
    thread.say(FIRST)
    answer = thread.say("does this overlap with anything running?")["result"]
    assert answer["kind"] == "answer" and "share users with trial" in answer["question"]
    assert [row[1] for row in answer["rows"]] == ["upgrade_nudge"] and answer["rows"][0][3] > 0


def test_undo_takes_back_the_last_change_and_what_changed_counts_from_the_first_draft(thread: Thread) -> None:
    first = thread.say(FIRST)["result"]
    thread.say("only iOS users")
    capped = thread.say("cap it at 1 a week")["result"]
    assert capped["frequency_cap"] == {"max_sends": 1, "per_days": 7}
    undone = thread.say("actually, undo that")
    assert undone["result"]["frequency_cap"] == first["frequency_cap"]
    assert undone["result"]["audience"] != first["audience"]  # the iOS change before it stays
    changed = thread.say("what changed so far?")["result"]
    assert changed["rows"] == [["audience: added condition device_os = ios"]] and changed["sql"] == ""
    back = thread.say("go back")["result"]
    assert back["audience"] == first["audience"]
    nothing = thread.say("undo")
    assert nothing["result"]["kind"] == "refusal" and "no change to undo" in nothing["result"]["reason"]
    assert thread.say("what changed?")["result"]["question"] == "Nothing has changed in trial since it was first drafted"


@pytest.mark.parametrize(("message", "rule_id"), [
    ("what changed in trial_policy?", "trial_policy"), ("what did maya change in the trial policy?", "trial_policy"),
    ("What's different about the upgrade nudge v2?", "upgrade_nudge"),
    ("how does the new upgrade nudge differ from the running one?", "upgrade_nudge"),
    ("show me the changes for ios trial push", "ios_trial_push"), ("what changed in sign-ups this week?", None),
    ("what changed?", None),
])
def test_which_messages_ask_what_changed_in_a_rule(message: str, rule_id: str | None) -> None:
    name = asks_rule_changes(message)
    assert (rule_named(name, ["trial_policy", "upgrade_nudge", "ios_trial_push"]) if name else None) == rule_id


def test_a_reviewer_asking_what_changed_in_a_rule_gets_the_registry_diff(thread: Thread) -> None:
    out = thread.say("what's different in the latest version of the upgrade nudge?")
    assert out["intent"] == "question" and out["steps"] == ["classify", "answer_rule_changes", "finish"]
    answer = out["result"]
    assert answer["kind"] == "answer" and answer["question"].startswith("What changed in upgrade_nudge: v1 (active) -> v2 (proposed)")
    assert "approve with `mcc rules approve upgrade_nudge`" in answer["question"]
    rows = [row[0] for row in answer["rows"]]
    assert "holdout_share: 10% -> 20%" in rows and "suppressions: added no_france (country = FR)" in rows
    reach = next(r for r in rows if r.startswith("reachable (after suppressions and stops) of upgrade_nudge:"))
    assert "-0 removed" not in reach  # whom the new suppression takes out
    single = thread.say("what changed in the lonely rule?")["result"]
    assert single["kind"] == "refusal" and "lonely has only version 1" in single["reason"]
    assert "mcc rules show lonely" in single["suggestions"]


@pytest.mark.parametrize("message", ["what's waiting for review?", "do we have any pending proposals?",
                                     "Which programs are live right now?", "any proposals I need to look at?"])
def test_a_reviewer_asking_what_waits_gets_the_registrys_versions(thread: Thread, message: str) -> None:
    out = thread.say(message)
    # it was a refusal box ("Cannot do that") naming `mcc rules list`, under the out_of_scope intent
    assert out["intent"] == "question" and out["steps"] == ["classify", "answer_registry", "finish"]
    answer = out["result"]
    assert answer["kind"] == "answer" and answer["question"].startswith(
        "The registry: 2 version(s) waiting for review, 1 running")
    rows = [row[:4] for row in answer["rows"]]
    assert rows == [["lonely", "v1", "waiting for review", "maya"], ["upgrade_nudge", "v2", "waiting for review", "maya"],
                    ["upgrade_nudge", "v1", "running", "maya"]]
    assert answer["rows"][1][5] == "mcc rules diff upgrade_nudge, then mcc rules approve upgrade_nudge --as REVIEWER (not maya)"
    assert answer["rows"][0][5].startswith("mcc preview lonely --version 1, then")  # a first version has no diff


def test_why_is_a_country_so_small_compares_the_drafts_split_with_all_users(thread: Thread) -> None:
    drafted = thread.say("Create a rule for users in France and Germany who have not worked out in 14 days")
    counts = drafted["preview"]["rules"][0]["breakdown"]["country"]
    answer = thread.say("why is France so small?")["result"]
    assert answer["kind"] == "answer" and answer["rows"][0][1:3] == ["FR", counts["FR"]]
    assert "the draft's own condition on country keeps DE, FR; among them, FR is" in answer["question"]
    split = thread.say("how does it break down by platform?")["result"]
    assert sum(row[2] for row in split["rows"]) == drafted["preview"]["rules"][0]["size"]
    assert "android is" not in split["question"]  # a split names no value to explain
    thread.say("only iOS users")
    left_out = thread.say("why are there so few android users?")["result"]
    assert left_out["rows"][0][1:3] == ["android", 0]
    assert "the draft's own condition on device_os leaves android out (it keeps ios)" in left_out["question"]
    sample = thread.say("show me a few users in it")["result"]
    assert sample["rows"] and {row[0] for row in sample["rows"]} == {drafted["result"]["id"]}


@pytest.mark.parametrize(("message", "rule_id"), [("show me upgrade_nudge", "upgrade_nudge")])
def test_a_question_about_the_registry_says_where_it_is_read(thread: Thread, message: str, rule_id: str) -> None:
    out = thread.say(message)
    assert out["intent"] == "out_of_scope" and out["result"]["kind"] == "refusal"
    assert "is read with `mcc rules`" in out["result"]["reason"]
    assert f"mcc rules show {rule_id}, mcc rules diff {rule_id}" in " ".join(out["result"]["suggestions"])


@pytest.mark.parametrize("message", ["which users are active?", "Create a rule for users with pending tickets",
                                     "how many users are active?"])
def test_questions_about_users_are_not_registry_questions(message: str) -> None:
    from agent.nodes.refusals import asks_about_registry

    assert not asks_about_registry(message)


def test_a_policys_size_ends_with_its_whole_audience_which_its_sql_counts(thread: Thread) -> None:
    drafted = thread.say("Define a priority order for trial users: (1) support issues, (2) upgrade messaging")
    answer = thread.say("How many people does each rule reach?")["result"]
    rows = answer["rows"]
    assert [r[0] for r in rows[:-1]] == [r["rule_id"] for r in drafted["preview"]["rules"]]
    assert rows[-1][0] == "any rule (each user once)"
    con = duckdb.connect(str(thread.context.db), read_only=True)
    try:
        assert con.execute(answer["sql"]).fetchone() == (rows[-1][1],)
    finally:
        con.close()
