"""Answer "who is in the upgrade nudge's audience?" with the preview of the approved version that runs (read-only)."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import Context
from agent.nodes.common import call_tool
from agent.rule_audience import audience_answer
from agent.state import AgentState
from agent.types import Refusal
from orchestrator.spec import parse_spec


def answer_rule_audience(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Preview the running spec the intake found (state["about_audience"]) and answer with its rules' audiences."""
    asked = state["about_audience"] or {}
    spec = parse_spec(asked["spec"], source="registry")
    preview, trace, exc = call_tool("preview_audience", lambda: runtime.context.backend().preview(spec),
                                    lambda p: f"audience preview of {spec.id}")
    if exc is not None or preview is None:
        refusal = Refusal(reason=f"The audience of {spec.id} could not be previewed: {exc.message if exc else 'no answer'}.",
                          suggestions=[f"mcc preview {spec.id}"])
        return {"result": refusal.model_dump(mode="json"), "tools": [trace], "steps": ["answer_rule_audience"]}
    answer = audience_answer(spec, str(asked["rule_id"]), preview)
    return {"result": answer.model_dump(mode="json"), "tools": [trace], "steps": ["answer_rule_audience"]}
