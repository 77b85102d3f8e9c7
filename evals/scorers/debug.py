"""Score a debug answer: the top-ranked cause against the planted ground truth, and every number traced
to a tool result (each evidence id has its SQL; the cited SQL reruns to the reported numbers)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import duckdb

from agent.types import AskResult, Cause, Diagnostic
from evals.dataset import DebugCase
from evals.scorers.score import Score

TRUTH_SQL = (
    "SELECT scenario_id, kind, segment, funnel_step, channel, is_red_herring, cause FROM mcc.scenarios "
    "ORDER BY scenario_id"
)
SUPPORT_METRIC = "support_tickets"
# the support rows' numbers a summary may cite, and the counts their evidence SQL must return again
SUPPORT_VALUES = ("previous_active", "current_active", "previous_tickets", "current_tickets", "ticket_delta",
                  "previous_per_1k", "current_per_1k", "per_1k_delta", "previous_resolved", "current_resolved",
                  "previous_median_hours", "current_median_hours", "median_hours_delta", "previous_csat",
                  "current_csat", "csat_delta")
SUPPORT_COUNTS = ("previous_active", "current_active", "previous_tickets", "current_tickets")


@dataclass(frozen=True)
class Truth:
    """One planted row of `mcc.scenarios`."""

    scenario_id: str
    kind: str
    segment: str | None
    funnel_step: str | None
    channel: str | None
    is_red_herring: bool
    cause: str | None = None  # the planted cause in words ("billing issues": a support cohort's ticket reason)


def read_truth(path: Path) -> list[Truth]:
    """Read the planted ground truth of a generated warehouse."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [Truth(*row) for row in con.execute(TRUTH_SQL).fetchall()]
    finally:
        con.close()


def gold_for(case: DebugCase, truths: list[Truth]) -> Truth | None:
    """Return the case's gold: the non-red-herring row of its scenario, or the case's explicit values."""
    gold = case.gold
    if not gold.from_scenarios:
        return Truth(gold.scenario, "cause", gold.segment, gold.step, gold.channel, False, None)
    rows = [t for t in truths if t.scenario_id == gold.scenario and not t.is_red_herring]
    return rows[0] if rows else None


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").strip().lower() == (b or "").strip().lower()


def score_cause(case: DebugCase, diagnostic: Diagnostic, truths: list[Truth]) -> Score:
    """Pass when the rank-1 cause names the planted step and/or channel (none contradicted), for the planted segment."""
    top = min(diagnostic.causes, key=lambda c: c.rank) if diagnostic.causes else None
    if case.gold.no_change:
        if top is None or top.confidence == "low":
            return Score(name="cause", passed=True, detail="no confident cause, as planted")
        return Score(name="cause", passed=False, detail=f"nothing was planted, but rank 1 says: {top.summary[:100]}")
    gold = gold_for(case, truths)
    if gold is None:
        return Score(name="cause", passed=False, detail=f"scenario {case.gold.scenario} has no row in mcc.scenarios")
    if top is None:
        return Score(name="cause", passed=False, detail=f"no cause; planted {gold.funnel_step or gold.channel}")
    if diagnostic.metric == SUPPORT_METRIC:
        return _score_support_cause(diagnostic, top, gold)
    # "step and/or channel": one planted carrier named and neither contradicted
    named = [(what, got, want) for what, got, want in (("step", top.step, gold.funnel_step), ("channel", top.channel, gold.channel))
             if want and got]
    problems = [f"{what} {got} (gold {want})" for what, got, want in named if not _same(got, want)]
    if not named:
        problems.append(f"names neither step {gold.funnel_step} nor channel {gold.channel}")
    focus = diagnostic.segments[0] if diagnostic.segments else None
    if gold.segment and not _same(focus, gold.segment):
        problems.append(f"segment {focus} (gold {gold.segment})")
    herrings = [t for t in truths if t.is_red_herring and t.channel and _same(t.channel, top.channel)]
    if herrings and not (gold.channel and _same(gold.channel, top.channel)):
        problems.append(f"blames the red herring {herrings[0].scenario_id}")
    if problems:
        return Score(name="cause", passed=False, detail="rank 1: " + "; ".join(problems))
    return Score(name="cause", passed=True, detail=f"rank 1: step {top.step}, channel {top.channel}, segment {focus}")


def _score_support_cause(diagnostic: Diagnostic, top: Cause, gold: Truth) -> Score:
    """Pass when a support diagnosis's rank-1 cause is about the planted cohort's ticket reason, for its segment."""
    problems = []
    if not top.reason:
        problems.append(f"names no ticket reason (planted: {gold.cause})")
    elif top.reason.lower() not in (gold.cause or "").lower():
        problems.append(f"reason {top.reason} (planted: {gold.cause})")
    focus = diagnostic.segments[0] if diagnostic.segments else None
    if gold.segment and not _same(focus, gold.segment):
        problems.append(f"segment {focus} (gold {gold.segment})")
    if problems:
        return Score(name="cause", passed=False, detail="rank 1: " + "; ".join(problems))
    return Score(name="cause", passed=True, detail=f"rank 1: reason {top.reason}, segment {focus}")


NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w])")
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")


def step_ratios(diagnostic: Diagnostic) -> list[float]:
    """Return each funnel step's conversion from the previous step, per segment and period (from the counts)."""
    ratios: list[float] = []
    by_segment: dict[str, list[tuple[int, int]]] = {}
    for f in diagnostic.funnel:
        by_segment.setdefault(f.segment, []).append((f.previous_count, f.current_count))
    for counts in by_segment.values():
        for (prev_a, cur_a), (prev_b, cur_b) in pairwise(counts):
            ratios += [b / a for a, b in ((prev_a, prev_b), (cur_a, cur_b)) if a]
    return ratios


