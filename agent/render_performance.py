"""Render a Performance answer: the summary, a table of each rule against its holdout, and what to do next."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from agent.types import Performance, RuleReading

VERDICT_WORDS = {"lift": "clear lift", "negative": "worse than nothing", "no_clear_effect": "no clear effect yet",
                 "not_measurable": "cannot tell yet", "no_conversion_event": "not measured"}


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.1%}"


def _lift(r: RuleReading) -> str:
    if r.lift is None or r.ci_low is None or r.ci_high is None:
        return "n/a"
    return f"{r.lift:+.1%} [{r.ci_low:+.1%}, {r.ci_high:+.1%}]"


def performance_view(p: Performance) -> RenderableType:
    """Render each rule's lift over its holdout (95% interval), its verdict, and the readings in words."""
    table = Table(title=Text(f"Rules against their holdouts, as of {p.as_of}"), title_justify="left")
    split = [p.by] if p.by else []
    for column in ("rule", *split, "metric", "sent", "rate", "held out", "rate", "lift [95% interval]", "p", "verdict"):
        table.add_column(column, justify="left" if column in ("rule", *split, "metric", "verdict") else "right",
                         no_wrap=column == "rule")
    for r in p.rules:
        segment = [Text(r.segment or "-")] if p.by else []
        table.add_row(Text(r.rule_id), *segment, Text(r.metric or "-"), f"{r.sent:,}", _pct(r.sent_rate), f"{r.held_out:,}",
                      _pct(r.held_out_rate), _lift(r), "-" if r.p_value is None else f"{r.p_value:.3f}",
                      VERDICT_WORDS[r.verdict])
    parts: list[RenderableType] = [Panel(Text(p.summary), title="Summary"), table]
    if len(p.rules) > 1:
        parts.append(Text("\n".join(f"  • {r.reading}" for r in p.rules)))
    if p.global_control:
        parts.append(Text(p.global_control))
    if p.notes:
        parts.append(Text("Scope:\n" + "\n".join(f"  • {n}" for n in p.notes)))
    if p.next_checks:
        parts.append(Text("Next checks:\n" + "\n".join(f"  • {c}" for c in p.next_checks)))
    parts.append(Text("Each user counts once, at their first decision; `mcc measure` gives the same figures.",
                      style="dim"))
    return Group(*parts)
