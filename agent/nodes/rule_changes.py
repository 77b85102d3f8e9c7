"""Answer a reviewer's "what changed in trial_policy?": the registry's diff of the rule's latest version against
the one running, in words, with whom it adds and removes, as `mcc rules diff` says it (read-only)."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import Context
from agent.nodes.common import call_tool
from agent.state import AgentState
from agent.types import QuestionAnswer, Refusal
from orchestrator.registry.records import SpecDiff


def _rows(diff: SpecDiff) -> list[list[str]]:
    """Return each change, then each audience's and reach's delta, as one sentence a row."""
    rows = [[c] for c in diff.changes or ["no change to the spec"]]
    for label, deltas in (("audience", diff.audience), ("reachable (after suppressions and stops)", diff.reach)):
        rows += [[f"{label} of {rule_id}: {d.users_before:,} -> {d.users_after:,} users "
                  f"(+{d.added:,} added, -{d.removed:,} removed)"] for rule_id, d in deltas.items()]
    return rows


def _status(status: str | None) -> str:
    """Say a version's status beside its number: approved is the one that runs."""
    return "" if status is None else " (active)" if status == "approved" else f" ({status})"


def _next_step(diff: SpecDiff) -> str:
    """Say what a reviewer can do with the newer version: approve or reject it only when it is proposed."""
    if diff.to_status in (None, "proposed"):
        return f"approve with `mcc rules approve {diff.rule_id}`, or reject with a comment"
    if diff.to_status == "approved":
        return "it is the version that runs; nothing of it waits for review"
    return f"v{diff.to_version} is {diff.to_status} and waits for no review (`mcc rules history {diff.rule_id}` says why)"


def answer_rule_changes(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Diff the named rule's latest version against the running one (else the one before)."""
    rule_id = str(state.get("about_rule"))
    diff, trace, exc = call_tool("diff_versions", lambda: runtime.context.backend().rule_diff(rule_id),
                                 lambda d: f"{d.rule_id} v{d.from_version} -> v{d.to_version}: {len(d.changes)} change(s)")
    if exc is not None or diff is None:
        refusal = Refusal(reason=f"No changes to show for {rule_id}: {exc.message if exc else 'none'}.",
                          suggestions=[f"mcc rules show {rule_id}", f"mcc rules history {rule_id}"])
        return {"result": refusal.model_dump(mode="json"), "tools": [trace], "steps": ["answer_rule_changes"]}
    answer = QuestionAnswer(
        question=(f"What changed in {rule_id}: v{diff.from_version}{_status(diff.from_status)} -> v{diff.to_version}"
                  f"{_status(diff.to_status)} (`mcc rules diff {rule_id}` says the same; {_next_step(diff)})"),
        sql="", columns=["change"], rows=_rows(diff))
    return {"result": answer.model_dump(mode="json"), "tools": [trace], "steps": ["answer_rule_changes"]}
