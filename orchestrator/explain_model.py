"""What `explain` returns: per rule, each step of the run's decision with the facts behind it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class ConditionCheck(BaseModel):
    """One leaf condition of an audience, suppression or stop condition, and what the user had."""

    path: str
    text: str = Field(description="the condition in words: `activation_state eq 'new'`")
    holds: bool
    value: Any = Field(None, description="the trait value, or the event count in the window")


class StepCheck(BaseModel):
    """One step of the executor for this user and rule."""

    step: str = Field(
        description="audience | suppression | stop | control | holdout | arbitration | cap | outbox"
    )
    passed: bool | None = Field(description="True when the user went on past this step; None if not reached")
    detail: str
    checks: list[ConditionCheck] = Field(default_factory=list)


class RuleExplanation(BaseModel):
    """Why the user got, or did not get, one rule in one run."""

    rule_id: str
    rule_version: int
    priority: int
    outcome: str = Field(description="the decision's outcome, or `not in audience`")
    reason: str
    steps: list[StepCheck]
    outbox: list[dict[str, Any]] = Field(default_factory=list)


class Explanation(BaseModel):
    """The answer to "why did this user get that" for one run."""

    user_id: str
    run_id: str
    as_of: datetime
    rules: list[RuleExplanation]
