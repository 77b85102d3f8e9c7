"""In a chat thread, "propose it" proposes the draft on the table as it is, after the same confirmation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from agent_fakes import FakeBackend
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from agent.catalog_planner import CatalogPlanner
from agent.context import Context
from agent.graph import build_graph
from agent.revision_cues import reads_as_proposal
from agent.types import QuestionAnswer
from warehouse.catalog import load_catalog

DRAFT = "Create eligibility rules for an upgrade nudge for trial users who viewed pricing twice"


def thread(tmp_path: Path) -> tuple[Any, dict[str, Any], Context, FakeBackend]:
    backend = FakeBackend(sql=lambda sql: QuestionAnswer(question="q", sql=sql, columns=["users"], rows=[[3]]))
    context = Context(db=str(tmp_path / "w.duckdb"), actor="maya", planner_override=CatalogPlanner(load_catalog()),
                      backend_override=backend)
    return build_graph(checkpointer=InMemorySaver()), {"configurable": {"thread_id": "t"}}, context, backend


@pytest.mark.parametrize("message", ["propose it", "ok, submit this draft for review", "Looks good, send it to a reviewer."])
def test_propose_it_after_declining_and_a_question_files_the_same_draft(tmp_path: Path, message: str) -> None:
    graph, config, context, backend = thread(tmp_path)
    drafted = graph.invoke({"prompt": DRAFT, "propose": True}, config, context=context)
    graph.invoke(Command(resume="n"), config, context=context)  # declined at the confirmation
    graph.invoke({"prompt": "How many trial users are on web?", "propose": True}, config, context=context)
    asked = graph.invoke({"prompt": message, "propose": True}, config, context=context)
    pending = asked["__interrupt__"][0].value  # the same confirmation as for a fresh draft
    assert pending["draft"] == drafted["__interrupt__"][0].value["draft"]
    done = graph.invoke(Command(resume="y"), config, context=context)
    assert done["proposal_id"] == pending["draft"]["id"] and backend.proposals == [(pending["draft"]["id"], "maya")]
    assert done["steps"][-6:] == ["classify", "validate", "preview", "confirm", "propose", "finish"]  # not redrafted


def test_propose_it_with_no_draft_in_the_thread_says_there_is_nothing_to_propose(tmp_path: Path) -> None:
    graph, config, context, backend = thread(tmp_path)
    out = graph.invoke({"prompt": "propose it", "propose": True}, config, context=context)
    assert out["result"]["kind"] == "refusal" and "no draft here to propose" in out["result"]["reason"]
    assert backend.proposals == []


def test_what_reads_as_proposing_the_draft_and_what_does_not() -> None:
    assert reads_as_proposal("yes, propose it now") and reads_as_proposal("file this rule")
    # a new request, a change, sending messages and approving are not "propose the draft as it is"
    for message in ("propose a rule for trial users who viewed pricing", "send it by email", "send it",
                    "propose it and approve it", "make it email only"):
        assert not reads_as_proposal(message), message


@pytest.mark.parametrize("message", ["make it email only", "hold out 20%", "exclude users in France"])
def test_a_change_with_no_draft_in_the_thread_says_there_is_nothing_to_change(tmp_path: Path, message: str) -> None:
    graph, config, context, _ = thread(tmp_path)
    refusal = graph.invoke({"prompt": message}, config, context=context)["result"]
    assert refusal["kind"] == "refusal" and "there is no draft here to change" in refusal["reason"]
    assert message in refusal["reason"] and any("mcc chat --thread NAME" in s for s in refusal["suggestions"])
    assert refusal["unmatched_phrases"] == []  # not 'make it' as an audience phrase the catalog lacks


def test_a_proposal_stopped_by_a_locked_warehouse_keeps_the_draft_for_propose_it(tmp_path: Path) -> None:
    from warehouse.errors import DatabaseError

    graph, config, context, backend = thread(tmp_path)
    filed = backend.propose

    def locked_once(spec: Any, actor: str, comment: str) -> str:
        backend.propose = filed  # type: ignore[method-assign]
        raise DatabaseError("the warehouse is in use by another process", accepted="close the other mcc process")

    backend.propose = locked_once  # type: ignore[method-assign]
    drafted = graph.invoke({"prompt": DRAFT, "propose": True}, config, context=context)["__interrupt__"][0].value["draft"]
    stopped = graph.invoke(Command(resume="y"), config, context=context)
    assert "in use by another process" in stopped["error"] and stopped.get("proposal_id") is None
    graph.invoke({"prompt": "propose it", "propose": True}, config, context=context)
    done = graph.invoke(Command(resume="y"), config, context=context)
    assert done["proposal_id"] == drafted["id"] and backend.proposals == [(drafted["id"], "maya")]
