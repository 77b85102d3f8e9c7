"""The eval report: case results, per-family rates against their bars, pass^k, and its rich rendering."""

from __future__ import annotations

from math import comb
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field
from rich.console import Console
from rich.table import Table
from rich.text import Text

from evals.scorers.score import Score, first_failure
from warehouse.errors import InputError

BARS_PATH = Path(__file__).with_name("bars.yaml")
TRAJECTORY = "trajectory"


class RunOutcome(BaseModel):
    """One attempt at one case."""

    passed: bool
    scores: list[Score]
    trajectory: Score | None = None
    intent: str | None = None
    error: str | None = None
    answer: dict[str, Any] | None = Field(None, description="what the agent produced, for reading failures")
    model_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    seconds: float = 0.0


class CaseResult(BaseModel):
    id: str
    family: str
    prompt: str
    known_failure: bool = False
    known_reason: str | None = None
    runs: list[RunOutcome]

    @property
    def successes(self) -> int:
        return sum(r.passed for r in self.runs)

    @property
    def passed(self) -> bool:
        """A case passes when every attempt passed (pass^n over its n runs)."""
        return bool(self.runs) and self.successes == len(self.runs)

    def reason(self) -> str:
        """Return the first failing score of the first failed attempt."""
        for run in self.runs:
            if not run.passed:
                if run.error:
                    return f"error: {run.error}"
                return first_failure(run.scores) or "failed"
        return ""

    def summary(self) -> dict[str, Any]:
        """Return the JSON form of one case for dashboards."""
        runs = self.runs
        return {
            "id": self.id, "family": self.family, "prompt": self.prompt, "passed": self.passed,
            "known_failure": self.known_failure, "known_reason": self.known_reason, "reason": self.reason(),
            "runs": len(runs), "successes": self.successes,
            "trajectory_passed": all(r.trajectory.passed for r in runs if r.trajectory) if runs else None,
            "model_calls": sum(r.model_calls for r in runs), "input_tokens": sum(r.input_tokens for r in runs),
            "output_tokens": sum(r.output_tokens for r in runs), "seconds": round(sum(r.seconds for r in runs), 3),
            "intent": runs[-1].intent if runs else None,
            "scores": [s.model_dump() for s in runs[-1].scores] if runs else [],
            "trajectory": runs[-1].trajectory.model_dump() if runs and runs[-1].trajectory else None,
            "answer": runs[-1].answer if runs else None,
        }


class FamilyResult(BaseModel):
    cases: int
    passed: int
    rate: float
    bar: float | None
    meets_bar: bool
    pass_1: float
    pass_k: float
    known_failures: list[str] = Field(default_factory=list)


class Report(BaseModel):
    model: str
    repeat: int
    wall_seconds: float
    families: dict[str, FamilyResult]
    cases: list[dict[str, Any]]

    @property
    def below_bar(self) -> list[str]:
        return [name for name, f in self.families.items() if not f.meets_bar]


def pass_hat_k(successes: list[int], n: int, k: int) -> float:
    """tau-bench pass^k: the mean over cases of C(c, k) / C(n, k) for c successes in n runs.

    >>> pass_hat_k([3, 2, 0], n=3, k=1), round(pass_hat_k([3, 2, 0], n=3, k=2), 4)
    (0.5556, 0.4444)
    """
    if not successes or k < 1 or k > n:
        return 0.0
    return round(sum(comb(c, k) / comb(n, k) for c in successes) / len(successes), 4)


def load_bars(path: Path = BARS_PATH) -> dict[str, float]:
    """Read the per-family pass-rate bars."""
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the bars: {exc}", where=str(path), accepted="family: rate (0..1)") from exc
    bars = data.get("bars", data)
    if not isinstance(bars, dict) or not all(isinstance(v, int | float) and 0 <= v <= 1 for v in bars.values()):
        raise InputError("bars must map family names to rates in 0..1", where=str(path), accepted="eligibility: 0.8")
    return {str(k): float(v) for k, v in bars.items()}


def _family(results: list[tuple[str, bool, int]], n: int, k: int, bar: float | None) -> FamilyResult:
    """Aggregate (id, passed, successes) rows; known failures count as failures."""
    passed = sum(p for _, p, _ in results)
    rate = round(passed / len(results), 4) if results else 0.0
    return FamilyResult(
        cases=len(results), passed=passed, rate=rate, bar=bar, meets_bar=bar is None or rate >= bar,
        pass_1=pass_hat_k([c for _, _, c in results], n, 1), pass_k=pass_hat_k([c for _, _, c in results], n, k),
    )


