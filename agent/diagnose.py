"""Rank the likely causes of a metric change from funnel and exposure evidence, deterministically.

Both planners share this: the model never ranks causes. Each step (conditional rate: count of the step
over the count of the step before it) and each channel (delivery rate over sends, else send volume) is a
candidate. A candidate's score is the difference-in-differences of the focus segment against the
comparison segment (this period minus the previous one), as a z statistic. Changes that also appear in the
comparison segment, or that are not significant by a two-proportion z-test, rank low or drop out. A channel
whose drop feeds a step that also dropped is linked to that step and ranks first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

from agent.debug_scope_notes import scope_label
from agent.types import Cause, ExposureDelta, FunnelStepDelta

Z_CRITICAL = 1.96
# Fewer sends (or users reaching the step before) than this in either period and a comparison segment's rate says
# nothing: web's push going "from 100.0% to 0.0%" on 1 send then none is no contrast to iOS's collapse.
MIN_COMPARABLE = 30
# Which funnel step a channel's messages are meant to move (lifecycle programs of the demo app).
CHANNEL_FEEDS: dict[str, str] = {
    "push": "workout_completed_2",
    "in_app": "workout_completed_2",
    "email": "pricing_viewed",
    "sms": "subscription_started",
}


@dataclass(frozen=True)
class Change:
    """A proportion (or a rate per unit) in the previous and the current period for one segment."""

    segment: str
    prev: float
    cur: float
    n_prev: float
    n_cur: float
    evidence_ids: tuple[str, ...]
    measure: str = "conversion from the previous step"

    @property
    def delta(self) -> float:
        return self.cur - self.prev

    @property
    def thin(self) -> bool:
        """Too few sends or users in a period for the rate to compare with."""
        return min(self.n_prev, self.n_cur) < MIN_COMPARABLE

    @property
    def variance(self) -> float:
        """Return the variance of `delta` under binomial sampling."""
        return _binomial_var(self.prev, self.n_prev) + _binomial_var(self.cur, self.n_cur)

    @property
    def z(self) -> float:
        """Return the two-proportion z statistic (pooled) of this period against the previous one."""
        return two_proportion_z(self.prev, self.n_prev, self.cur, self.n_cur)


def _binomial_var(p: float, n: float) -> float:
    return p * (1 - p) / n if n > 0 else 0.0


def two_proportion_z(p1: float, n1: float, p2: float, n2: float) -> float:
    """Return the pooled two-proportion z statistic of p2 against p1 (0 when undefined).

    >>> round(two_proportion_z(0.5, 100, 0.3, 100), 2)
    -2.89
    """
    if n1 <= 0 or n2 <= 0:
        return 0.0
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return 0.0 if se == 0 else (p2 - p1) / se


def did_z(focus: Change, comparison: Change | None) -> float:
    """Return the z statistic of the focus change minus the comparison change."""
    if comparison is None:
        return focus.z
    se = math.sqrt(focus.variance + comparison.variance)
    return 0.0 if se == 0 else (focus.delta - comparison.delta) / se


@dataclass(frozen=True)
class Candidate:
    """One step or channel, its change in each segment, and how strongly it separates them."""

    kind: str  # "step" or "channel"
    name: str
    focus: Change
    comparison: Change | None
    score: float  # difference-in-differences z

    @property
    def measure(self) -> str:
        return self.focus.measure

    @property
    def significant_in_focus(self) -> bool:
        return abs(self.focus.z) >= Z_CRITICAL

    @property
    def shared(self) -> bool:
        """The same significant change in the comparison segment, so not specific to the focus."""
        return (
            self.comparison is not None
            and not self.comparison.thin
            and abs(self.comparison.z) >= Z_CRITICAL
            and math.copysign(1, self.comparison.delta) == math.copysign(1, self.focus.delta)
            and abs(self.score) < Z_CRITICAL
        )

    @property
    def evidence_ids(self) -> list[str]:
        ids = list(self.focus.evidence_ids) + list(self.comparison.evidence_ids if self.comparison else ())
        return list(dict.fromkeys(ids))


def step_changes(funnel: list[FunnelStepDelta], segment: str) -> dict[str, Change]:
    """Return each step's conditional rate change (count over the previous step's count) for a segment."""
    rows = [r for r in funnel if r.segment == segment]
    out: dict[str, Change] = {}
    for before, row in pairwise(rows):
        out[row.step] = Change(
            segment=segment,
            prev=_ratio(row.previous_count, before.previous_count),
            cur=_ratio(row.current_count, before.current_count),
            n_prev=before.previous_count,
            n_cur=before.current_count,
            evidence_ids=(before.evidence_id, row.evidence_id),
        )
    return out


def overall_change(funnel: list[FunnelStepDelta], segment: str) -> Change | None:
    """Return the last step over the first step (the metric itself) for a segment."""
    rows = [r for r in funnel if r.segment == segment]
    if len(rows) < 2:
        return None
    first, last = rows[0], rows[-1]
    return Change(
        segment=segment,
        prev=_ratio(last.previous_count, first.previous_count),
        cur=_ratio(last.current_count, first.current_count),
        n_prev=first.previous_count,
        n_cur=first.current_count,
        evidence_ids=(first.evidence_id, last.evidence_id),
    )


def channel_changes(exposure: list[ExposureDelta], segment: str) -> dict[str, Change]:
    """Return each channel's delivery-rate change (or send-volume change) for a segment."""
    by_channel: dict[str, dict[str, ExposureDelta]] = {}
    for row in exposure:
        if row.segment == segment:
            by_channel.setdefault(row.channel, {})[row.metric] = row
    out: dict[str, Change] = {}
    for channel, metrics in by_channel.items():
        sent, rate = metrics.get("sent"), metrics.get("delivery_rate")
        if sent is not None and rate is not None:
            out[channel] = Change(segment, rate.previous, rate.current, sent.previous, sent.current,
                                  (sent.evidence_id, rate.evidence_id), "delivery rate")
        elif sent is not None:
            # Volume only: compare each period's share of both periods' sends (a Poisson split test).
            total = sent.previous + sent.current
            out[channel] = Change(segment, 0.5, _ratio(sent.current, total), total, total, (sent.evidence_id,),
                                  "share of both periods' sends")
    return out


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def candidates(
    funnel: list[FunnelStepDelta], exposure: list[ExposureDelta], focus: str, comparison: str | None
) -> list[Candidate]:
    """Return every step and channel with its difference-in-differences score."""
    out: list[Candidate] = []
    for kind, f_changes, c_changes in (
        ("step", step_changes(funnel, focus), step_changes(funnel, comparison) if comparison else {}),
        ("channel", channel_changes(exposure, focus), channel_changes(exposure, comparison) if comparison else {}),
    ):
        for name, f in f_changes.items():
            c = c_changes.get(name)
            # a comparison too thin to read is left out of the score and said as such (`describe`)
            out.append(Candidate(kind, name, f, c, did_z(f, None if c is not None and c.thin else c)))
    return out


