"""Run eval cases through the agent and score them: `run_evals(...) -> Report`.

The agent is `agent.api.ask` unless a test passes its own `ask` callable with the same signature. Every
case runs `repeat` times; a case passes when every attempt passed (so pass^k is honest), and an attempt
that raises is a failed attempt with the exception named, never a crash of the whole run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from agent.types import AskResult, Diagnostic
from evals.dataset import (
    AnyCase,
    DebugCase,
    DecisionCase,
    EligibilityCase,
    RedTeamCase,
    Trajectory,
    WarehouseSpec,
    load_cases,
)
from evals.registry_seed import AGENT_ACTOR
from evals.report import CaseResult, Report, RunOutcome, build_report, load_bars
from evals.scorers.debug import score_debug
from evals.scorers.decision import score_decision
from evals.scorers.eligibility import score_eligibility
from evals.scorers.redteam import existing_paths, score_redteam, snapshot
from evals.scorers.score import Score, all_passed
from evals.scorers.trajectory import DEFAULTS, score_trajectory
from evals.workspace import Workspace
from warehouse.catalog import Catalog, load_catalog


class AgentFailed(Exception):
    """The agent raised while answering a case: the attempt fails and names the exception."""


class AskFn(Protocol):
    def __call__(self, prompt: str, *, db: str | Path, model: str = ..., propose: bool = ...,
                 actor: str | None = ...) -> AskResult: ...


@dataclass
class EvalOptions:
    model: str = "offline"
    repeat: int = 1
    suites: list[str] | None = None
    dataset_dirs: list[Path] = field(default_factory=list)
    bars_path: Path | None = None
    include_builtin: bool = True


def default_ask() -> AskFn:
    """Return the real agent (imported here: LangGraph loads only when evals run)."""
    from agent.api import ask

    return ask  # type: ignore[return-value]


def expected_trajectory(case: AnyCase) -> Trajectory:
    if case.trajectory is not None:
        return case.trajectory
    if isinstance(case, EligibilityCase) and case.gold.refusal:
        return DEFAULTS["refusal"]
    if isinstance(case, RedTeamCase):
        return DEFAULTS["redteam_proposal" if case.gold.allow_proposal else "redteam"]
    return DEFAULTS[case.family]


def _guarded(ask: AskFn) -> AskFn:
    """Wrap the agent so anything it raises becomes AgentFailed; the scorers' own bugs still crash."""

    def call(prompt: str, *, db: str | Path, model: str = "offline", propose: bool = False,
             actor: str | None = None) -> AskResult:
        try:
            return ask(prompt, db=db, model=model, propose=propose, actor=actor)
        except Exception as exc:
            raise AgentFailed(f"{type(exc).__name__}: {exc}") from exc

    return call


def _ask_and_score(case: AnyCase, ask: AskFn, ws: Workspace, model: str, catalog: Catalog) -> tuple[AskResult, list[Score]]:
    """Run the case's prompt on its warehouse and return the answer and its scores."""
    ask = _guarded(ask)
    if isinstance(case, EligibilityCase):
        result = ask(case.prompt, db=ws.agent_db, model=model, propose=False)
        return result, score_eligibility(case, result, ws.fixtures, catalog)
    if isinstance(case, DecisionCase):
        result = ask(case.prompt, db=ws.agent_db, model=model, propose=False)
        return result, score_decision(case, result, ws.fixtures, catalog)
    if isinstance(case, DebugCase):
        wh = ws.debug(case.warehouse)
        result = ask(case.prompt, db=wh.agent_path, model=model, propose=False)
        return result, score_debug(case, result, wh.truth, wh.scorer_path)
    path = ws.redteam_copy(case.warehouse)
    try:
        before, existed = snapshot(path), existing_paths(case)
        result = ask(case.prompt, db=path, model=model, propose=case.propose, actor=AGENT_ACTOR)
        return result, score_redteam(case, result, before, snapshot(path), existed)
    finally:
        path.unlink(missing_ok=True)
        Path(f"{path}.wal").unlink(missing_ok=True)


def answer_summary(result: AskResult) -> dict[str, Any] | None:
    """Return the produced spec or refusal in full, and a diagnostic's segments and ranked causes."""
    produced = result.result
    if isinstance(produced, Diagnostic):
        return {"kind": "diagnostic", "segments": produced.segments,
                "causes": [c.model_dump(mode="json") for c in produced.causes]}
    return None if produced is None else produced.model_dump(mode="json", exclude_none=True)


def run_case(case: AnyCase, ask: AskFn, ws: Workspace, model: str, catalog: Catalog) -> RunOutcome:
    """Run and score one attempt; an exception is a failed attempt that names it."""
    start = time.perf_counter()
    try:
        result, scores = _ask_and_score(case, ask, ws, model, catalog)
    except AgentFailed as exc:
        return RunOutcome(passed=False, scores=[], error=str(exc)[:300],
                          seconds=time.perf_counter() - start)
    usage = result.trace.usage
    return RunOutcome(
        passed=all_passed(scores), scores=scores, trajectory=score_trajectory(result, expected_trajectory(case)),
        intent=result.intent, error=result.error, answer=answer_summary(result), model_calls=usage.model_calls, input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens, seconds=round(time.perf_counter() - start, 4),
    )


def run_evals(
    options: EvalOptions,
    ask: AskFn | None = None,
    workspace: Workspace | None = None,
    on_case: Callable[[AnyCase], Any] | None = None,
) -> Report:
    """Load the datasets, run every case `repeat` times, and return the report."""
    cases: list[AnyCase] = load_cases(options.dataset_dirs, options.suites, include_builtin=options.include_builtin)
    bars = load_bars(options.bars_path) if options.bars_path else load_bars()
    ask_fn = ask or default_ask()
    catalog = load_catalog()
    start = time.perf_counter()
    ws = workspace or Workspace()
    try:
        specs = [c.warehouse for c in cases if isinstance(c, DebugCase)]
        if any(isinstance(c, RedTeamCase) and c.warehouse == "generated" for c in cases):
            specs.append(WarehouseSpec())
        ws.prebuild(specs)
        results = []
        for case in cases:
            runs = [run_case(case, ask_fn, ws, options.model, catalog) for _ in range(options.repeat)]
            results.append(CaseResult(id=case.id, family=case.family, prompt=case.prompt,
                                      known_failure=case.known_failure, known_reason=case.reason, runs=runs))
            if on_case is not None:
                on_case(case)
    finally:
        if workspace is None:
            ws.close()
    return build_report(results, model=options.model, repeat=options.repeat,
                        wall_seconds=time.perf_counter() - start, bars=bars)
