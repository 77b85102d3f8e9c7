"""A chat thread persists in SQLite: a run paused at the confirmation resumes in a new process-like session."""

from __future__ import annotations

from pathlib import Path

from agent_fakes import FakeBackend, ScriptedPlanner, rule
from langgraph.types import Command

from agent.chat import chat_graph, checkpoint_path
from agent.context import Context


def test_a_thread_paused_for_confirmation_resumes_from_the_saved_checkpoint(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    backend = FakeBackend()
    config = {"configurable": {"thread_id": "nightly"}, "recursion_limit": 40}

    def context() -> Context:
        return Context(db=str(db), actor="maya", planner_override=ScriptedPlanner(drafts=[rule()]), backend_override=backend)

    with chat_graph(db) as graph:
        out = graph.invoke({"prompt": "upgrade nudge", "propose": True}, config, context=context())
        assert out["__interrupt__"][0].value["draft"]["id"] == "upgrade_nudge"
    assert checkpoint_path(db).exists() and backend.proposals == []

    with chat_graph(db) as graph:  # a fresh graph and connection: only the file carries the thread
        state = graph.get_state(config)
        assert state.next == ("confirm",) and state.values["preview"]["audience_size"] == 42
        out = graph.invoke(Command(resume="yes"), config, context=context())
    assert out["proposal_id"] == "upgrade_nudge" and backend.proposals == [("upgrade_nudge", "maya")]
    assert out["steps"].count("preview") == 1  # the resume did not redo earlier steps


def test_a_new_prompt_on_the_same_thread_starts_fresh(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    config = {"configurable": {"thread_id": "t"}, "recursion_limit": 40}
    ctx = Context(db=str(db), planner_override=ScriptedPlanner(drafts=[rule()]), backend_override=FakeBackend())
    with chat_graph(db) as graph:
        graph.invoke({"prompt": "first", "propose": True}, config, context=ctx)
        graph.invoke(Command(resume="no"), config, context=ctx)
        out = graph.invoke({"prompt": "second"}, config, context=ctx)
    assert out["confirmed"] is None and out["proposal_id"] is None and out["rounds"] == 1
