"""Check a compared value against a catalog type, its allowed values and its range."""

from __future__ import annotations

import difflib

from orchestrator.validate.report import ValidationReport
from warehouse.catalog import TraitType

LIST_OPS = ("in", "not_in")
NULL_OPS = ("is_null", "not_null")


def _type_error(value: object, kind: TraitType) -> str | None:
    if kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        return "a whole number"
    if kind == "float" and (isinstance(value, bool) or not isinstance(value, int | float)):
        return "a number"
    if kind == "bool" and not isinstance(value, bool):
        return "true or false"
    if kind in ("enum", "string") and not isinstance(value, str):
        return "a string"
    return None


def check_scalar(
    report: ValidationReport,
    path: str,
    name: str,
    value: object,
    kind: TraitType,
    allowed: list[str] | None = None,
    low: float | None = None,
    high: float | None = None,
) -> None:
    """Report a value of the wrong type, outside the allowed values, or outside [low, high]."""
    expected = _type_error(value, kind)
    if expected:
        report.error(path, "bad_value_type", f"{name} is {kind}: {value!r} is not {expected}",
                     f"use {expected}" + (f" from {', '.join(allowed)}" if allowed else ""))
        return
    if allowed and value not in allowed:
        close = difflib.get_close_matches(str(value), allowed, n=3, cutoff=0.3)
        report.error(path, "value_not_allowed", f"{value!r} is not a value of {name}",
                     f"did you mean {', '.join(close)}? allowed: {', '.join(allowed)}" if close
                     else f"allowed: {', '.join(allowed)}")
        return
    if isinstance(value, int | float) and not isinstance(value, bool):
        below, above = low is not None and value < low, high is not None and value > high
        if below or above:
            bounds = f"{low if low is not None else '-inf'}..{high if high is not None else 'inf'}"
            report.error(path, "value_out_of_range", f"{name} ranges over {bounds}; {value!r} is outside",
                         f"a value within {bounds}")

def check_value(
    report: ValidationReport,
    path: str,
    name: str,
    op: str,
    value: object,
    kind: TraitType,
    allowed: list[str] | None = None,
    low: float | None = None,
    high: float | None = None,
) -> None:
    """Check the value's shape for the operator, then each scalar in it."""
    if op in NULL_OPS:
        if value is not None:
            report.error(path, "bad_value_shape", f"{op} takes no value (got {value!r})", "remove value")
        return
    if op in LIST_OPS or op == "between":
        size_ok = isinstance(value, list) and (len(value) == 2 if op == "between" else len(value) > 0)
        if not size_ok:
            shape = "[low, high]" if op == "between" else "a non-empty list [a, b, ...]"
            report.error(path, "bad_value_shape", f"{op} needs {shape}, got {value!r}", f"value: {shape}")
            return
        assert isinstance(value, list)
        for item in value:
            check_scalar(report, path, name, item, kind, allowed, low, high)
        if op == "between" and not any(isinstance(v, str | bool) for v in value) and value[0] > value[1]:
            report.error(path, "bad_value_shape", f"between [{value[0]}, {value[1]}] has low above high",
                         f"value: [{value[1]}, {value[0]}]")
        return
    if value is None or isinstance(value, list):
        report.error(path, "bad_value_shape", f"{op} needs a single value, got {value!r}",
                     "use is_null/not_null for missing values, in/not_in for lists")
        return
    check_scalar(report, path, name, value, kind, allowed, low, high)
