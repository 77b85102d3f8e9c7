"""Rank the likely causes of a support change, deterministically, from compare_support's focus-vs-rest rows.

Each hypothesis is grounded in the rows' numbers: a ticket reason whose tickets per 1,000 active users
changed for the focus but not for the rest (difference in differences), a reason that runs higher for the
focus in both periods (a standing difference: a cohort, a market, a product), ticket volume that follows
active users rather than tickets per user, and CSAT that fell where resolution slowed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from agent.support_stats import SLOWER, Z_CRITICAL, change_z, did_z, gap_z, reading
from agent.types import Cause, SupportAsk, SupportDelta
from tools.support_query import ALL_REASONS


@dataclass(frozen=True)
class Pair:
    """The focus's row and the comparison's row for one reason."""

    focus: SupportDelta
    other: SupportDelta

    @property
    def evidence_ids(self) -> list[str]:
        return [self.focus.evidence_id, self.other.evidence_id]


def pairs(rows: list[SupportDelta], focus: str, other: str) -> dict[str, Pair]:
    """Return reason -> the focus's and the comparison's rows."""
    mine = {r.reason: r for r in rows if r.segment == focus}
    theirs = {r.reason: r for r in rows if r.segment == other}
    return {reason: Pair(row, theirs[reason]) for reason, row in mine.items() if reason in theirs}


def per_1k(x: float | None) -> str:
    """Format tickets per 1,000 active users.

    >>> per_1k(12.345), per_1k(None)
    ('12.3', '-')
    """
    return "-" if x is None else f"{x:.1f}"


def csat(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def hours(x: float | None) -> str:
    return "-" if x is None else f"{x:.1f} h"


def people(label: str) -> str:
    """Return a segment's label as people: 'tiktok' is 'tiktok users', 'users with push enabled' stays.

    >>> people("tiktok"), people("users without push enabled")
    ('tiktok users', 'users without push enabled')
    """
    return label if label.startswith("users ") else f"{label} users"


def tickets_of(reason: str) -> str:
    """Name a reason's tickets: 'billing tickets', or 'tickets' for all of them."""
    return "tickets" if reason == ALL_REASONS else f"{reason} tickets"


def _rate_change(pair: Pair, labels: Mapping[str, str]) -> str:
    f, o = pair.focus, pair.other
    return (f"{tickets_of(f.reason)} per 1,000 active {people(labels.get(f.segment, f.segment))} went from "
            f"{per_1k(f.previous_per_1k)} to {per_1k(f.current_per_1k)}, while {labels.get(o.segment, o.segment)} "
            f"went from {per_1k(o.previous_per_1k)} to {per_1k(o.current_per_1k)}")


def _reason_causes(pair: Pair, sign: float, labels: Mapping[str, str]) -> list[tuple[float, Cause]]:
    """A reason that changed for the focus alone, or runs higher for it in both periods."""
    f, o = reading(pair.focus, "tickets"), reading(pair.other, "tickets")
    z = did_z(f, o)
    if sign * z >= Z_CRITICAL and abs(change_z(f)) >= Z_CRITICAL:
        confidence = "high" if sign * z >= 2 * Z_CRITICAL else "medium"
        return [(abs(z) + 10, Cause(rank=0, summary=_rate_change(pair, labels), reason=pair.focus.reason,
                                    evidence_ids=pair.evidence_ids, confidence=confidence))]
    before, now = gap_z(f, o, "previous"), gap_z(f, o, "current")
    if min(before, now) >= Z_CRITICAL:
        name = labels.get(pair.focus.segment, pair.focus.segment)
        text = (f"{tickets_of(pair.focus.reason)} run higher for {name} than for {labels.get(o.segment, o.segment)} in both "
                f"periods ({per_1k(pair.focus.previous_per_1k)} and {per_1k(pair.focus.current_per_1k)} per 1,000 "
                f"active users against {per_1k(pair.other.previous_per_1k)} and {per_1k(pair.other.current_per_1k)}): "
                f"a standing difference of {people(name)} (a cohort, a plan or a product they use), not a change of "
                "this period")
        return [(min(before, now), Cause(rank=0, summary=text, reason=pair.focus.reason,
                                         evidence_ids=pair.evidence_ids, confidence="medium"))]
    return []


