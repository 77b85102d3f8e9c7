"""Render the agent's answers for a person: specs in words, previews, diagnostics and traces as tables.

Everything shown here is someone else's text (a spec's words, a model's summary, warehouse rows, an error
quoting a prompt), so it goes to rich as `Text`, which is never read as markup: `[/]` would crash a markup
string and `[bold]` restyle it. Only the labels we write carry styles.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from agent.render_performance import performance_view
from agent.types import AskResult, Diagnostic, Performance, QuestionAnswer, Refusal
from orchestrator.describe import describe_cap, describe_channel_caps, describe_share, describe_step
from orchestrator.spec import (
    AllOf,
    AnyOf,
    EventCondition,
    Not,
    Policy,
    Rule,
    TraitCondition,
)

OPS = {"eq": "is", "ne": "is not", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "in": "is one of",
       "not_in": "is none of", "is_null": "is unknown", "not_null": "is known", "between": "is between"}
COUNT_OPS = {"eq": "exactly", "ne": "not exactly", "gt": "more than", "gte": "at least", "lt": "fewer than",
             "lte": "at most"}


def words(cond: Any) -> str:
    """Say a condition in words: `workouts_completed ≥ 3 and pricing_viewed at least 1 time`."""
    if isinstance(cond, TraitCondition):
        value = "" if cond.op in ("is_null", "not_null") else " " + (
            ", ".join(map(str, cond.value)) if isinstance(cond.value, list) else str(cond.value))
        return f"{cond.trait} {OPS[cond.op]}{value}"
    if isinstance(cond, EventCondition):
        window = f" in the last {cond.within_days} days" if cond.within_days else ""
        where = "".join(f" where {w.property} {OPS[w.op]} {w.value}" for w in cond.where)
        if cond.op == "eq" and cond.count == 0:
            return f"never {cond.event}{where}{window}"
        return f"{cond.event}{where} {COUNT_OPS[cond.op]} {cond.count} time{'s' if cond.count != 1 else ''}{window}"
    if isinstance(cond, AllOf):
        return " and ".join(_grouped(c) for c in cond.conditions)
    if isinstance(cond, AnyOf):
        return " or ".join(_grouped(c) for c in cond.conditions)
    if isinstance(cond, Not):
        return f"not ({words(cond.condition)})"
    return str(cond)


def _grouped(cond: Any) -> str:
    return f"({words(cond)})" if isinstance(cond, AllOf | AnyOf) else words(cond)


def _table(title: str, columns: tuple[str, ...] | list[str], **options: Any) -> Table:
    """Return a table whose title and headers are shown as typed."""
    table = Table(title=Text(title), **options)
    for column in columns:
        table.add_column(Text(column))
    return table


def _add_row(table: Table, *cells: object) -> None:
    """Add a row of values shown as typed."""
    table.add_row(*(Text(str(cell)) for cell in cells))


def labelled(label: str, style: str, text: str) -> Text:
    """Return our styled label followed by someone else's text."""
    return Text.assemble((label, style), " ", text)


def rules_table(rules: list[Rule], title: str) -> Table:
    """One row per rule: priority, who qualifies, how it is sent, when it stops, the holdout."""
    table = _table(title, ("priority", "rule", "who qualifies", "channels", "stops when", "holdout"), show_lines=True,
                   title_justify="left")
    for r in sorted(rules, key=lambda r: r.priority):
        channels = " → ".join(describe_step(s, template=False) for s in r.channels)
        stops = "\n".join(f"{s.id}: {words(s.condition)}" for s in r.stop_conditions) or "-"
        _add_row(table, r.priority, r.id, words(r.audience), channels, stops, f"{r.holdout_share:.0%}")
    return table


def suppressions_table(spec: Rule | Policy) -> Table | None:
    """One row per suppression: a policy's say which rules they cover, a rule's own cover that rule."""
    rules = [spec] if isinstance(spec, Rule) else spec.rules
    rows = [] if isinstance(spec, Rule) else [
        (s, "all rules" if s.applies_to == "all" else ", ".join(s.applies_to)) for s in spec.suppressions
    ]
    rows += [(s, r.id) for r in rules for s in r.suppressions]
    if not rows:
        return None
    table = _table("Suppressions (never send when)", ("id", "condition", "applies to"), title_justify="left")
    for suppression, applies_to in rows:
        _add_row(table, suppression.id, words(suppression.condition), applies_to)
    return table