def support_numbers(diagnostic: Diagnostic) -> list[float]:
    """Return a support diagnosis's numbers: each row's, and each reason's totals over the segments compared
    (the focus and its comparison: tickets, active users and their rate per 1,000, as its summary says them
    "across everyone"; the survey's other rows make up the comparison, so they are not added again)."""
    values: list[float] = []
    for row in diagnostic.support:
        values += [v for v in (getattr(row, name) for name in SUPPORT_VALUES) if v is not None]
    compared = set(diagnostic.segments)
    for reason in {row.reason for row in diagnostic.support}:
        rows = [r for r in diagnostic.support if r.reason == reason and r.segment in compared]
        for period in ("previous", "current"):
            tickets = sum(getattr(r, f"{period}_tickets") for r in rows)
            active = sum(getattr(r, f"{period}_active") for r in rows)
            values += [tickets, active] + ([1000 * tickets / active] if active else [])
    return values


def evidence_numbers(diagnostic: Diagnostic) -> set[float]:
    """Return every number the tools produced (and step conversions derived from their counts), as fractions
    and as percentages, rounded for matching."""
    values: list[float] = step_ratios(diagnostic)
    for f in diagnostic.funnel:
        values += [f.previous_count, f.current_count]
        values += [v for v in (f.previous_rate, f.current_rate, f.rate_delta) if v is not None]
    for e in diagnostic.exposure:
        values += [e.previous, e.current, e.delta]
    values += support_numbers(diagnostic)
    out: set[float] = set()
    for v in values:
        for scaled in (v, v * 100):
            for digits in (0, 1, 2):
                out.add(round(abs(scaled), digits))
    return out


def score_traced(diagnostic: Diagnostic) -> Score:
    """Pass when every evidence id has SQL and every number of 10 or more in the summary is a tool's number."""
    ids = [f.evidence_id for f in diagnostic.funnel] + [e.evidence_id for e in diagnostic.exposure]
    ids += [r.evidence_id for r in diagnostic.support]
    ids += [i for c in diagnostic.causes for i in c.evidence_ids]
    untraced = sorted({i for i in ids if not diagnostic.sql.get(i, "").strip()})
    if untraced:
        return Score(name="traced", passed=False, detail=f"evidence without SQL: {', '.join(untraced[:3])}")
    known = evidence_numbers(diagnostic)
    # Small integers are window lengths, ranks and step ordinals ("7 days", "2nd workout"), not measurements.
    summary = THOUSANDS.sub("", diagnostic.summary)  # "1,621" is one number
    loose = [m for m in NUMBER.findall(summary) if abs(float(m)) >= 10 and round(abs(float(m)), 2) not in known]
    if loose:
        return Score(name="traced", passed=False, detail=f"summary numbers not in any tool result: {', '.join(loose[:3])}")
    return Score(name="traced", passed=True, detail=f"{len(set(ids))} evidence ids with SQL")


def cited_numbers(diagnostic: Diagnostic, evidence_id: str) -> list[float]:
    """Return the numbers the diagnostic reports under one evidence id."""
    numbers: list[float] = []
    for f in diagnostic.funnel:
        if f.evidence_id == evidence_id:
            numbers += [f.previous_count, f.current_count]
    for e in diagnostic.exposure:
        if e.evidence_id == evidence_id:
            numbers += [e.previous, e.current]
    for r in diagnostic.support:
        if r.evidence_id == evidence_id:
            numbers += [getattr(r, name) for name in SUPPORT_COUNTS]
    return numbers


def _found(value: float, cells: list[float]) -> bool:
    return any(abs(value - c) <= 1e-6 * max(1.0, abs(c)) for c in cells)


def score_rerun(diagnostic: Diagnostic, path: Path, sample: int = 3) -> Score:
    """Rerun the SQL of the rank-1 cause's evidence (or a sample) on a copy of the warehouse and check the
    reported numbers come back."""
    top = min(diagnostic.causes, key=lambda c: c.rank) if diagnostic.causes else None
    ids = (top.evidence_ids if top else sorted(diagnostic.sql))[:sample]
    con = duckdb.connect(str(path), read_only=True)
    try:
        for evidence_id in ids:
            try:
                rows = con.execute(diagnostic.sql[evidence_id]).fetchall()
            except duckdb.Error as exc:
                return Score(name="rerun", passed=False, detail=f"{evidence_id} does not rerun: {str(exc)[:100]}")
            cells = [float(v) for row in rows for v in row if isinstance(v, int | float) and not isinstance(v, bool)]
            missing = [n for n in cited_numbers(diagnostic, evidence_id) if not _found(n, cells)]
            if missing:
                return Score(name="rerun", passed=False, detail=f"{evidence_id} reran without {missing[:3]}")
    finally:
        con.close()
    return Score(name="rerun", passed=True, detail=f"{len(ids)} evidence SQL reran to the reported numbers")


def score_debug(case: DebugCase, result: AskResult, truths: list[Truth], copy_path: Path) -> list[Score]:
    """Return the named scores of one debug answer."""
    diagnostic = result.result
    if not isinstance(diagnostic, Diagnostic):
        kind = getattr(diagnostic, "kind", None) or "nothing"
        return [Score(name="answered", passed=False, detail=f"expected a diagnostic, got {kind} ({result.error or result.intent})")]
    return [score_cause(case, diagnostic, truths), score_traced(diagnostic), score_rerun(diagnostic, copy_path)]
