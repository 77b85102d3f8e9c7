"""What `measure` returns."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, computed_field

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

    @computed_field  # type: ignore[prop-decorator]
    @property
    def no_lift_reason(self) -> str | None:
        """Why `lift` is None, in words a reviewer can act on (None when there is a lift)."""
        if self.lift is not None:
            return None
        if self.control.n < 2 or self.treatment.n < 2:
            return f"too few users to compare ({self.treatment.n:,} sent, {self.control.n:,} held out; 2 each at least)"
        if self.control.conversions == 0:
            return "no held-out user converted yet: there is no base rate to compare with"
        return "every user in an arm did the same: the interval is undefined"


class RuleMeasure(Comparison):
    rule_id: str


class MeasureReport(BaseModel):
    """Per rule, send versus holdout; and the global control group against everyone else."""

    as_of: datetime
    rules: list[RuleMeasure]
    global_control: Comparison | None
    unmeasured: list[str] = Field(default_factory=list, description="rules run without a conversion event to count")
