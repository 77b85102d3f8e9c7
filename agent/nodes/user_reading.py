"""Answer "why did u0000011 get the upgrade nudge?" with the user's decisions in the latest run (read-only)."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import Context
from agent.nodes.common import call_tool
from agent.state import AgentState
from agent.types import Refusal
from agent.user_explain import explanation_answer


def answer_user_decisions(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Explain the user the intake read (state["about_user"]) in the latest run, narrowed to the rule it named."""
    asked = state["about_user"] or {}
    user_id, rule_id = str(asked["user_id"]), asked.get("rule_id")
    explanation, trace, exc = call_tool("explain_user", lambda: runtime.context.backend().explain(user_id, rule_id),
                                        lambda e: f"{len(e.rules)} rule(s) for {user_id} in {e.run_id}")
    if exc is not None or explanation is None:
        refusal = Refusal(reason=f"{user_id}'s decisions could not be explained: {exc.message if exc else 'no answer'}.",
                          suggestions=[exc.accepted] if exc is not None and exc.accepted else
                          ["mcc runs lists the runs; mcc explain USER_ID --run RUN_ID"])
        return {"result": refusal.model_dump(mode="json"), "tools": [trace], "steps": ["answer_user_decisions"]}
    answer = explanation_answer(explanation, user_id)
    return {"result": answer.model_dump(mode="json"), "tools": [trace], "steps": ["answer_user_decisions"]}
