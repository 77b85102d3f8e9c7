"""Readable output of `mcc run`, `runs`, `explain`, `deliver` and `measure` (rich tables, plain words)."""

from __future__ import annotations

from collections import Counter

from rich.table import Table
from rich.text import Text

from cli.common import console, plain
from orchestrator.delivery import DeliveryReport
from orchestrator.executor import RunResult
from orchestrator.explain_model import Explanation
from orchestrator.measure import Comparison, MeasureReport
from orchestrator.run_history import RunSummary

# one decision per user and rule: what each outcome means, for a reader who has not read the executor
RUN_LEGEND = ("send: messaged by this run; holdout: held back to measure the rule's lift; control: in the global "
              "control group, messaged by no rule; suppressed: a suppression applied; stopped: a stop condition was "
              "met; capped: a frequency cap was reached; lost: a higher-priority rule won; sends queued: messages "
              "put in the outbox, later steps of a channel plan included")

MEASURE_LEGEND = ("sent / held out: users, each counted at their first decision; rate: the share of them who did "
                  "the metric within the rule's window; lift: the sent rate relative to the held-out rate (+10% is "
                  "a tenth higher), with its 95% interval; p: how likely a difference at least this size is with no "
                  "real effect; contaminated: held-out users who got a message anyway")


def render_run(result: RunResult) -> None:
    console.print(plain(f"{result.run_id} as of {result.as_of:%Y-%m-%d %H:%M:%S}: {result.status}"))
    table = Table()
    table.add_column("outcome")
    table.add_column("decisions", justify="right")
    for outcome, n in result.counts.items():
        table.add_row(outcome, f"{n:,}")
    table.add_row("sends queued", f"{result.sends:,}", style="bold")
    console.print(table)
    if result.by_rule:
        console.print(_rules_table(result.by_rule))
    console.print(Text(RUN_LEGEND, style="dim"))
    if result.withdrawn:
        console.print(plain(f"Withdrawn: {result.withdrawn:,} waiting message(s) queued by earlier runs, for people "
                            "this run stopped, suppressed, gave a higher-priority rule or no longer targets "
                            "(`mcc explain USER_ID --run RUN` shows why on the run that queued them)."))
    if result.status == "already complete":
        console.print(plain(f"This as-of time already ran ({', '.join(result.rules) or 'no rules'}): "
                            "nothing new was queued."))
        if result.not_in_run:
            console.print(plain(f"Approved since, not in that run: {', '.join(result.not_in_run)}; "
                                "they decide in the next run (a later --as-of)."))
    if result.status == "dry run":
        console.print("Dry run: nothing was written.")


def _rules_table(by_rule: dict[str, dict[str, int]]) -> Table:
    """Each rule's decisions by outcome: its audience (every decision) to set beside `mcc preview`'s."""
    outcomes = [o for o in next(iter(by_rule.values())) if any(counts.get(o) for counts in by_rule.values())]
    table = Table(title="by rule (audience: everyone the rule matched, as in mcc preview)")
    table.add_column("rule", no_wrap=True)
    for column in ("audience", *outcomes):
        table.add_column(column, justify="right")
    for rule_id, counts in by_rule.items():
        table.add_row(Text(rule_id), f"{sum(counts.values()):,}", *(f"{counts[o]:,}" for o in outcomes))
    return table


def render_explanation(explanation: Explanation) -> None:
    # ids, reasons and trait values come from the warehouse and the specs: styled only by Text, never as markup
    console.print(Text.assemble((explanation.user_id, "bold"),
                                f" in {explanation.run_id} (as of {explanation.as_of:%Y-%m-%d %H:%M})"))
    marks = {True: ("✓", "green"), False: ("✗", "red"), None: ("·", "")}
    for rule in explanation.rules:
        console.print()
        console.print(Text.assemble((rule.rule_id, "bold"), f" v{rule.rule_version}, priority {rule.priority}: ",
                                    (rule.outcome.upper(), "bold"), f" ({rule.reason})"))
        for step in rule.steps:
            console.print(Text.assemble("  ", marks[step.passed], f" {step.step}: {step.detail}"))
            for check in step.checks:
                verdict = "true" if check.holds else "false"
                console.print(plain(f"      {check.text} → {verdict} (value: {check.value!r})"))
        for row in rule.outbox:
            note = f" ({row['delivery_note']})" if row.get("delivery_note") else ""
            console.print(plain(f"      outbox step {row['step']} {row['channel']} at {row['send_after']}: "
                                f"{row['delivery_status'] or 'pending'}{note}"))


PARKED_REASONS_SHOWN = 5


