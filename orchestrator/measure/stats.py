"""Relative lift with a delta-method interval and a Welch t test, as GrowthBook's frequentist engine.

A is the control (holdout), B the treatment:
  Δ = (ȳB − ȳA) / ȳA
  Var(Δ) = sB² / (ȳA² nB) + sA² ȳB² / (ȳA⁴ nA)
  dof = (sB²/nB + sA²/nA)² / (sB⁴/(nB²(nB−1)) + sA⁴/(nA²(nA−1)))
  interval Δ ± t(1−α/2, dof) √Var(Δ);  p = 2 (1 − T_dof(|Δ| / √Var(Δ)))
For a conversion rate p the variance is s² = p (1 − p).
"""

from __future__ import annotations

import math

from pydantic import BaseModel


class Arm(BaseModel):
    """One group's size, conversions and rate."""

    n: int
    conversions: int

    @property
    def rate(self) -> float:
        return self.conversions / self.n if self.n else 0.0

    @property
    def variance(self) -> float:
        return self.rate * (1 - self.rate)


class Lift(BaseModel):
    """Relative lift of B over A with its interval, p-value and degrees of freedom."""

    lift: float
    ci_low: float
    ci_high: float
    p_value: float
    dof: float
    std_error: float


def relative_lift(control: Arm, treatment: Arm, alpha: float = 0.05) -> Lift | None:
    """Return the lift of `treatment` over `control`, or None when it is undefined (tiny arms, zero base)."""
    n_a, n_b = control.n, treatment.n
    mean_a, mean_b = control.rate, treatment.rate
    var_a, var_b = control.variance, treatment.variance
    if n_a < 2 or n_b < 2 or mean_a == 0:
        return None
    lift = (mean_b - mean_a) / mean_a
    var_lift = var_b / (mean_a**2 * n_b) + var_a * mean_b**2 / (mean_a**4 * n_a)
    denominator = var_b**2 / (n_b**2 * (n_b - 1)) + var_a**2 / (n_a**2 * (n_a - 1))
    if var_lift == 0 or denominator == 0:
        return None
    dof = (var_b / n_b + var_a / n_a) ** 2 / denominator
    se = math.sqrt(var_lift)
    from scipy import stats  # imported here: scipy costs ~0.5 s and only measurement needs it

    t_crit = float(stats.t.ppf(1 - alpha / 2, dof))
    p_value = float(2 * (1 - stats.t.cdf(abs(lift) / se, dof)))
    return Lift(
        lift=lift,
        ci_low=lift - t_crit * se,
        ci_high=lift + t_crit * se,
        p_value=p_value,
        dof=dof,
        std_error=se,
    )
