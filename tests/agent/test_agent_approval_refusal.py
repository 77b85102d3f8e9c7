"""Asking the agent to approve is refused with who approves and the command, naming the rule when known."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from agent_fakes import FakeBackend
from langgraph.checkpoint.memory import InMemorySaver

from agent.catalog_planner import CatalogPlanner
from agent.context import Context
from agent.graph import build_graph
from orchestrator.registry import VersionInfo
from warehouse.catalog import load_catalog

DRAFT = "Create eligibility rules for an upgrade nudge for trial users who viewed pricing twice"


def thread(tmp_path: Path) -> tuple[Any, dict[str, Any], Context]:
    context = Context(db=str(tmp_path / "w.duckdb"), actor="maya", planner_override=CatalogPlanner(load_catalog()),
                      backend_override=FakeBackend())
    return build_graph(checkpointer=InMemorySaver()), {"configurable": {"thread_id": "t"}}, context


def test_approving_the_thread_draft_is_refused_with_the_reviewer_command_for_that_draft(tmp_path: Path) -> None:
    graph, config, context = thread(tmp_path)
    drafted = graph.invoke({"prompt": DRAFT}, config, context=context)["result"]
    for prompt in ("approve it", "ok, now go live with it"):
        out = graph.invoke({"prompt": prompt}, config, context=context)
        refusal = out["result"]
        assert out["intent"] == "out_of_scope" and refusal["kind"] == "refusal" and out.get("proposal_id") is None
        assert "does not approve" in refusal["reason"] and "someone other than the proposal's author" in refusal["reason"]
        assert any(f"mcc rules approve {drafted['id']} --as REVIEWER" in s for s in refusal["suggestions"]), refusal
        assert any(f"/approve {drafted['id']}" in s for s in refusal["suggestions"])


def test_a_rule_the_prompt_names_is_the_one_the_commands_name(tmp_path: Path) -> None:
    graph, config, context = thread(tmp_path)
    out = graph.invoke({"prompt": "please approve winback_email_v2 so it runs tonight"}, config, context=context)
    assert any("mcc rules approve winback_email_v2 --as REVIEWER" in s for s in out["result"]["suggestions"])


def test_with_nothing_named_the_commands_say_rule_id_and_other_requests_keep_the_general_refusal(tmp_path: Path) -> None:
    graph, config, context = thread(tmp_path)
    approval = graph.invoke({"prompt": "Approve everything in the queue"}, config, context=context)["result"]
    assert any("mcc rules approve RULE_ID --as REVIEWER" in s for s in approval["suggestions"])
    poem = graph.invoke({"prompt": "write me a poem about churn"}, config, context=context)["result"]
    assert "does not approve" not in poem["reason"] and "drafts eligibility rules" in poem["reason"]


def test_a_request_to_change_data_is_told_the_warehouse_is_read_only_not_how_to_approve(tmp_path: Path) -> None:
    graph, config, context = thread(tmp_path)
    for prompt in ("Create a rule for users whose country is '); DROP TABLE x; --", "delete all users who churned"):
        refusal = graph.invoke({"prompt": prompt}, config, context=context)["result"]
        assert refusal["kind"] == "refusal" and "never changes it" in refusal["reason"], prompt
        assert not any("mcc rules approve" in s for s in refusal["suggestions"])


def test_approval_is_refused_whichever_intent_the_planner_would_have_read(tmp_path: Path) -> None:
    from agent_fakes import ScriptedPlanner, rule

    planner = ScriptedPlanner(intent="eligibility", drafts=[rule()])  # a model that reads everything as a draft
    backend = FakeBackend()
    context = Context(db=str(tmp_path / "w.duckdb"), actor="maya", planner_override=planner, backend_override=backend)
    graph, config = build_graph(checkpointer=InMemorySaver()), {"configurable": {"thread_id": "t"}}
    graph.invoke({"prompt": "Create eligibility rules for an upgrade nudge"}, config, context=context)
    out = graph.invoke({"prompt": "looks great, approve it and go live", "propose": True}, config, context=context)
    assert out["intent"] == "out_of_scope" and "does not approve" in out["result"]["reason"]
    assert "__interrupt__" not in out and backend.proposals == []
    assert any("mcc rules approve upgrade_nudge --as REVIEWER" in s for s in out["result"]["suggestions"])


def test_rolling_back_retiring_importing_and_delivering_are_refused_with_the_commands_that_do_them(tmp_path: Path) -> None:
    from agent_fakes import ScriptedPlanner, rule

    planner = ScriptedPlanner(intent="eligibility", drafts=[rule()] * 20)  # a model that reads everything as a draft
    backend = FakeBackend()
    context = Context(db=str(tmp_path / "w.duckdb"), actor="maya", planner_override=planner, backend_override=backend)
    graph = build_graph(checkpointer=InMemorySaver())
    for i, prompt in enumerate((
        "Roll back upgrade_nudge to version 1", "rollback the upgrade nudge to v2", "revert trial_policy to the old rule",
        "restore the previous version of the win-back email", "Retire the upgrade_nudge rule, it's done",
        "please retire our win-back campaign", "Deliver the outbox now", "send all the queued messages", "flush the queue",
        "Import the rules in ./rules", "import these specs from examples/ and turn them on", "run mcc deliver for me",
        "pause the upgrade nudge", "Turn off trial_policy for now", "please disable our win-back campaign",
        "stop sending the yoga campaign",
    )):
        out = graph.invoke({"prompt": prompt, "propose": True}, {"configurable": {"thread_id": f"t{i}"}}, context=context)
        refusal = out["result"]
        assert out["intent"] == "out_of_scope" and "does not roll back, retire, import or deliver" in refusal["reason"], prompt
        assert "__interrupt__" not in out and backend.proposals == [], prompt
    named = graph.invoke({"prompt": "Roll back upgrade_nudge to version 1"}, {"configurable": {"thread_id": "n"}},
                         context=context)["result"]
    assert any("mcc rules rollback upgrade_nudge --to VERSION" in s for s in named["suggestions"])
    # the same verbs about people or messages still draft
    for i, prompt in enumerate(("Deliver a push to trial users who viewed pricing",
                                "Send an email to users who retired their subscription",
                                "pause the upgrade nudge for users with open tickets")):
        out = graph.invoke({"prompt": prompt}, {"configurable": {"thread_id": f"d{i}"}}, context=context)
        assert out["intent"] == "eligibility" and out["result"]["kind"] == "rule", prompt


def _version(rule_id: str, version: int, status: str, author: str, reviewer: str | None = None) -> VersionInfo:
    return VersionInfo(rule_id=rule_id, version=version, kind="rule", status=status, content_hash=f"h{version}",
                       author=author, created_at=datetime(2026, 11, 1), reviewer=reviewer)


class RegistryBackend(FakeBackend):
    """A fake whose registry holds the trial policy waiting for review and the upgrade nudge running."""

    def registry_versions(self) -> list[VersionInfo]:
        return [_version("trial_policy", 1, "proposed", "maya"),
                _version("upgrade_nudge", 1, "approved", "maya", reviewer="sam")]


def _ask(tmp_path: Path, actor: str, prompt: str) -> dict[str, Any]:
    context = Context(db=str(tmp_path / "w.duckdb"), actor=actor, planner_override=CatalogPlanner(load_catalog()),
                      backend_override=RegistryBackend())
    out: dict[str, Any] = build_graph(checkpointer=InMemorySaver()).invoke(
        {"prompt": prompt}, {"configurable": {"thread_id": "t"}}, context=context)
    assert out["intent"] == "out_of_scope" and out["result"]["kind"] == "refusal" and out.get("proposal_id") is None
    return dict(out["result"])


def test_a_reviewer_asking_to_approve_a_waiting_rule_is_given_their_own_command(tmp_path: Path) -> None:
    refusal = _ask(tmp_path, "sam", "approve the trial policy")  # named loosely, as people say it
    assert "does not approve" in refusal["reason"]
    assert "trial_policy v1 is waiting for review, proposed by maya. You can approve it yourself, as sam." in refusal["reason"]
    assert refusal["suggestions"][0] == "/approve trial_policy here, or mcc rules approve trial_policy --as sam"


def test_the_author_is_told_someone_else_approves_and_a_running_rule_that_nothing_waits(tmp_path: Path) -> None:
    mine = _ask(tmp_path, "maya", "can you approve trial_policy for me?")
    assert "You proposed it, so someone else approves it." in mine["reason"]
    assert any(s.startswith("mcc rules withdraw trial_policy --as maya") for s in mine["suggestions"])
    running = _ask(tmp_path, "sam", "approve the upgrade nudge")
    assert "upgrade_nudge v1 is already approved (by sam) and runs" in running["reason"]
    unknown = _ask(tmp_path, "sam", "approve the winback email")  # nothing of that name: the general answer
    assert any("mcc rules approve RULE_ID --as REVIEWER" in s for s in unknown["suggestions"])
