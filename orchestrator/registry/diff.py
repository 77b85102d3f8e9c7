"""Semantic diff between two versions: which rules, conditions, caps and channels changed, in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from orchestrator.describe import (
    describe_cap,
    describe_channel_caps,
    describe_channels,
    describe_condition,
    describe_conversion,
)
from orchestrator.spec import AllOf, Condition, Policy, Rule

CONDITION_FIELDS = ("audience", "condition")
# fields a reviewer reads in words rather than as the spec's JSON
def _share(value: Any) -> str:
    """Say a share (0.1) as a reviewer reads it (10%)."""
    return f"{value:.0%}" if isinstance(value, float) and round(value * 100, 6).is_integer() else (
        f"{value:.1%}" if isinstance(value, float) else repr(value))


IN_WORDS: dict[str, Callable[[Any], str]] = {
    "channels": describe_channels, "frequency_cap": describe_cap, "channel_caps": describe_channel_caps,
    "conversion": describe_conversion, "holdout_share": _share, "control_group_share": _share}


def _parts(cond: Condition) -> list[str]:
    """Return the conditions ANDed at the top, each in words with its own not/or: a leaf read without them
    would say "removed marketing_opt_in = True" where "not (marketing_opt_in = True)" was removed."""
    if isinstance(cond, AllOf):
        return [part for c in cond.conditions for part in _parts(c)]
    return [describe_condition(cond)]


def _condition_changes(label: str, old: Condition, new: Condition) -> list[str]:
    if old == new:
        return []
    before, after = _parts(old), _parts(new)
    changes = [f"{label}: removed condition {c}" for c in before if c not in after]
    changes += [f"{label}: added condition {c}" for c in after if c not in before]
    if not changes:  # same leaves, different grouping (and/or/not)
        changes.append(f"{label}: now {describe_condition(new)} (was {describe_condition(old)})")
    return changes


def _value_text(value: Any) -> str:
    if hasattr(value, "model_dump"):
        return str(value.model_dump(mode="json", exclude_none=True))
    if isinstance(value, list) and value and hasattr(value[0], "model_dump"):
        return str([v.model_dump(mode="json", exclude_none=True) for v in value])
    return repr(value)


def _by_id(items: list[Any]) -> dict[str, Any]:
    return {item.id: item for item in items}


def _what_it_holds(item: Any) -> str:
    """Say what a guard or a rule added or removed holds, so its name is not all a reviewer reads of it."""
    if isinstance(item, Rule):
        return f" (audience: {describe_condition(item.audience)})"
    condition = getattr(item, "condition", None)
    return f" ({describe_condition(condition)})" if condition is not None else ""


def _named_changes(label: str, old: list[Any], new: list[Any]) -> list[str]:
    """Diff lists of things with ids (stop conditions, suppressions, rules)."""
    before, after = _by_id(old), _by_id(new)
    changes = [f"{label}: removed {key}{_what_it_holds(item)}" for key, item in before.items() if key not in after]
    changes += [f"{label}: added {key}{_what_it_holds(item)}" for key, item in after.items() if key not in before]
    for key in [k for k in after if k in before]:  # in the new version's order: a set's order changes run to run
        if before[key] != after[key]:
            changes += _model_changes(f"{label} {key}", before[key], after[key])
    return changes


def _model_changes(label: str, old: Any, new: Any) -> list[str]:
    changes: list[str] = []
    for name in type(new).model_fields:
        a, b = getattr(old, name), getattr(new, name)
        if a == b:
            continue
        where = f"{label}.{name}" if label else name
        if name in CONDITION_FIELDS:
            changes += _condition_changes(where, a, b)
        elif name in ("rules", "stop_conditions", "suppressions"):
            changes += _named_changes(where, a, b)
        elif name in IN_WORDS:
            changes.append(f"{where}: {IN_WORDS[name](a)} -> {IN_WORDS[name](b)}")
        else:
            changes.append(f"{where}: {_value_text(a)} -> {_value_text(b)}")
    return changes


def spec_changes(old: Rule | Policy, new: Rule | Policy) -> list[str]:
    """Return the changes from `old` to `new` in words (empty when equal)."""
    if type(old) is not type(new):
        return [f"kind: {old.kind} -> {new.kind}"]
    return _model_changes("", old, new)