def spec_view(spec: Rule | Policy) -> RenderableType:
    """Render a rule or a policy as tables."""
    suppressions = suppressions_table(spec)
    if isinstance(spec, Rule):
        # the cap is part of the draft: a change to it ("cap it at 1 a week") must show what it was
        cap = Text(f"Frequency cap: {describe_cap(spec.frequency_cap)} (this rule's messages)."
                   if spec.frequency_cap else "Frequency cap: none.")
        return Group(*(p for p in (rules_table([spec], f"Rule {spec.id}"), suppressions, cap) if p is not None))
    parts: list[RenderableType] = [rules_table(spec.rules, f"Policy {spec.id}: {spec.description}")]
    if suppressions:
        parts.append(suppressions)
    extras = [f"{r.id}'s own cap: {describe_cap(r.frequency_cap)}." for r in spec.rules if r.frequency_cap]
    if spec.frequency_cap:
        extras.append(f"Frequency cap: {describe_cap(spec.frequency_cap)}.")
    if spec.channel_caps:
        extras.append(f"Channel caps: {describe_channel_caps(spec.channel_caps)}.")
    if spec.control_group_share:
        extras.append(f"Global control group: {spec.control_group_share:.0%} of users get nothing.")
    extras += [f"Edge case: {e}" for e in spec.edge_cases]
    if extras:
        parts.append(Text("\n".join(extras)))
    return Group(*parts)


PREVIEW_CAPTION = ("audience: who matches; eligible: those no suppression or stop condition takes out; the holdout is "
                   "eligible but gets nothing, to measure lift; sends per day: at most, by the channel plan and "
                   "frequency caps, each rule on its own (a user in several rules gets only the winner's)")


def preview_view(preview: dict[str, Any]) -> RenderableType:
    """Render an audience preview: size, eligible users, holdout split and expected sends per rule."""
    base = preview.get("base")
    out_of = f"out of {base:,} users" if isinstance(base, int) else "out of ? users"  # the audience's denominator
    table = Table(title=Text(f"Audience preview as of {preview.get('as_of', '?')}, {out_of}"),
                  title_justify="left", caption=PREVIEW_CAPTION, caption_justify="left")
    for column in ("rule", "audience", "eligible", "treatment / holdout", "sends per day"):
        table.add_column(column, justify="right" if column != "rule" else "left")
    for r in preview.get("rules", []):
        split = r.get("holdout", {})
        _add_row(table, r.get("rule_id", "?"), f"{r.get('size', 0):,} ({describe_share(r.get('share', 0))})", f"{r.get('eligible', 0):,}",
                 f"{split.get('expected_treatment', 0):,} / {split.get('expected_holdout', 0):,}",
                 f"{r.get('sends', {}).get('sends_per_day', 0):,.0f}")
    sql = preview.get("audience_sql")
    return Group(table, Text(f"Audience SQL: {sql}", style="dim")) if sql else table


def issues_view(validation: dict[str, Any]) -> RenderableType | None:
    """Render validation errors and warnings, or nothing when there are none."""
    rows = [("error", i) for i in validation.get("errors", [])] + [("warning", i) for i in validation.get("warnings", [])]
    if not rows:
        return None
    table = _table("Validation", ("level", "where", "problem", "suggestion"), title_justify="left")
    for level, issue in rows:
        _add_row(table, level, issue.get("path", ""), issue.get("message", ""), issue.get("suggestion") or "")
    return table


def support_table(d: Diagnostic) -> Table:
    """Render a support diagnostic's rows: per segment and reason, tickets per 1,000 active users, hours, CSAT."""
    table = Table(title=Text(f"Support by {d.dimension} ({d.window.label}: {d.window.current_start} to "
                             f"{d.window.current_end}); previous -> current"), title_justify="left")
    for column in ("segment", "reason", "active users", "tickets", "per 1,000 active", "median hours", "CSAT"):
        table.add_column(column, justify="left" if column in ("segment", "reason") else "right")

    def pair(a: float | None, b: float | None, fmt: str) -> str:
        return " -> ".join("-" if x is None else format(x, fmt) for x in (a, b))

    for r in d.support:
        _add_row(table, r.segment, r.reason, pair(r.previous_active, r.current_active, ","),
                 pair(r.previous_tickets, r.current_tickets, ","), pair(r.previous_per_1k, r.current_per_1k, ".1f"),
                 pair(r.previous_median_hours, r.current_median_hours, ".1f"), pair(r.previous_csat, r.current_csat, ".2f"))
    return table


