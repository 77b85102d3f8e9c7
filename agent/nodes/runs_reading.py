"""Answer "when did the last run happen?" and "how many messages are waiting?" from the runs on record (read-only)."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import Context
from agent.nodes.common import call_tool
from agent.run_questions import LATEST, runs_answer
from agent.state import AgentState
from agent.types import Refusal


def answer_runs(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """List the latest runs with their decisions and where their messages stand."""
    runs, trace, exc = call_tool("list_runs", lambda: runtime.context.backend().runs(LATEST),
                                 lambda rs: f"{len(rs)} run(s)")
    if exc is not None or runs is None:
        refusal = Refusal(reason=f"The runs could not be read: {exc.message if exc else 'no answer'}.",
                          suggestions=["mcc runs"])
        return {"result": refusal.model_dump(mode="json"), "tools": [trace], "steps": ["answer_runs"]}
    return {"result": runs_answer(runs).model_dump(mode="json"), "tools": [trace], "steps": ["answer_runs"]}