def render_delivery(report: DeliveryReport) -> None:
    # a line, not a table title: a title wraps to the width of this narrow table
    console.print(plain(f"deliver to {report.target} as of {report.now:%Y-%m-%d %H:%M}"))
    if report.requeued:
        console.print(plain(f"re-queued {report.requeued:,} parked message(s) and the steps they held back"))
    table = Table()
    table.add_column("outcome")
    table.add_column("messages", justify="right")
    for name in ("due", "delivered", "skipped", "parked", "attempts"):
        table.add_row(name, f"{getattr(report, name):,}")
    console.print(table)
    # one line per reason, not per message: a vendor outage parks thousands for the same reason
    by_reason = Counter(report.parked_reasons.values())
    for reason, n in by_reason.most_common(PARKED_REASONS_SHOWN):
        example = next(key for key, said in report.parked_reasons.items() if said == reason)
        console.print(plain(f"parked {n:,}: {reason} (e.g. {example})"))
    if len(by_reason) > PARKED_REASONS_SHOWN:
        console.print(plain(f"… and {len(by_reason) - PARKED_REASONS_SHOWN} more reasons (--json lists each message)"))
    if by_reason:
        console.print(plain("Fix the cause, then `mcc deliver --to ... --retry-parked` sends them again."))
    for reason, n in sorted(report.skipped_reasons.items(), key=lambda item: -item[1]):
        console.print(plain(f"skipped {n:,}: {reason}"))  # final: a skipped message is never sent
    if report.scheduled_later and report.next_send_after is not None:
        # a run as of a later time queues messages that are not due yet at the default time, the data's end
        console.print(plain(f"{report.scheduled_later:,} message(s) wait for a later time, the first due at "
                            f"{report.next_send_after:%Y-%m-%d %H:%M}: `mcc deliver --to {report.target} --as-of "
                            f"{report.next_send_after:%Y-%m-%dT%H:%M}` (or later) sends what is due by then."))


def _row(table: Table, name: str, c: Comparison) -> None:
    lift = c.lift
    table.add_row(
        plain(name),
        plain(c.metric),
        f"{c.treatment.n:,}",
        f"{c.treatment_rate:.1%}",
        f"{c.control.n:,}",
        f"{c.control_rate:.1%}",
        f"{lift.lift:+.1%} [{lift.ci_low:+.1%}, {lift.ci_high:+.1%}]" if lift else "n/a",
        f"{lift.p_value:.3f}" if lift else "n/a",
        str(c.contamination),
    )


def render_measure(report: MeasureReport, notes: list[str] | None = None) -> None:
    table = Table(title=f"lift as of {report.as_of:%Y-%m-%d %H:%M} (95% interval)")
    for column in ("rule", "metric", "sent", "rate", "held out", "rate", "lift", "p", "contaminated"):
        # names are read whole ('subscription_star…' is no metric); the lift and its interval wrap instead
        table.add_column(column, no_wrap=column in ("rule", "metric"), max_width=16 if column == "lift" else None)
    for rule in report.rules:
        _row(table, rule.rule_id, rule)
    if report.global_control:
        _row(table, "global control", report.global_control)
    if table.row_count:
        console.print(table)
        console.print(Text(MEASURE_LEGEND, style="dim"))
    named = [(rule.rule_id, rule) for rule in report.rules]
    for name, c in named + ([("global control", report.global_control)] if report.global_control else []):
        if c.no_lift_reason:
            console.print(plain(f"{name}: lift n/a: {c.no_lift_reason}"))
    if report.unmeasured:
        console.print(plain(f"not measured (no conversion event in the spec): {', '.join(report.unmeasured)}"))
    for note in notes or []:  # what this time leaves out: later runs, conversions after the data's end
        console.print(plain(f"note: {note}"))


def _counts(counts: dict[str, int]) -> str:
    """Say nonzero counts in a line: 'send 1,828 · holdout 318'."""
    return " · ".join(f"{name} {n:,}" for name, n in counts.items() if n) or "-"


def render_runs(runs: list[RunSummary]) -> None:
    if not runs:
        console.print(plain("No run yet: approve a rule (`mcc rules approve RULE_ID`), then `mcc run`."))
        return
    table = Table(title=Text("Runs, latest as-of first"), title_justify="left")
    for column in ("run", "as of", "status", "by", "took", "decisions", "queued", "messages"):
        table.add_column(column, justify="right" if column in ("took", "queued") else "left",
                         no_wrap=column in ("run", "as of", "took", "queued"))
    for run in runs:
        took = f"{run.seconds:.1f} s" if run.seconds is not None else "-"
        table.add_row(run.run_id, f"{run.as_of:%Y-%m-%d %H:%M}", run.status, run.actor, took,
                      _counts(run.decisions), f"{run.sends:,}", _counts(run.messages))
    console.print(table)
    console.print(Text("decisions: by outcome (see `mcc run`); queued: messages put in the outbox; messages: where "
                       "they stand now (pending until `mcc deliver` sends them, delivered, parked after failures, "
                       "skipped or withdrawn when no longer due)", style="dim"))
    for run in runs:
        if run.status in ("failed", "abandoned"):
            error = (run.error or "no error recorded").removeprefix(f"{run.run_id}: ")
            console.print(plain(f"{run.run_id} {run.status}: {error}; nothing of it was kept, and "
                                f"`mcc run --as-of {run.as_of:%Y-%m-%dT%H:%M}` runs it again"))