def diagnostic_view(d: Diagnostic) -> RenderableType:
    """Render a diagnostic: summary, funnel steps (or support rows), exposure by channel, ranked causes, next checks."""
    funnel = Table(title=Text(f"Funnel for {d.metric} ({d.window.label}: {d.window.current_start} to "
                              f"{d.window.current_end})"), title_justify="left")
    for column in ("step", "segment", "previous", "current", "prev rate", "cur rate", "change"):
        funnel.add_column(column, justify="left" if column in ("step", "segment") else "right")
    for s in d.funnel:
        _add_row(funnel, s.step, s.segment, f"{s.previous_count:,}", f"{s.current_count:,}", _pct(s.previous_rate),
                 _pct(s.current_rate), _points(s.rate_delta))
    exposure = Table(title="Message exposure by channel", title_justify="left")
    for column in ("channel", "segment", "measure", "previous", "current", "change"):
        exposure.add_column(column, justify="left" if column in ("channel", "segment", "measure") else "right")
    for e in d.exposure:
        if e.metric in ("sent", "delivery_rate"):
            rate = e.metric.endswith("rate")
            _add_row(exposure, e.channel, e.segment, e.metric.replace("_", " "),
                     _pct(e.previous) if rate else f"{e.previous:,.0f}", _pct(e.current) if rate else f"{e.current:,.0f}",
                     _points(e.delta) if rate else f"{e.delta:+,.0f}")
    causes = _table("Likely causes, most likely first", ("#", "confidence", "cause", "evidence"), title_justify="left",
                    show_lines=True)
    for c in d.causes:
        _add_row(causes, c.rank, c.confidence, c.summary, "\n".join(c.evidence_ids))
    evidence: list[RenderableType] = [support_table(d)] if d.support else [funnel, exposure]
    parts: list[RenderableType] = [Panel(Text(d.summary), title="Summary"), *evidence]
    parts.append(causes if d.causes else Text("No cause named: nothing changed significantly."))
    parts.append(Text("Next checks:\n" + "\n".join(f"  • {c}" for c in d.next_checks)))
    if d.notes:
        parts.append(Text("Scope:\n" + "\n".join(f"  • {n}" for n in d.notes)))
    parts.append(Text(f"Every number above comes from SQL you can rerun ({len(d.sql)} queries; see --json).", style="dim"))
    return Group(*parts)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.1%}"


def _points(x: float | None) -> str:
    return "-" if x is None else f"{x * 100:+.1f} pts"


def _answer_cell(column: str, value: object) -> str:
    """Return a value of a data answer for reading: shares as percentages, numbers grouped and rounded, and
    warehouse text the tools marked as data for the model (`{"untrusted_text": ...}`) as that text: a person
    reads it as a value (the table shows it literally, never as markup)."""
    if isinstance(value, dict) and len(value) == 1 and isinstance(text := next(iter(value.values())), str):
        return text
    if value is None:  # a blank group label ("│      │ 16 │") reads as a row nobody can name
        return "(no value)"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float | Decimal):
        # a share as the preview says it: a few users of many are "<0.1%", never "0.0%"
        return describe_share(float(value)) if column == "share" or column.endswith("_share") else f"{float(value):,.2f}"
    return str(value)


def answer_view(a: QuestionAnswer) -> RenderableType:
    """Render a data answer: the question, a table of the rows (values made readable; --json has them raw)
    and its SQL. The question is a line of its own: as the title of a narrow table it wrapped word by word."""
    table = Table()
    for column in a.columns:
        table.add_column(Text(column))
    for row in a.rows:
        _add_row(table, *(_answer_cell(column, value) for column, value in zip(a.columns, row, strict=False)))
    # one row (a count, a share) needs no count of its rows
    note = [Text(rows_note(a), style="dim")] if len(a.rows) != 1 else []
    # an answer about the draft's history ("what changed?") ran no query
    sql = [Text(f"SQL: {a.sql}" + (" (more rows exist)" if a.truncated else ""), style="dim")] if a.sql else []
    said = [Text(f"Note: {n}", style="yellow") for n in a.notes]
    return Group(Text(a.question, style="bold"), *said, *([table] if a.rows else []), *note, *sql)