def rank_causes(
    funnel: list[FunnelStepDelta], exposure: list[ExposureDelta], focus: str, comparison: str | None,
    labels: Mapping[str, str] | None = None,
) -> list[Cause]:
    """Rank likely causes of the focus segment's change; empty when the metric did not move. `labels` names
    segments in the summaries ('false' of push_enabled is "users without push enabled")."""
    overall = overall_change(funnel, focus)
    if overall is None or abs(overall.z) < Z_CRITICAL:
        return []
    direction = math.copysign(1, overall.delta)
    cands = [c for c in candidates(funnel, exposure, focus, comparison) if math.copysign(1, c.focus.delta) == direction]
    steps = {c.name: c for c in cands if c.kind == "step"}
    scored: list[tuple[float, str, Cause]] = []
    for cand in cands:
        if not cand.significant_in_focus:
            continue
        linked = steps.get(CHANNEL_FEEDS.get(cand.name, "")) if cand.kind == "channel" else None
        specific = abs(cand.score) >= Z_CRITICAL and not cand.shared
        if specific and linked is not None and abs(linked.score) >= Z_CRITICAL:
            confidence, weight = "high", 3.0
        elif specific:
            confidence, weight = "medium", 2.0
        else:
            confidence, weight = "low", 0.0
        evidence = cand.evidence_ids + (linked.evidence_ids if linked and confidence == "high" else [])
        cause = Cause(
            rank=0,
            summary=describe(cand, linked if confidence == "high" else None, labels),
            step=cand.name if cand.kind == "step" else (linked.name if linked else None),
            channel=cand.name if cand.kind == "channel" else None,
            evidence_ids=list(dict.fromkeys(evidence)),
            confidence=confidence,  # type: ignore[arg-type]
        )
        scored.append((weight * 100 + abs(cand.score), cand.kind + cand.name, cause))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [c.model_copy(update={"rank": i}) for i, (_, _, c) in enumerate(scored, start=1)]


def pct(x: float) -> str:
    """Format a proportion as a percentage with one decimal.

    >>> pct(0.4567)
    '45.7%'
    """
    return f"{x * 100:.1f}%"


