"""The deterministic executor: approved rules in, one decision per user and rule, sends in the outbox.

`run` reads as a list of passes (`run.COMPUTE_STEPS`, then `run.WRITE_STEPS` in one transaction), one small
step per module, like sqlglot's optimizer rules.
"""

from __future__ import annotations

from orchestrator.executor.result import RunResult
from orchestrator.executor.run import STEP_NAMES, run

__all__ = ["STEP_NAMES", "RunResult", "run"]
