"""Build a support Diagnostic: the focus against the rest, step by step, ranked hypotheses and next checks.

The steps read as an analyst walks them: active users, tickets, tickets per 1,000 active users (overall
and by reason), then the tickets resolved, their median hours to resolve and their mean CSAT.
"""

from __future__ import annotations

from collections.abc import Mapping

from agent.debug_focus import Direction
from agent.debug_scope_notes import scope_label
from agent.support_causes import csat, hours, pairs, people, per_1k, tickets_of
from agent.support_stats import Z_CRITICAL, change_z, reading
from agent.types import Cause, SupportAsk, SupportDelta, SupportMeasure
from tools.support_query import ALL_REASONS, REST

MEASURE_WORDS: dict[SupportMeasure, str] = {
    "tickets": "tickets per 1,000 active users",
    "csat": "mean CSAT",
    "resolution": "median hours to resolve",
}


def rest_label(dimension: str, rest: list[str]) -> str:
    """Name the pooled comparison: 'the other utm_source values (organic, google)'."""
    return f"the other {dimension} values ({', '.join(rest)})" if rest else f"the other {dimension} values"


def support_labels(base: Mapping[str, str], dimension: str, rest: list[str]) -> dict[str, str]:
    """Return the segment labels with `rest` named by what it pools."""
    return {**base, REST: rest_label(dimension, rest)}


def _measure_line(row: SupportDelta, measure: SupportMeasure) -> str:
    if measure == "csat":
        return f"{csat(row.previous_csat)} to {csat(row.current_csat)}"
    if measure == "resolution":
        return f"{hours(row.previous_median_hours)} to {hours(row.current_median_hours)}"
    return f"{per_1k(row.previous_per_1k)} to {per_1k(row.current_per_1k)}"


def premise_note(row: SupportDelta, measure: SupportMeasure, direction: Direction | None, name: str) -> str:
    """Return a sentence when the data show the focus's measure moving against the question, else ''."""
    z = change_z(reading(row, measure))
    if direction is None or abs(z) < Z_CRITICAL or (z < 0) == (direction == "down"):
        return ""
    said, seen = ("fell", "rose") if direction == "down" else ("rose", "fell")
    return f"The question says {MEASURE_WORDS[measure]} {said} for {name}, but the data show it {seen}: "


def overall_line(rows: list[SupportDelta], reason: str) -> str:
    """Say how tickets moved across everyone compared (the focus and the rest together), '' without a rest."""
    picked = [r for r in rows if r.reason == reason]
    if not any(r.segment == REST for r in picked):
        return ""
    what = tickets_of(reason)
    tickets = [sum(r.previous_tickets for r in picked), sum(r.current_tickets for r in picked)]
    active = [sum(r.previous_active for r in picked), sum(r.current_active for r in picked)]
    rates = [per_1k(1000 * t / a if a else None) for t, a in zip(tickets, active, strict=True)]
    return (f"Across everyone compared, {what} went from {tickets[0]:,} to {tickets[1]:,} as active users went from "
            f"{active[0]:,} to {active[1]:,} ({rates[0]} to {rates[1]} per 1,000). ")


def support_summary(
    rows: list[SupportDelta], focus: str, other: str, ask: SupportAsk, causes: list[Cause], labels: Mapping[str, str],
) -> str:
    """Write the deterministic summary: the focus's measure against the comparison's, then the top hypotheses."""
    reason = ask.reasons[0] if ask.reasons else ALL_REASONS
    by_reason = pairs(rows, focus, other)
    pair = by_reason.get(reason) or by_reason.get(ALL_REASONS)
    name = labels.get(focus, focus)
    if pair is None:
        return f"No support data for {name} in this window, so there is nothing to compare."
    what = MEASURE_WORDS[ask.measure] if reason == ALL_REASONS else f"{reason} {MEASURE_WORDS[ask.measure]}"
    text = overall_line(rows, pair.focus.reason) + (
        f"{what[:1].upper() + what[1:]} for {people(name)} went from {_measure_line(pair.focus, ask.measure)} "
        f"({labels.get(other, other)}: {_measure_line(pair.other, ask.measure)})")
    if not causes:
        return text + ". No reason, volume, CSAT or resolution change stands out for them; see the next checks."
    top = [c for c in causes if c.confidence != "low"][:2] or causes[:1]
    return text + ". Most likely: " + " Also possible: ".join(c.summary + "." for c in top)


def support_next_checks(causes: list[Cause], focus: str, dimension: str, filters: dict[str, list[str]]) -> list[str]:
    """Suggest the checks that would confirm or rule out the top hypotheses (within the comparison's filters)."""
    scope = " and ".join(filter(None, [f"{dimension}={focus}", scope_label(filters)]))
    checks: list[str] = []
    for cause in causes[:3]:
        what = f"{cause.reason} tickets" if cause.reason else "tickets"
        if "standing difference" in cause.summary:
            checks.append(f"Break {what} for {scope} down by signup week: a cohort acquired at one time shows as one week.")
        elif cause.reason:
            checks.append(f"Count {what} for {scope} by day: a release, price or billing change shows as a step on its day.")
            checks.append(f"Read a sample of {what}' text for {scope} (returned as data) to see what they are about.")
        if "resolve" in cause.summary:
            checks.append(f"Compare hours to resolve for {scope} by reason and by day: a queue or staffing change shows by day.")
        if "active users went from" in cause.summary:
            checks.append(f"Check what brought more active users for {scope} (a campaign or a release) before reading "
                          "ticket volume as a support problem.")
    if not causes:
        checks.append(f"Widen the window or check the data's freshness for {scope} before concluding.")
    return list(dict.fromkeys(checks))