def build_report(cases: list[CaseResult], *, model: str, repeat: int, wall_seconds: float,
                 bars: dict[str, float]) -> Report:
    """Aggregate case results into families (plus the trajectory family across all cases)."""
    families: dict[str, FamilyResult] = {}
    for name in dict.fromkeys(c.family for c in cases):
        members = [c for c in cases if c.family == name]
        fam = _family([(c.id, c.passed, c.successes) for c in members], repeat, repeat, bars.get(name))
        fam.known_failures = [c.id for c in members if c.known_failure]
        families[name] = fam
    traj = [
        (c.id, all(r.trajectory.passed for r in c.runs if r.trajectory), sum(bool(r.trajectory and r.trajectory.passed) for r in c.runs))
        for c in cases if any(r.trajectory for r in c.runs)
    ]
    if traj:
        families[TRAJECTORY] = _family(traj, repeat, repeat, bars.get(TRAJECTORY))
    return Report(model=model, repeat=repeat, wall_seconds=round(wall_seconds, 2), families=families,
                  cases=[c.summary() for c in cases])


def _bar(rate: float, width: int = 10) -> str:
    filled = round(rate * width)
    return "█" * filled + "░" * (width - filled)


def render(report: Report, console: Console) -> None:
    """Print the family table, the failures with their reasons and prompts, and per-case usage.

    Model names, families, case ids, prompts and failure reasons come from flags and dataset files: they are
    shown as typed (`Text`), never read as rich markup.
    """
    table = Table(title=Text(f"mcc eval · model {report.model} · repeat {report.repeat} · {report.wall_seconds:.1f}s"))
    repeated = report.repeat > 1  # pass^k only says something new when cases ran more than once
    for col in ("family", "cases", "passed", "rate", "", "bar", "pass^1", *([f"pass^{report.repeat}"] if repeated else []), "known"):
        table.add_column(col, justify="left" if col in ("family", "") else "right")
    usage = Table(title="per case (mean)")
    for col in ("family", "model calls", "tokens", "seconds"):
        usage.add_column(col, justify="left" if col == "family" else "right")
    for name, f in report.families.items():
        style = "green" if f.meets_bar else "red"
        table.add_row(Text(name), str(f.cases), str(f.passed), Text(f"{f.rate:.0%}", style=style), _bar(f.rate),
                      "-" if f.bar is None else f"{f.bar:.0%}", f"{f.pass_1:.2f}",
                      *([f"{f.pass_k:.2f}"] if repeated else []), str(len(f.known_failures)))
        members = [c for c in report.cases if c["family"] == name]
        if members:
            n = len(members)
            usage.add_row(Text(name), f"{sum(c['model_calls'] for c in members) / n:.1f}",
                          f"{sum(c['input_tokens'] + c['output_tokens'] for c in members) / n:.0f}",
                          f"{sum(c['seconds'] for c in members) / n:.2f}")
    console.print(table)
    console.print(usage)
    failures = [c for c in report.cases if not c["passed"]]
    if failures:
        fail_table = Table(title=f"{len(failures)} failing case(s)", show_lines=False)
        for col in ("family", "case", "known", "reason", "prompt"):
            fail_table.add_column(col, overflow="fold")
        for c in failures:
            fail_table.add_row(*(Text(cell) for cell in (c["family"], c["id"], "known" if c["known_failure"] else "",
                                                          c["reason"][:160], c["prompt"][:90])))
        console.print(fail_table)
    fixed = [c["id"] for c in report.cases if c["known_failure"] and c["passed"]]
    if fixed:
        console.print(Text.assemble(("known failures that now pass (remove their known_failure mark):", "green"), " ",
                                    ", ".join(fixed)))
    calls = sum(c["model_calls"] for c in report.cases)
    tokens = sum(c["input_tokens"] + c["output_tokens"] for c in report.cases)
    n = max(len(report.cases), 1)
    console.print(f"model calls {calls} ({calls / n:.1f}/case), tokens {tokens} ({tokens / n:.0f}/case), "
                  f"wall time {report.wall_seconds:.1f}s")
    for name in report.below_bar:
        f = report.families[name]
        console.print(Text(f"{name}: {f.rate:.0%} is under its bar {f.bar:.0%}", style="red"))