def _volume_cause(pair: Pair, labels: Mapping[str, str]) -> list[tuple[float, Cause]]:
    """Tickets that rose (or fell) with active users while tickets per user held."""
    f = pair.focus
    rate = reading(f, "tickets")
    counts_z = (f.current_tickets - f.previous_tickets) / math.sqrt(max(1, f.current_tickets + f.previous_tickets))
    if abs(counts_z) < Z_CRITICAL or abs(change_z(rate)) >= Z_CRITICAL:
        return []
    name = labels.get(f.segment, f.segment)
    text = (f"{name} tickets went from {f.previous_tickets:,} to {f.current_tickets:,} because active users went from "
            f"{f.previous_active:,} to {f.current_active:,}; tickets per 1,000 active users held "
            f"({per_1k(f.previous_per_1k)} to {per_1k(f.current_per_1k)})")
    return [(abs(counts_z), Cause(rank=0, summary=text, reason=None, evidence_ids=[f.evidence_id], confidence="medium"))]


def _slower(pair: Pair) -> bool:
    """Return whether the focus's tickets took clearly longer to resolve: now against before, or against the rest."""
    f, o = reading(pair.focus, "resolution"), reading(pair.other, "resolution")
    return max(change_z(f), gap_z(f, o)) >= Z_CRITICAL


def _csat_cause(pair: Pair, labels: Mapping[str, str]) -> list[tuple[float, Cause]]:
    """CSAT that fell for the focus alone or sits below the rest, tied to slower resolution when it is."""
    f, o = reading(pair.focus, "csat"), reading(pair.other, "csat")
    fell, below = -did_z(f, o), -gap_z(f, o)
    if max(fell, below) < Z_CRITICAL:
        return []
    focus, other = pair.focus, pair.other
    name, rest = labels.get(focus.segment, focus.segment), labels.get(other.segment, other.segment)
    text = (f"mean CSAT of {name}'s resolved {tickets_of(focus.reason)} went from {csat(focus.previous_csat)} to "
            f"{csat(focus.current_csat)} ({rest}: {csat(other.previous_csat)} to {csat(other.current_csat)})")
    slower = _slower(pair)
    if slower:
        text += (f"; they took a median of {hours(focus.previous_median_hours)} then {hours(focus.current_median_hours)} "
                 f"to resolve against {hours(other.previous_median_hours)} then {hours(other.current_median_hours)}, "
                 f"so slower resolution (at least {SLOWER:g}x) is a likely reason")
    return [(max(fell, below) + (5 if slower else 0), Cause(rank=0, summary=text, reason=None if focus.reason == ALL_REASONS
                                                             else focus.reason, evidence_ids=pair.evidence_ids,
                                                             confidence="high" if slower else "medium"))]


def _resolution_cause(pair: Pair, labels: Mapping[str, str]) -> list[tuple[float, Cause]]:
    if not _slower(pair):
        return []
    focus, other = pair.focus, pair.other
    text = (f"{labels.get(focus.segment, focus.segment)}'s tickets took a median of {hours(focus.previous_median_hours)} "
            f"then {hours(focus.current_median_hours)} to resolve ({labels.get(other.segment, other.segment)}: "
            f"{hours(other.previous_median_hours)} then {hours(other.current_median_hours)})")
    return [(Z_CRITICAL, Cause(rank=0, summary=text, evidence_ids=pair.evidence_ids, confidence="low"))]


def rank_support_causes(
    rows: list[SupportDelta], focus: str, other: str, ask: SupportAsk, sign: float, labels: Mapping[str, str]
) -> list[Cause]:
    """Rank the hypotheses for the focus against the comparison; `sign` is +1 when tickets are said to rise
    (or no way is said), -1 when they fell."""
    by_reason = pairs(rows, focus, other)
    reasons = ask.reasons or [r for r in by_reason if r != ALL_REASONS]
    # each hypothesis with the measure it explains, so the one the question asks about ranks first
    scored: list[tuple[str, float, Cause]] = []
    for reason in reasons:
        if reason in by_reason:
            scored += [("tickets", z, c) for z, c in _reason_causes(by_reason[reason], sign, labels)]
    overall = by_reason.get(ALL_REASONS)
    if overall is not None:
        scored += [("tickets", z, c) for z, c in _volume_cause(overall, labels)]
        rated = by_reason.get(ask.reasons[0], overall) if ask.reasons else overall
        scored += [("csat", z, c) for z, c in _csat_cause(rated, labels)]
        if not any(measure == "csat" for measure, _, _ in scored):
            scored += [("resolution", z, c) for z, c in _resolution_cause(overall, labels)]
    weight = {"high": 2.0, "medium": 1.0, "low": 0.0}
    # CSAT tied to slower resolution explains a resolution question too
    asked = {ask.measure} | ({"csat"} if ask.measure == "resolution" else set())
    scored.sort(key=lambda t: (t[0] not in asked, -weight[t[2].confidence], -t[1], t[2].summary))
    return [c.model_copy(update={"rank": i}) for i, (_, _, c) in enumerate(scored, start=1)]
