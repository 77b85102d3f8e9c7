"""Move a debug plan whose period the data does not cover to the nearest period the data can compare.

"Why did conversion drop in March 2025?" on data from September 2026 is most likely a slip of the year or of
what the warehouse holds: a refusal tells the analyst only what they cannot have, so the diagnosis runs on
the nearest period the data can compare (`tools.named_periods.covered_instead`) and says so first, in the
summary and in the first note, with the dates the data covers.
"""

from __future__ import annotations

from datetime import datetime

from agent.types import DebugPlan
from tools.named_periods import covered_instead, period_dates
from warehouse.errors import MccError

# Said before the summary: no dates here, the summary cites only the tools' numbers (the note says them).
MOVED_CAVEAT = ("Caution: the period asked about is outside the data, so this diagnoses the nearest period the data "
                "can compare instead (the notes name both). ")


def nearest_plan(plan: DebugPlan, refused: MccError | None) -> tuple[DebugPlan, str] | None:
    """Return the plan on the nearest period the data can compare and the note that says so, when a tool
    refused the plan's period as outside the data; else None (any other refusal stands)."""
    bounds = refused.details if refused is not None else {}
    if plan.period is None or not {"missing", "data_start", "data_end"} <= bounds.keys():
        return None
    first, end = datetime.fromisoformat(bounds["data_start"]), datetime.fromisoformat(bounds["data_end"])
    spec = covered_instead(plan.period, end, first)
    if spec is None:
        return None
    missing = str(bounds["missing"])
    note = (f"{missing[:1].upper()}{missing[1:]} (the data covers {period_dates(first, end)}), so "
            f"the diagnosis compares the nearest period it can instead, '{spec.label}'; ask again naming a period "
            "within the data to compare another.")
    return plan.model_copy(update={"period": spec, "window_label": spec.label}), note
