"""Read a rule_performance report in words: which rules lift their metric, which cannot tell yet, and why.

A lift is "clear" when its 95% interval excludes zero (p < 0.05). When it does not, the reading says how
many users each arm would need to detect a difference of the size seen (80% power, two-sided 5%), so a
marketer knows whether to wait or to stop looking.
"""

from __future__ import annotations

import math
import re

from agent.types import Performance, RuleReading
from orchestrator.measure.models import Comparison
from tools.performance import PerformanceReport, Reach, RulePerformance

ALPHA = 0.05
Z_SUM = 1.96 + 0.8416  # z for a two-sided 5% test plus z for 80% power
# each verdict as a summary groups the rules (or segments) it holds for
VERDICT_GROUPS = {"lift": "clear lift", "negative": "worse than no message", "no_clear_effect": "no clear effect yet",
                  "not_measurable": "cannot be measured yet", "no_conversion_event": "no conversion event"}
OUTCOME_WORDS = {"send": "sent", "holdout": "held out", "suppressed": "suppressed", "stopped": "stopped",
                 "capped": "capped", "lost": "lost to a higher-priority rule", "control": "in the global control group"}


def users_per_arm(p1: float, p2: float) -> int | None:
    """Return the users each arm needs to detect the difference between two rates (None when they are equal)."""
    if p1 == p2:
        return None
    return math.ceil(Z_SUM**2 * (p1 * (1 - p1) + p2 * (1 - p2)) / (p1 - p2) ** 2)


def _pct(x: float) -> str:
    return f"{x:.1%}"


def _signed(x: float) -> str:
    return f"{x:+.1%}"


def _arms(c: Comparison, sent: str = "sent", held: str = "held out") -> str:
    return (f"{_pct(c.treatment_rate)} of {c.treatment.n:,} {sent} vs {_pct(c.control_rate)} of "
            f"{c.control.n:,} {held}")


def verdict(c: Comparison) -> tuple[str, str]:
    """Return (verdict, sentence) for one comparison on its metric."""
    window = f" within {c.window_days} days" if c.window_days else ""
    if c.treatment.n == 0 and c.control.n == 0:
        return "not_measurable", "has no one to measure: no run decided anyone for it among the people and period measured"
    if c.lift is None:
        return "not_measurable", f"cannot be measured yet: {c.no_lift_reason} ({_arms(c)})"
    lift = c.lift
    numbers = f"{_arms(c)} did {c.metric}{window}; lift {_signed(lift.lift)} (95% interval {_signed(lift.ci_low)} to {_signed(lift.ci_high)}, p={lift.p_value:.3f})"
    if lift.p_value < ALPHA and lift.lift > 0:
        return "lift", f"lifts {c.metric}: {numbers}"
    if lift.p_value < ALPHA:
        return "negative", f"lowers {c.metric}: {numbers}; the messages do worse than sending nothing"
    needed = users_per_arm(c.treatment_rate, c.control_rate)
    wait = (f"; to tell a difference this size apart from chance takes about {needed:,} users in each arm"
            if needed else "")
    return "no_clear_effect", f"no clear effect yet: {numbers}; the interval includes zero{wait}"


def reach_words(reach: Reach) -> str:
    """Return the latest run's decisions for one rule in words, largest first."""
    parts = [f"{n:,} {OUTCOME_WORDS.get(o, o)}" for o, n in sorted(reach.outcomes.items(), key=lambda kv: (-kv[1], kv[0]))]
    return f"run {reach.run_id} (as of {reach.as_of:%Y-%m-%d %H:%M}): {', '.join(parts)}"


def rule_reading(item: RulePerformance, by: str | None = None) -> RuleReading:
    """Return one rule's reading (of one segment, when measured `by` a trait): the verdict and its numbers."""
    rule, m = item.rule, item.measure
    who = f"{rule.rule_id} ({by} {item.segment})" if by and item.segment is not None else rule.rule_id
    base = RuleReading(rule_id=rule.rule_id, policy_id=rule.policy_id, description=rule.description, segment=item.segment,
                       verdict="no_conversion_event", reading="", reach=item.reach.outcomes if item.reach else {},
                       reach_run=item.reach.run_id if item.reach else None)
    if m is None:
        base.reading = (f"{rule.rule_id} names no conversion event, so there is no outcome to measure it on "
                        "(add `conversion: {event: ..., window_days: ...}` to its spec)")
        return base
    kind, sentence = verdict(m)
    return base.model_copy(update={
        "verdict": kind, "reading": f"{who} {sentence}", "metric": m.metric, "window_days": m.window_days,
        "sent": m.treatment.n, "sent_rate": m.treatment_rate, "held_out": m.control.n, "held_out_rate": m.control_rate,
        "lift": m.lift.lift if m.lift else None, "ci_low": m.lift.ci_low if m.lift else None,
        "ci_high": m.lift.ci_high if m.lift else None, "p_value": m.lift.p_value if m.lift else None,
        "contamination": m.contamination,
    })


