"""Answer "show me the history of the trial policy" with each version of the rule from the registry (read-only)."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import Context
from agent.nodes.common import call_tool
from agent.registry_questions import history_answer
from agent.state import AgentState
from agent.types import Refusal


def answer_rule_history(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """List every version of the rule the intake read (state["about_history"]), newest first."""
    rule_id = str(state["about_history"])
    versions, trace, exc = call_tool("list_versions", lambda: runtime.context.backend().registry_versions(),
                                     lambda vs: f"{len(vs)} version(s)")
    if exc is not None or versions is None:
        refusal = Refusal(reason=f"The registry could not be read: {exc.message if exc else 'no answer'}.",
                          suggestions=[f"mcc rules history {rule_id}"])
        return {"result": refusal.model_dump(mode="json"), "tools": [trace], "steps": ["answer_rule_history"]}
    answer = history_answer(rule_id, versions)
    return {"result": answer.model_dump(mode="json"), "tools": [trace], "steps": ["answer_rule_history"]}