def _named(segment: str | None, labels: Mapping[str, str] | None) -> str:
    return (labels or {}).get(segment or "", segment or "")


_SHARED_WORDS = ", so it is not specific to "


def describe(cand: Candidate, linked: Candidate | None, labels: Mapping[str, str] | None = None) -> str:
    """Say what changed for one candidate, citing only numbers from the evidence."""
    label = f"{cand.name} ({cand.measure})"
    focus = _named(cand.focus.segment, labels)
    text = f"{label} for {focus} went from {pct(cand.focus.prev)} to {pct(cand.focus.cur)}"
    if cand.comparison is not None:
        other = _named(cand.comparison.segment, labels)
        if cand.comparison.thin:
            what = f"{cand.name} sends" if cand.kind == "channel" else "users reaching the step before"
            text += (f" ({other} had too few {what} to compare: {cand.comparison.n_prev:,.0f} then "
                     f"{cand.comparison.n_cur:,.0f})")
        elif cand.shared:
            text += (f"; it moved the same way for {other} ({pct(cand.comparison.prev)} to {pct(cand.comparison.cur)})"
                     f"{_SHARED_WORDS}{focus}")
        else:
            text += f", while {other} went from {pct(cand.comparison.prev)} to {pct(cand.comparison.cur)}"
    if linked is not None:
        text += (f"; {cand.name} feeds {linked.name}, whose conversion from the previous step went from "
                 f"{pct(linked.focus.prev)} to {pct(linked.focus.cur)} for {_named(linked.focus.segment, labels)}")
    return text


def summarize(
    metric: str, funnel: list[FunnelStepDelta], focus: str, comparison: str | None, causes: list[Cause],
    labels: Mapping[str, str] | None = None,
) -> str:
    """Write the deterministic summary: the metric's change, then the top causes or 'nothing changed'."""
    overall = overall_change(funnel, focus)
    named = _named(focus, labels)
    if overall is None:
        return f"No {metric} funnel data for {named} in this window, so there is nothing to compare."
    text = f"{metric} for {named} went from {pct(overall.prev)} to {pct(overall.cur)}"
    other = overall_change(funnel, comparison) if comparison else None
    if other is not None:
        text += f" ({_named(comparison, labels)}: {pct(other.prev)} to {pct(other.cur)})"
    if abs(overall.z) < Z_CRITICAL:
        return text + ". That change is not significant, so no cause is named."
    if not causes:
        return text + ". No single step or channel changed significantly in the same direction; see the next checks."
    top = [c for c in causes if c.confidence != "low"][:2]
    if not top:
        if _SHARED_WORDS in causes[0].summary or comparison is None:
            # The cause's own words already say it moved for both segments.
            return text + ". Nothing moved for " + named + " alone: " + causes[0].summary + "."
        # it moved for the focus, but not significantly more than for the comparison
        return (text + f". No step or channel moved significantly more for {named} than for "
                f"{_named(comparison, labels)}; the closest: " + causes[0].summary + ".")
    return text + ". Most likely: " + " Also possible: ".join(c.summary + "." for c in top)


def next_checks(
    causes: list[Cause], focus: str, dimension: str, filters: dict[str, list[str]] | None = None
) -> list[str]:
    """Suggest the checks that would confirm or rule out the top causes (within the comparison's filters)."""
    scope = " and ".join(filter(None, [f"{dimension}={focus}", scope_label(filters or {})]))
    checks: list[str] = []
    for cause in causes[:3]:
        if cause.channel:
            checks.append(f"Break {cause.channel} sends and deliveries for {scope} down by day and app version.")
        if cause.step:
            checks.append(f"Compare users who reached the step before {cause.step} with those who reached it, for {scope}.")
    if not causes:
        checks.append(f"Widen the window or check the data's freshness for {scope} before concluding.")
    return list(dict.fromkeys(checks))


def derived_values(
    funnel: list[FunnelStepDelta], exposure: list[ExposureDelta], focus: str, comparison: str | None
) -> list[float]:
    """Return the rates this module computes from tool counts, so a summary may cite them."""
    values: list[float] = []
    for cand in candidates(funnel, exposure, focus, comparison):
        for change in (cand.focus, cand.comparison):
            if change is not None:
                values += [change.prev, change.cur, change.delta]
    for segment in (focus, comparison):
        overall = overall_change(funnel, segment) if segment else None
        if overall is not None:
            values += [overall.prev, overall.cur, overall.delta]
    return values
