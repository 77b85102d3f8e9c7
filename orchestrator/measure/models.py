"""What `measure` returns."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from orchestrator.measure.stats import Arm, Lift


class Comparison(BaseModel):
    """Treatment against its held-out group on one metric."""

    metric: str = Field(description="the conversion event")
    window_days: int | None
    treatment: Arm
    control: Arm
    treatment_rate: float
    control_rate: float
    lift: Lift | None = Field(description="None when undefined: an arm under 2 users or a zero control rate")
    contamination: int = Field(description="held-out users who were messaged anyway (from fct_messages)")


class RuleMeasure(Comparison):
    rule_id: str


class MeasureReport(BaseModel):
    """Per rule, send versus holdout; and the global control group against everyone else."""

    as_of: datetime
    rules: list[RuleMeasure]
    global_control: Comparison | None
