"""Find where a metric's change concentrates when a debug prompt names no segment to explain.

"Which segment is behind the drop?", "where is the conversion drop coming from?", "why did activation fall?":
compare_funnel runs once per catalog dimension (`DebugPlan.survey`), and each value's change in the metric is
set against the other values of its dimension pooled (a difference in differences). The segments are ranked by
that z in the direction asked (either way when none is); a survey makes many comparisons, so the first must
pass a Bonferroni bar to be called the place the change concentrates. The diagnosis then explains that
dimension with that segment as its focus; when none passes, the change is spread and the plan's own dimension
is kept, which the note says.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.debug_focus import Direction
from agent.diagnose import Change, did_z, overall_change, pct
from agent.support_stats import survey_bar
from agent.types import FunnelStepDelta

# Segments named in the note beside the one chosen: enough to show the ranking, few enough to read.
_RANKED_IN_NOTE = 4


@dataclass(frozen=True)
class Concentration:
    """One segment's change in the metric against the rest of its dimension, and its share of the change."""

    dimension: str
    segment: str
    change: Change
    rest: Change
    z: float  # difference-in-differences z: the segment's change minus the rest's
    share: float | None  # of the change in people reaching the last step within the dimension, when one-signed


def _pooled(changes: list[Change], segment: str) -> Change | None:
    """Return the changes of every segment but `segment`, pooled by their counts."""
    others = [c for c in changes if c.segment != segment]
    n_prev, n_cur = sum(c.n_prev for c in others), sum(c.n_cur for c in others)
    if not n_prev or not n_cur:
        return None
    x_prev, x_cur = sum(c.prev * c.n_prev for c in others), sum(c.cur * c.n_cur for c in others)
    return Change("rest", x_prev / n_prev, x_cur / n_cur, n_prev, n_cur, ())


def _lost(change: Change) -> float:
    """Return how many more (or fewer) people reached the last step than the previous rate would have given."""
    return change.n_cur * change.delta


def dimension_concentrations(dimension: str, funnel: list[FunnelStepDelta]) -> list[Concentration]:
    """Return each segment of one dimension's funnel against the rest of that dimension."""
    segments = list(dict.fromkeys(r.segment for r in funnel))
    changes = [c for s in segments for c in [overall_change(funnel, s)] if c is not None]
    total = sum(_lost(c) for c in changes)
    out = []
    for change in changes:
        rest = _pooled(changes, change.segment)
        if rest is None:
            continue
        lost = _lost(change)
        # a share of a one-way change: past 100% when other segments moved the other way, which says nothing
        share = lost / total if total and 0 < lost / total <= 1 else None
        out.append(Concentration(dimension, change.segment, change, rest, did_z(change, rest), share))
    return out


def score(c: Concentration, direction: Direction | None) -> float:
    """Return how strongly the change concentrates in the segment, in the direction asked (its own, when none).

    Both the segment's own change and its difference from the rest must go that way: a segment that held while
    another fell differs from the rest, but nothing concentrates in it.
    """
    sign = {"down": -1.0, "up": 1.0}.get(direction or "", 0.0) or (1.0 if c.z >= 0 else -1.0)
    return min(sign * c.change.z, sign * c.z)


def ranked(found: list[Concentration], direction: Direction | None) -> list[Concentration]:
    """Return the segments where the change concentrates most first."""
    return sorted(found, key=lambda c: -score(c, direction))


def concentrated(order: list[Concentration], direction: Direction | None) -> Concentration | None:
    """Return the first-ranked segment when its change passes the survey's bar (in the direction asked)."""
    if not order:
        return None
    return order[0] if score(order[0], direction) >= survey_bar(len(order)) else None


def _said(c: Concentration) -> str:
    share = f", {c.share:.0%} of the change in its {c.dimension}" if c.share is not None else ""
    return (f"{c.dimension}={c.segment} {pct(c.change.prev)} to {pct(c.change.cur)} (the other {c.dimension} "
            f"values {pct(c.rest.prev)} to {pct(c.rest.cur)}; z={c.z:+.1f}{share})")


def survey_note(
    metric: str, dimensions: list[str], order: list[Concentration], picked: Concentration | None,
    direction: Direction | None, within: str = "",
) -> str:
    """Say which dimensions were surveyed, where the change concentrates (ranked), and what the diagnosis explains."""
    # only segments that moved the way asked are ranked; with none, the one that moved most says so
    moving = [c for c in order if score(c, direction) > 0] or order[:1]
    listed = "; ".join(_said(c) for c in moving[:_RANKED_IN_NOTE])
    among = f" among users with {within}" if within else ""
    head = (f"The prompt names no segment{among} to explain, so {metric}'s change{among} was compared across every "
            f"segment dimension ({', '.join(dimensions)}), each value against the other values of its dimension. ")
    if picked is not None:
        return (head + f"It concentrates in {picked.dimension}={picked.segment}, beyond what a survey of "
                f"{len(order)} segments would show by chance, so the diagnosis explains that segment. Ranked: {listed}.")
    return (head + f"No segment's change stands out beyond what a survey of {len(order)} segments would show by "
            f"chance: the change is spread across them. Ranked: {listed}.")
