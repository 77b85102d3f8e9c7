"""The tests a support diagnosis reads its numbers with: ticket rates (Poisson), mean CSAT (Welch), and a survey's bar.

A measure of one segment and reason in two periods (or of two segments in one period) is a `Reading`;
rates are tickets per active user, and the tool reports them per 1,000.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import norm

from agent.types import SupportDelta, SupportMeasure

Z_CRITICAL = 1.96
MIN_RESOLVED = 5  # fewer resolved tickets than this make a median too noisy to call a change
SLOWER = 1.5  # a median this many times the other is a change in resolution worth naming


@dataclass(frozen=True)
class Reading:
    """One measure in the previous and the current period for a segment and reason, with what a test needs."""

    segment: str
    reason: str
    measure: SupportMeasure
    prev: float | None
    cur: float | None
    n_prev: float  # active users (tickets), rated tickets (CSAT), resolved tickets (resolution)
    n_cur: float
    x_prev: float = 0.0  # tickets (for rates) or CSAT standard deviation (for means)
    x_cur: float = 0.0

    @property
    def delta(self) -> float | None:
        return None if self.prev is None or self.cur is None else self.cur - self.prev


def rate_z(x1: float, n1: float, x2: float, n2: float) -> float:
    """Return the z statistic of the rate x2/n2 against x1/n1 under a pooled Poisson rate (0 when undefined).

    >>> round(rate_z(10, 1000, 30, 1000), 2)
    3.16
    """
    if n1 <= 0 or n2 <= 0 or x1 + x2 <= 0:
        return 0.0
    pooled = (x1 + x2) / (n1 + n2)
    return (x2 / n2 - x1 / n1) / math.sqrt(pooled * (1 / n1 + 1 / n2))


def mean_z(m1: float | None, sd1: float, n1: float, m2: float | None, sd2: float, n2: float) -> float:
    """Return Welch's z of the mean m2 against m1 (0 when either side has fewer than two ratings).

    >>> round(mean_z(4.0, 1.0, 50, 3.0, 1.0, 50), 2)
    -5.0
    """
    if m1 is None or m2 is None or n1 < 2 or n2 < 2:
        return 0.0
    se = math.sqrt(sd1**2 / n1 + sd2**2 / n2)
    return 0.0 if se == 0 else (m2 - m1) / se


def survey_bar(comparisons: int) -> float:
    """Return the z a survey of this many comparisons must reach (Bonferroni at 5% two-sided), never below 1.96.

    >>> round(survey_bar(1), 2), round(survey_bar(6), 2)
    (1.96, 2.64)
    """
    return max(Z_CRITICAL, float(norm.ppf(1 - 0.025 / max(1, comparisons))))


def reading(row: SupportDelta, measure: SupportMeasure) -> Reading:
    """Return a row's reading of one measure."""
    if measure == "tickets":
        return Reading(row.segment, row.reason, measure, _per_user(row.previous_tickets, row.previous_active),
                       _per_user(row.current_tickets, row.current_active), row.previous_active, row.current_active,
                       row.previous_tickets, row.current_tickets)
    if measure == "csat":
        return Reading(row.segment, row.reason, measure, row.previous_csat, row.current_csat, row.previous_rated,
                       row.current_rated, row.previous_csat_sd or 0.0, row.current_csat_sd or 0.0)
    return Reading(row.segment, row.reason, measure, row.previous_median_hours, row.current_median_hours,
                   row.previous_resolved, row.current_resolved)


def _per_user(tickets: int, active: int) -> float | None:
    return tickets / active if active else None


def change_z(r: Reading) -> float:
    """Return the z of a reading's change from the previous period to the current one."""
    if r.measure == "tickets":
        return rate_z(r.x_prev, r.n_prev, r.x_cur, r.n_cur)
    if r.measure == "csat":
        return mean_z(r.prev, r.x_prev, r.n_prev, r.cur, r.x_cur, r.n_cur)
    return _ratio_score(r.prev, r.n_prev, r.cur, r.n_cur)


def gap_z(focus: Reading, other: Reading, period: str = "current") -> float:
    """Return the z of the focus against another segment in one period (positive: the focus is higher)."""
    pick = (lambda r: (r.cur, r.n_cur, r.x_cur)) if period == "current" else (lambda r: (r.prev, r.n_prev, r.x_prev))
    (fv, fn, fx), (ov, on, ox) = pick(focus), pick(other)
    if focus.measure == "tickets":
        return rate_z(ox, on, fx, fn)
    if focus.measure == "csat":
        return mean_z(ov, ox, on, fv, fx, fn)
    return _ratio_score(ov, on, fv, fn)


def _change_variance(r: Reading) -> float:
    """Return the variance of a reading's change (Poisson counts for rates, sd^2/n for means)."""
    if r.measure == "tickets":
        return sum(x / n**2 for x, n in ((r.x_prev, r.n_prev), (r.x_cur, r.n_cur)) if n > 0)
    return sum(sd**2 / n for sd, n in ((r.x_prev, r.n_prev), (r.x_cur, r.n_cur)) if n > 0)


def did_z(focus: Reading, other: Reading) -> float:
    """Return the z of the focus's change minus the other's (difference in differences)."""
    if focus.measure == "resolution":
        return change_z(focus) - change_z(other)
    if focus.delta is None or other.delta is None:
        return 0.0
    se = math.sqrt(_change_variance(focus) + _change_variance(other))
    return 0.0 if se == 0 else (focus.delta - other.delta) / se


def _ratio_score(a: float | None, n_a: float, b: float | None, n_b: float) -> float:
    """Score a change of median hours: +-1.96 at the ratio `SLOWER`, 0 when either side is too thin to read."""
    if a is None or b is None or n_a < MIN_RESOLVED or n_b < MIN_RESOLVED or a <= 0 or b <= 0:
        return 0.0
    return Z_CRITICAL * math.log(b / a) / math.log(SLOWER)
