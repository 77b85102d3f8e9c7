"""Answer "what's the holdout of the upgrade nudge?" or "compare A and B" from the running specs (read-only)."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import Context
from agent.nodes.common import call_tool
from agent.rule_settings import SettingsAsk, settings_answer
from agent.state import AgentState
from orchestrator.spec import parse_spec


def answer_rule_settings(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Say the settings the intake read (state["about_settings"]), with who proposed and approved each version."""
    ask = SettingsAsk.model_validate(state["about_settings"])
    specs = [parse_spec(spec, source="registry") for spec in ask.specs]
    versions, trace, _ = call_tool("list_versions", lambda: runtime.context.backend().registry_versions(),
                                   lambda vs: f"{len(vs)} version(s)")
    people = {v.rule_id: (v.author, v.reviewer or "") for v in versions or [] if v.status == "approved"}
    answer = settings_answer(ask, specs, people)
    return {"result": answer.model_dump(mode="json"), "tools": [trace], "steps": ["answer_rule_settings"]}
