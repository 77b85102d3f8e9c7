"""What a run returns."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

OUTCOMES = ("send", "holdout", "control", "suppressed", "stopped", "capped", "lost")


class RunResult(BaseModel):
    """The run id, its as-of time, decisions by outcome, sends queued, and what happened."""

    run_id: str
    as_of: datetime
    status: Literal["complete", "already complete", "dry run"]
    counts: dict[str, int] = Field(description="decisions by outcome")
    sends: int = Field(description="outbox rows this run queued (all channel-plan steps)")
    withdrawn: int = Field(
        0, description="earlier runs' waiting messages this run withdrew: the person stopped, was suppressed, "
        "got a higher-priority rule or left the audience",
    )
    rules: list[str] = Field(default_factory=list)
    by_rule: dict[str, dict[str, int]] = Field(
        default_factory=dict, description="decisions by outcome for each rule: its audience, outcome by outcome, "
        "to set beside the rule's preview",
    )
    not_in_run: list[str] = Field(
        default_factory=list,
        description="approved rule versions an already complete run did not execute (approved after it ran)",
    )
    step_seconds: dict[str, float] = Field(default_factory=dict)
