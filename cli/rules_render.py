"""Human output of the rules commands: rich tables a marketer can read."""

from __future__ import annotations

from datetime import datetime
from textwrap import shorten

from rich.table import Table
from rich.text import Text

from cli.common import console, plain
from orchestrator.describe import describe_share
from orchestrator.narrowing import Narrowing
from orchestrator.preview_model import Preview
from orchestrator.registry import AuditEntry, SpecDiff, VersionDetail, VersionInfo
from orchestrator.spec import spec_to_yaml
from orchestrator.validate import ValidationReport

DESCRIPTION_WIDTH = 60


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


def show_report(source: str, report: ValidationReport) -> None:
    """Print errors and warnings as one table, or a one-line all-clear."""
    if not report.errors and not report.warnings:
        console.print(Text.assemble(("✓", "green"), f" {source} is valid"))
        return
    table = Table(title=plain(f"{source}: {len(report.errors)} error(s), {len(report.warnings)} warning(s)"))
    for column in ("", "where", "problem", "suggestion"):
        table.add_column(column)
    for label, issues in ((Text("error", "red"), report.errors), (Text("warning", "yellow"), report.warnings)):
        for issue in issues:  # messages quote the spec's names and values
            table.add_row(label, plain(issue.path), plain(issue.message), plain(issue.suggestion))
    console.print(table)


def show_versions(versions: list[VersionInfo]) -> None:
    table = Table(title="Rules and policies")
    table.add_column("id", no_wrap=True)
    for column in ("kind", "version", "status", "author", "reviewer", "when", "description"):
        table.add_column(column)
    colours = {"approved": "green", "proposed": "yellow", "rejected": "red", "withdrawn": "dim", "superseded": "dim",
               "retired": "magenta"}
    for v in versions:
        when = _when(v.retired_at or v.decided_at or v.created_at)  # the last thing that happened to it
        # names and descriptions are people's text: shown as typed, never read as rich markup; a long
        # description is cut at a word with an ellipsis (`rules show` has all of it)
        table.add_row(Text(v.rule_id), v.kind, str(v.version), Text(v.status, style=colours[v.status]),
                      Text(v.author), Text(v.reviewer or ""), when,
                      Text(shorten(v.description, DESCRIPTION_WIDTH, placeholder=" …")))
    console.print(table if versions else "No rules yet: propose one with `mcc rules propose FILE`.")
    running = {v.rule_id: v.version for v in versions if v.status == "approved"}
    for v in versions:
        if v.status == "retired":  # who stopped it and why: the reviewer column names who approved it
            # once a later version was approved the rule runs again: rolling back would replace that version
            again = (f"v{running[v.rule_id]} was approved since and runs now" if v.rule_id in running
                     else f"`mcc rules rollback {v.rule_id} --to {v.version}` runs it again")
            console.print(plain(f"{v.rule_id} v{v.version} retired {_retirement(v)}; {again}"))
    waiting = [f"{v.rule_id} v{v.version}" for v in versions if v.status == "proposed"]
    if waiting:  # what a reviewer came for
        console.print(plain(f"waiting for review: {', '.join(waiting)} (read it with `mcc rules show ID` or "
                            "`mcc rules diff ID`, then `mcc rules approve ID --as NAME` or "
                            "`mcc rules reject ID --comment WHY --as NAME`)"))


def _retirement(v: VersionInfo) -> str:
    why = f": {v.retire_comment}" if v.retire_comment else ""
    return f"by {v.retired_by} on {_when(v.retired_at)}{why}"


def show_history(entries: list[AuditEntry]) -> None:
    """Print the audit log oldest first: refusals in red, with what was refused and why."""
    if not entries:
        console.print("No actions yet: propose a rule with `mcc rules propose FILE`.")
        return
    table = Table(title="Review history")
    for column in ("when", "who", "action", "rule", "version", "outcome", "comment or reason"):
        table.add_column(column)
    for e in entries:
        version = "" if e.version is None else f"v{e.version}"
        replaced = e.from_version is not None and e.from_version != e.version
        if e.outcome == "ok" and e.action in ("approve", "rollback") and e.version is not None and replaced:
            version = f"v{e.from_version} -> {version}"  # which version it replaced as the active one
        outcome = Text(e.outcome, style="red" if e.outcome == "refused" else "green")
        table.add_row(_when(e.acted_at), Text(e.actor), e.action, Text(e.rule_id or ""), version, outcome,
                      Text(e.message or ""))
    console.print(table)


def show_detail(detail: VersionDetail) -> None:
    info = detail.info
    retired = f" {_retirement(info)}" if info.status == "retired" else ""
    decided = "approved" if info.status in ("approved", "superseded", "retired") else "decided"
    console.print(Text.assemble(
        (info.rule_id, "bold"), f" v{info.version} ({info.kind}), ", (info.status, "bold"), retired,
        f"; proposed by {info.author} on {_when(info.created_at)}"
        + (f", {decided} by {info.reviewer} on {_when(info.decided_at)}" if info.reviewer else "")
        + (f"; active version: v{detail.active_version}" if detail.active_version else "; no active version")))
    for review in detail.reviews:
        said = f": {review.comment}" if review.comment else " (no comment)"
        console.print(plain(f"  {review.decision} by {review.reviewer} on {_when(review.reviewed_at)}{said}"))
    for waiting in detail.proposed_versions:  # shown first so a reviewer does not read the running version for it
        console.print(plain(f"  v{waiting} is proposed and waiting for review: mcc rules diff {info.rule_id} {info.version} "
                            f"{waiting} (what it changes), mcc rules show {info.rule_id} --version {waiting}"))
    console.print(plain(spec_to_yaml(detail.spec)))


