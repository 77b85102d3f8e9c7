"""The answer shapes the LLM planner asks for: each is a tool whose parameters are a JSON Schema.

A `Refusal` is a member of every answer union, so "I can't" is a valid answer rather than an error.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

from agent.types import DebugPlan, Intent, QuestionPlan, Refusal
from orchestrator.spec import Policy, Rule


class Classification(BaseModel):
    """Classify the request."""

    intent: Intent
    reason: str = ""


class SubmitDraft(BaseModel):
    """Submit the drafted rule or policy, or a refusal naming what the catalog cannot express."""

    answer: Annotated[Rule | Policy | Refusal, Field(discriminator="kind")]


class SubmitDebugPlan(BaseModel):
    """Submit the diagnosis plan (metric, dimension, segments, window), or a refusal."""

    answer: Annotated[DebugPlan | Refusal, Field(discriminator="kind")]


class SubmitQuestion(BaseModel):
    """Submit the question and one read-only SELECT that answers it, or a refusal."""

    answer: Annotated[QuestionPlan | Refusal, Field(discriminator="kind")]


ANSWER_TOOLS: dict[type[BaseModel], str] = {
    Classification: "classify",
    SubmitDraft: "submit_draft",
    SubmitDebugPlan: "plan_debug",
    SubmitQuestion: "plan_question",
}


def answer_tool(model: type[BaseModel]) -> dict[str, Any]:
    """Return the OpenAI tool definition for an answer model, keeping `$defs` (the spec is recursive)."""
    return {
        "type": "function",
        "function": {
            "name": ANSWER_TOOLS[model],
            "description": (model.__doc__ or "").strip(),
            "parameters": model.model_json_schema(),
        },
    }
