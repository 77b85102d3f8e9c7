"""Specs in words, for diffs, warnings and previews: `workouts_completed >= 3`, `push, then email after 24h`."""

from __future__ import annotations

from orchestrator.spec import (
    AllOf,
    AnyOf,
    Channel,
    ChannelStep,
    Condition,
    ConversionMetric,
    EventCondition,
    FrequencyCap,
    Not,
    PropertyFilter,
    TraitCondition,
)

SYMBOLS = {"eq": "=", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
WORDS = {"in": "in", "not_in": "not in", "between": "between"}


def _compare_text(name: str, op: str, value: object) -> str:
    if op == "is_null":
        return f"{name} is empty"
    if op == "not_null":
        return f"{name} is set"
    if op == "between" and isinstance(value, list) and len(value) == 2:
        return f"{name} between {value[0]} and {value[1]}"
    return f"{name} {SYMBOLS.get(op) or WORDS.get(op, op)} {value}"


def describe_filter(flt: PropertyFilter) -> str:
    """Return a property filter in words."""
    return _compare_text(flt.property, flt.op, flt.value)


def describe_condition(cond: Condition) -> str:
    """Return a condition in words.

    >>> describe_condition(TraitCondition(trait="workouts_completed", op="gte", value=3))
    'workouts_completed >= 3'
    """
    if isinstance(cond, TraitCondition):
        return _compare_text(cond.trait, cond.op, cond.value)
    if isinstance(cond, EventCondition):
        window = f" in the last {cond.within_days} days" if cond.within_days else " ever"
        where = f" where {' and '.join(describe_filter(f) for f in cond.where)}" if cond.where else ""
        return f"count of {cond.event}{where}{window} {SYMBOLS[cond.op]} {cond.count}"
    if isinstance(cond, AllOf):
        return " and ".join(_grouped(c) for c in cond.conditions)
    if isinstance(cond, AnyOf):
        return " or ".join(_grouped(c) for c in cond.conditions)
    if isinstance(cond, Not):
        return f"not ({describe_condition(cond.condition)})"
    raise TypeError(f"not a condition: {cond!r}")


def _grouped(cond: Condition) -> str:
    text = describe_condition(cond)
    return f"({text})" if isinstance(cond, AllOf | AnyOf) and len(cond.conditions) > 1 else text


def describe_step(step: ChannelStep, *, template: bool = True) -> str:
    """Return one channel-plan step in words: `email after 24h if the previous was not opened`."""
    text = step.channel + (f" after {step.delay_hours}h" if step.delay_hours else "")
    if step.only_if != "always":
        text += f" if the previous was not {step.only_if.removeprefix('previous_not_')}"
    return text + (f" ({step.template_key})" if template and step.template_key else "")


def describe_channels(steps: list[ChannelStep]) -> str:
    """Return a channel plan in words: `push, then email after 24h if the previous was not opened`."""
    return ", then ".join(describe_step(step) for step in steps) if steps else "no channels"


def describe_cap(cap: FrequencyCap | None) -> str:
    """Return a frequency cap in words."""
    return "no cap" if cap is None else f"at most {cap.max_sends} per {cap.per_days} day{'s' * (cap.per_days != 1)}"


def describe_channel_caps(caps: dict[Channel, FrequencyCap]) -> str:
    """Return a policy's per-channel caps in words, by channel name: "email at most 1 per 1 day; push at most 2
    per 7 days" (stored specs come back with their keys sorted, so the spec's own order would not last)."""
    return "; ".join(f"{channel} {describe_cap(caps[channel])}" for channel in sorted(caps)) or "no channel caps"


def describe_conversion(metric: ConversionMetric | None) -> str:
    """Return a conversion metric in words."""
    return "none" if metric is None else f"{metric.event} within {metric.window_days} days"


def describe_share(share: float) -> str:
    """Return a share as a percentage that never reads as zero when someone is in it (`<0.1%`, not `0.0%`).

    >>> describe_share(0.0), describe_share(7 / 19_787), describe_share(0.1417)
    ('0.0%', '<0.1%', '14.2%')
    """
    if 0 < share < 0.0005:
        return "<0.1%"
    return f"{share:.1%}"