def _split_summary(readings: list[RuleReading], by: str) -> str:
    """Say, per rule, on which values of `by` it lifts its metric and where it cannot tell."""
    lines = []
    for rule_id in dict.fromkeys(r.rule_id for r in readings):
        parts = []
        for kind, said in VERDICT_GROUPS.items():
            values = [str(r.segment) for r in readings if r.rule_id == rule_id and r.verdict == kind]
            if values:
                parts.append(f"{said} for {by} {', '.join(values)}")
        lines.append(f"{rule_id}: " + "; ".join(parts) + ".")
    return " ".join(lines)


def _summary(readings: list[RuleReading], by: str | None = None) -> str:
    if by is not None:
        return _split_summary(readings, by)
    if len(readings) == 1:
        return readings[0].reading
    parts = []
    for kind, words in VERDICT_GROUPS.items():
        ids = [r.rule_id for r in readings if r.verdict == kind]
        if ids:
            parts.append(f"{words}: {', '.join(ids)}")
    return f"{len(readings)} rules measured against their holdouts. " + "; ".join(parts) + "."


def _next_checks(readings: list[RuleReading]) -> list[str]:
    checks: list[str] = []
    for r in readings:
        if r.contamination:
            checks.append(f"{r.contamination:,} held-out user(s) of {r.rule_id} were messaged anyway, which "
                          f"understates its lift: `mcc explain USER_ID --rule {r.rule_id}` on one of them says why")
        if r.verdict == "no_clear_effect":
            checks.append(f"keep {r.rule_id}'s holdout running and ask again after more runs")
        if r.verdict == "negative":
            checks.append(f"review {r.rule_id}'s message and timing with its author; "
                          f"`mcc rules retire {r.rule_id}` stops it while you do")
        if r.verdict == "not_measurable" and r.held_out < 2:
            checks.append(f"{r.rule_id} holds out too few users to measure: give it a holdout share (e.g. 10%)")
    return list(dict.fromkeys(checks))


# a question that wants the rules in order of how they did ("rank our rules by lift", "which rule converts best?")
_ASKS_RANKING = re.compile(
    r"\b(?:rank\w*|order(?:ed)? by|sort(?:ed)? by|best|worst|most|least|biggest|largest|highest|lowest|top|"
    r"strongest|weakest|pulling (?:its|their) weight|compare\w*|comparison)\b",
    re.IGNORECASE,
)


def asks_for_ranking(question: str) -> bool:
    """Return whether the question wants the rules ranked by their lift."""
    return bool(_ASKS_RANKING.search(question))


def ranked(readings: list[RuleReading]) -> list[RuleReading]:
    """Return the readings by lift, largest first; those without a lift after them, in their order."""
    with_lift = sorted((r for r in readings if r.lift is not None), key=lambda r: -(r.lift or 0.0))
    return with_lift + [r for r in readings if r.lift is None]


def _ranking_sentence(readings: list[RuleReading]) -> str:
    """Say the order by lift, and whether the order itself can be trusted (a lift that is not clear can swap)."""
    measured = [r for r in readings if r.lift is not None]
    if len(measured) < 2:
        return ""
    order = ", ".join(f"{r.rule_id}{f' ({r.segment})' if r.segment else ''} {_signed(r.lift or 0.0)}" for r in measured)
    clear = [r for r in measured if r.verdict in ("lift", "negative")]
    if len(clear) == len(measured):
        trust = ""
    elif not clear:
        trust = " None of these lifts is clear yet (each interval includes zero), so the order could change with more data."
    else:
        trust = " Only the clear ones (their intervals exclude zero) keep their place; the rest could swap with more data."
    return f" Ranked by lift: {order}.{trust}"


def read_performance(report: PerformanceReport, question: str) -> Performance:
    """Return the Performance answer for a rule_performance report (ranked by lift when the question asks)."""
    readings = [rule_reading(item, report.by) for item in report.rules]
    ranking = len(report.rules) > 1 and asks_for_ranking(question)
    for reading, item in zip(readings, report.rules, strict=True):
        if item.reach is not None:
            reading.reading += f". Latest {reach_words(item.reach)}"
    global_words = None
    if report.global_control is not None:
        _, sentence = verdict(report.global_control)
        global_words = f"Everyone messaged against the global control group: {sentence}".replace(
            " held out", " in the control group")
    summary = _summary(readings, report.by)
    if ranking:
        readings = ranked(readings)
        summary += _ranking_sentence(readings)
    return Performance(question=question, as_of=report.as_of.isoformat(sep=" "), rules=readings,
                       global_control=global_words, summary=summary,
                       next_checks=_next_checks(readings),
                       sql=report.sql)
