"""The last node: the drafting path's result is its draft (or the refusal it already set)."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import Context
from agent.state import AgentState


def finish(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Make the draft the result when a drafting path produced one."""
    update: dict[str, Any] = {"steps": ["finish"]}
    if state.get("result") is None and state.get("draft") is not None:
        update["result"] = state["draft"]
    return update
