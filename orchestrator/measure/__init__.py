"""Measurement: lift of treatment over holdout with delta-method intervals (see `stats`)."""

from __future__ import annotations

from orchestrator.measure.measure import measure
from orchestrator.measure.models import Comparison, MeasureReport, RuleMeasure
from orchestrator.measure.stats import Arm, Lift, relative_lift

__all__ = ["Arm", "Comparison", "Lift", "MeasureReport", "RuleMeasure", "measure", "relative_lift"]
