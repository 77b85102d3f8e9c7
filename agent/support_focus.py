"""Choose the segment and ticket reason a support diagnosis explains when the prompt names no segment.

"Which source is behind the rise in bug tickets?" surveys every source. The focus is the segment whose
measure (tickets per active user, mean CSAT, hours to resolve) changed most against the rest of the survey
in the direction asked; a survey makes many comparisons, so a change must pass a Bonferroni bar. When no
segment's change passes it, the focus is the segment that stands out most from the rest over both periods
(a standing difference: a cohort, a market, a product), and when none does either, the one that
moved most; the note says which basis chose it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from agent.debug_focus import Direction
from agent.support_stats import Reading, did_z, gap_z, reading, survey_bar
from agent.types import SupportAsk, SupportDelta, SupportMeasure
from tools.support_query import ALL_REASONS

Basis = Literal["moved", "stands out", "moved most"]
# Which way is worse for each measure: more tickets, lower CSAT, longer resolution.
WORSE: dict[SupportMeasure, float] = {"tickets": 1.0, "csat": -1.0, "resolution": 1.0}


@dataclass(frozen=True)
class FocusChoice:
    segment: str
    reason: str
    basis: Basis
    z: float


def pooled(rows: list[SupportDelta], segment: str, reason: str, measure: SupportMeasure) -> Reading | None:
    """Return the reading of every surveyed segment but `segment`, pooled, for one reason."""
    others = [reading(r, measure) for r in rows if r.segment != segment and r.reason == reason]
    if not others:
        return None
    if measure == "tickets":
        n_prev, n_cur = sum(o.n_prev for o in others), sum(o.n_cur for o in others)
        x_prev, x_cur = sum(o.x_prev for o in others), sum(o.x_cur for o in others)
        return Reading("rest", reason, measure, x_prev / n_prev if n_prev else None, x_cur / n_cur if n_cur else None,
                       n_prev, n_cur, x_prev, x_cur)
    prev, n_prev, sd_prev = _pooled_mean([(o.prev, o.n_prev, o.x_prev) for o in others])
    cur, n_cur, sd_cur = _pooled_mean([(o.cur, o.n_cur, o.x_cur) for o in others])
    return Reading("rest", reason, measure, prev, cur, n_prev, n_cur, sd_prev, sd_cur)


def _pooled_mean(parts: list[tuple[float | None, float, float]]) -> tuple[float | None, float, float]:
    """Return the mean, count and standard deviation of groups given as (mean, count, sd)."""
    kept = [(m, n, sd) for m, n, sd in parts if m is not None and n > 0]
    total = sum(n for _, n, _ in kept)
    if not total:
        return None, 0.0, 0.0
    mean = sum(m * n for m, n, _ in kept) / total
    spread = sum((n - 1) * sd**2 + n * (m - mean) ** 2 for m, n, sd in kept)
    return mean, total, math.sqrt(spread / (total - 1)) if total > 1 else 0.0


def _reasons(rows: list[SupportDelta], ask: SupportAsk) -> list[str]:
    if ask.reasons:
        return ask.reasons
    return [ALL_REASONS, *dict.fromkeys(r.reason for r in rows if r.reason != ALL_REASONS)]


def pick_support_focus(
    rows: list[SupportDelta], segments: list[str], ask: SupportAsk, direction: Direction | None
) -> FocusChoice:
    """Return the segment (and reason) a survey's diagnosis should explain, and on what basis."""
    sign = {"up": 1.0, "down": -1.0}.get(direction or "", 0.0)
    worse = WORSE[ask.measure]
    moved: list[FocusChoice] = []
    standing: list[FocusChoice] = []
    for segment in segments:
        for reason in _reasons(rows, ask):
            own = next((r for r in rows if r.segment == segment and r.reason == reason), None)
            rest = pooled(rows, segment, reason, ask.measure)
            if own is None or rest is None:
                continue
            focus = reading(own, ask.measure)
            z = did_z(focus, rest)
            moved.append(FocusChoice(segment, reason, "moved", sign * z if sign else abs(z)))
            # a standing difference holds in both periods: their gaps combined (Stouffer)
            level = (gap_z(focus, rest, "previous") + gap_z(focus, rest)) / math.sqrt(2)
            standing.append(FocusChoice(segment, reason, "stands out", worse * level))
    if not moved:
        return FocusChoice(segments[0], (ask.reasons or [ALL_REASONS])[0], "moved most", 0.0)
    bar = survey_bar(len(moved))
    best_moved = max(moved, key=lambda c: c.z)
    if best_moved.z >= bar:
        return best_moved
    best_standing = max(standing, key=lambda c: c.z)
    if best_standing.z >= bar:
        return best_standing
    return FocusChoice(best_moved.segment, best_moved.reason, "moved most", best_moved.z)


def support_focus_note(dimension: str, choice: FocusChoice, measure_words: str) -> str:
    """Say how the survey chose the focus."""
    reason = "" if choice.reason == ALL_REASONS else f" ({choice.reason} tickets)"
    why = {
        "moved": f"whose {measure_words}{reason} changed most against the other values, beyond what a survey of "
                 "every value would show by chance",
        "stands out": f"whose {measure_words}{reason} stands out most from the other values over both periods; no "
                      f"{dimension}'s change passed the bar a survey of every value needs, so this is a standing "
                      "difference rather than this period's change",
        "moved most": f"whose {measure_words}{reason} moved most, though no {dimension} changed or stood out more "
                      "than a survey of every value would show by chance",
    }[choice.basis]
    return (f"The prompt names no {dimension} to explain, so the diagnosis surveyed every value and focuses on "
            f"{choice.segment}, {why}; it is compared with every other {dimension} pooled.")