def unchanged_proposal(same: VersionDetail) -> str:
    """Say that a proposal filed nothing because a version has its content, and what to do instead."""
    info = same.info
    head = f"{info.rule_id} unchanged: identical to v{info.version} ({info.status})"
    if info.status == "proposed":
        return f"{head}, already waiting for review: a reviewer runs mcc rules approve {info.rule_id} --as REVIEWER"
    if info.status == "approved":
        return f"{head}, the version that runs: there is nothing new to review"
    why = next((r for r in reversed(same.reviews) if r.decision == "reject"), None)
    if info.status == "rejected":
        said = f" by {why.reviewer}: {why.comment}" if why is not None else ""
        return f"{head}{said}; change the spec and propose it again"
    if info.reviewer is not None:  # superseded or retired after it ran
        return f"{head}; to run it again: mcc rules rollback {info.rule_id} --to {info.version} --as NAME"
    return f"{head}; change the spec and propose it again"


def show_diff(diff: SpecDiff) -> None:
    # each side's status: after a rollback the newer version is the one that does not run
    said = {"approved": "active", None: ""}
    sides = [f"v{n}" + (f" ({said.get(st, st)})" if said.get(st, st) else "")
             for n, st in ((diff.from_version, diff.from_status), (diff.to_version, diff.to_status))]
    console.print(Text.assemble((diff.rule_id, "bold"), f": {sides[0]} -> {sides[1]}"))
    for change in diff.changes or ["no changes"]:
        console.print(plain(f"  • {change}"))
    for label, deltas in (("audience", diff.audience), ("reachable (after suppressions and stop conditions)", diff.reach)):
        for rule_id, delta in deltas.items():
            console.print(plain(f"  {label} of {rule_id}: {delta.users_before:,} -> {delta.users_after:,} users "
                                f"(+{delta.added:,} added, -{delta.removed:,} removed)"))
    for move in diff.first_choice:  # who wins: what a priority change or a new suppression hands to another rule
        console.print(plain(f"  first choice: {move.users:,} users move from {move.from_rule or 'no rule'} "
                            f"to {move.to_rule or 'no rule'}"))


PREVIEW_LEGEND = ("audience: users matching the conditions; eligible: the audience less suppressions and stop "
                  "conditions; {split}: the expected split of the eligible users; sends/day: estimated from the "
                  "channel plan and the frequency caps")


def show_preview(result: Preview) -> None:
    version = "" if result.version is None else f" v{result.version}"  # a stored version, not a file
    console.print(Text.assemble((result.spec_id, "bold"), version,
                                f" ({result.kind}) as of {result.as_of}: {result.base:,} users in the base"))
    with_control = any(r.holdout.expected_control for r in result.rules)  # else the column is all zeros
    split = ["control"] * with_control + ["holdout", "treatment"]
    table = Table()
    # a reviewer needs each rule id whole; the sample ids may wrap
    table.add_column("rule", no_wrap=True, min_width=max((len(r.rule_id) for r in result.rules), default=4))
    for column in ("priority", "audience", "share", "eligible", *split, "sends/day", "samples"):
        table.add_column(column)
    for r in result.rules:
        counts = [r.holdout.expected_control] * with_control + [r.holdout.expected_holdout,
                                                                  r.holdout.expected_treatment]
        table.add_row(plain(r.rule_id), str(r.priority), f"{r.size:,}", describe_share(r.share), f"{r.eligible:,}",
                      *(f"{n:,}" for n in counts), f"{r.sends.sends_per_day:,.0f}", plain(", ".join(r.sample_user_ids)))
    console.print(table)
    console.print(Text(PREVIEW_LEGEND.format(split=" / ".join(split)), style="dim"))
    for r in result.rules:
        parts = [f"{dim}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()) for dim, counts in r.breakdown.items()]
        console.print(Text.assemble((r.rule_id, "bold"), " ", "; ".join(parts)))  # parts hold warehouse values
        for o in r.overlaps:
            if o.users:
                console.print(plain(f"  overlaps approved {o.rule_id} v{o.version}: {o.users:,} users "
                                    f"({describe_share(o.share)} of this audience)"))
    console.print(Text("audience SQL (runs as is on the warehouse):", style="dim"))
    console.print(plain(result.audience_sql), soft_wrap=True)


def show_narrowing(narrowed: list[Narrowing]) -> None:
    """Print each rule's conditions in turn: alone, and the users left with the ones before it."""
    for n in narrowed:
        table = Table(title=f"{n.rule_id}: each condition alone, and the users left with the ones before it")
        for column in ("step", "condition", "alone", "of all users", "left"):
            table.add_column(column)
        for i, step in enumerate(n.steps, start=1):
            table.add_row(str(i), plain(step.condition), f"{step.alone:,}", describe_share(step.alone / (n.base or 1)),
                          f"{step.left:,}")
        table.add_row("", "eligible: less suppressions and stop conditions", "", "", f"{n.eligible:,}")
        console.print(table)
