"""Whether an answer is a clear refusal: intent out of scope, or a Refusal that gives a reason."""

from __future__ import annotations

from agent.types import AskResult, Refusal
from evals.scorers.score import Score


def is_refusal(result: AskResult) -> bool:
    """Return True when the agent declined: a Refusal result or the out_of_scope intent."""
    return isinstance(result.result, Refusal) or result.intent == "out_of_scope"


def clear_refusal(result: AskResult) -> Score:
    """Pass when the agent refused and said why."""
    if isinstance(result.result, Refusal):
        ok = bool(result.result.reason.strip())
        return Score(name="refusal", passed=ok, detail=result.result.reason[:120] or "a refusal with no reason")
    if result.intent == "out_of_scope":
        return Score(name="refusal", passed=True, detail="intent out_of_scope")
    kind = getattr(result.result, "kind", None) or "nothing"
    return Score(name="refusal", passed=False, detail=f"answered with {kind} (intent {result.intent}) instead of refusing")
