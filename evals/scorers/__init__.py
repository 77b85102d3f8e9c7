"""Small scorers, one family per module, each returning named `Score`s."""

from __future__ import annotations

from evals.scorers.score import Score, all_passed, first_failure

__all__ = ["Score", "all_passed", "first_failure"]
