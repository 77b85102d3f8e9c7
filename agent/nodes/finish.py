"""The last node: the drafting path's result is its draft (or the refusal it already set); a diagnosis or data
answer is recorded for a chat follow-up ("and on Android?") to ask again."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import Context
from agent.nodes.intake import ANSWERED_INTENTS
from agent.state import READING_NODES, AgentState

ANSWERS = ("diagnostic", "answer")  # result kinds a follow-up can build on (not a refusal)


def finish(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Make the draft the result when a drafting path produced one; record an answered diagnosis or data
    question as the one a follow-up asks again (none after a refusal)."""
    update: dict[str, Any] = {"steps": ["finish"]}
    if state.get("result") is None and state.get("draft") is not None:
        update["result"] = state["draft"]
    answered = (state.get("result") or {}).get("kind") in ANSWERS
    read = next((key for key in READING_NODES if state.get(key)), None)  # type: ignore[misc]
    if read is not None:
        # "what about the trial policy?" after a reading answer asks it again (`reading_follow_up`), not as data
        update["last_read"] = {"prompt": state["prompt"], "key": read, "value": state.get(read)} if answered else None
        update["last_answered"] = None
        return update
    update["last_read"] = None
    if state.get("intent") in ANSWERED_INTENTS:
        update["last_answered"] = {"intent": state["intent"], "prompt": state["prompt"]} if answered else None
    return update