def query_limit(sql: str) -> int | None:
    """Return the LIMIT of the query's outer SELECT, or None when it has none (or is not one SELECT)."""
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(sql, dialect="duckdb")
    except sqlglot.errors.SqlglotError:
        return None
    limit = tree.args.get("limit")
    value = limit.expression if isinstance(limit, exp.Limit) else None
    return int(value.this) if isinstance(value, exp.Literal) and value.is_int else None


def rows_note(a: QuestionAnswer) -> str:
    """Say how many rows the answer has, and when they are only the first ones (the query's own LIMIT)."""
    n = len(a.rows)
    said = f"{n:,} row{'s' if n != 1 else ''}"
    if not a.truncated and n > 1 and query_limit(a.sql) == n:
        said += f": the first {n:,} (the query's LIMIT), there may be more"
    return said


def trace_line(result: AskResult) -> str:
    """Say what the agent did: nodes, tools and model usage."""
    tools = ", ".join(f"{t.tool}{'' if t.ok else ' (refused)'}" for t in result.trace.tools) or "none"
    u = result.trace.usage
    return (f"planner {result.planner} · tools: {tools} · model calls {u.model_calls}, tokens in/out "
            f"{u.input_tokens}/{u.output_tokens} · rounds {result.trace.rounds}")


def render_result(result: AskResult, console: Console) -> None:
    """Print an AskResult for a person."""
    if not (result.error and result.result is None and result.intent == "out_of_scope"):  # stopped before reading it
        console.print(labelled("Intent:", "bold", result.intent))
    r = result.result
    if isinstance(r, Rule | Policy):
        console.print(spec_view(r))
    elif isinstance(r, Diagnostic):
        console.print(diagnostic_view(r))
    elif isinstance(r, QuestionAnswer):
        console.print(answer_view(r))
    elif isinstance(r, Performance):
        console.print(performance_view(r))
    elif isinstance(r, Refusal):
        console.print(Panel(Text(r.reason + ("\nNot understood: " + ", ".join(r.unmatched_phrases) if r.unmatched_phrases else "")
                                 + ("\nTry: " + "; ".join(r.suggestions) if r.suggestions else "")), title="Cannot do that"))
    issues = issues_view(result.validation)
    if issues is not None:
        console.print(issues)
    if result.preview:
        console.print(preview_view(result.preview))
    render_outcome(result, console)


def render_outcome(result: AskResult, console: Console, *, kept_draft: bool = False) -> None:
    """Print how a request ended: the proposal (or, with `kept_draft`, that the draft was not proposed), an
    error, fallback notes, and the trace line."""
    if result.proposal_id:
        console.print(labelled("Proposed", "green",
                                f"{result.proposal_id}: waiting for a reviewer (not the author) to approve it."))
    elif kept_draft and not result.error:
        console.print(Text("Not proposed: the draft stays in this thread; ask for a change, or say 'propose it' when it is ready."))
    if result.error:
        console.print(labelled("Stopped:", "red", result.error))
        if kept_draft:  # it stopped after the person confirmed: at the proposal, not because of the draft
            console.print(Text("Nothing was proposed; the draft stays in this thread: once the cause above is dealt "
                               "with, say 'propose it' to try again, or ask for a change."))
    for note in result.trace.fallbacks:
        console.print(labelled("Note:", "yellow", note))
    console.print(Text(trace_line(result), style="dim"))


def ask_next_step(result: AskResult, actor: str, *, propose: bool = False) -> Text | None:
    """Say what `mcc ask` leaves to do: propose the draft, or have a reviewer approve the proposal; with
    `propose` (--propose) and no draft, that there was nothing to propose."""
    if result.error:
        return None
    if not isinstance(result.result, Rule | Policy):
        what = "a refusal" if isinstance(result.result, Refusal) else \
            "a diagnosis" if isinstance(result.result, Diagnostic) else "an answer to a data question"
        return labelled("Not proposed:", "bold", f"--propose files drafts of rules and policies; this was {what}.") \
            if propose else None
    if result.proposal_id:
        rule_id = result.proposal_id
        return labelled("Next:", "bold", f"a reviewer other than {actor} reads it (mcc rules diff {rule_id}: what it "
                                        f"changes and for whom; mcc rules show {rule_id}: the spec, and which version "
                                        f"waits) and runs mcc rules approve {rule_id} --as REVIEWER; it takes effect at "
                                        "the next mcc run.")
    if result.validation.get("errors"):
        return None
    return labelled("Not proposed:", "bold", "this is a draft only. To file it for review, run the same mcc ask with "
                                             "--propose --as YOUR_NAME (or refine it in mcc chat).")
