"""Answer a reviewer's "what's waiting for review?" or "which rules are live?": the registry's versions that wait
and those that run, each with who proposed it and the command that reads it (read-only)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from langgraph.runtime import Runtime

from agent.context import Context
from agent.nodes.common import call_tool
from agent.state import AgentState
from agent.types import QuestionAnswer, Refusal
from orchestrator.registry.records import VersionInfo


def _row(v: VersionInfo) -> list[str]:
    """Return one version as a row: what it is, who wrote and approved it, and what a reviewer types next."""
    if v.status == "proposed":
        # a first version has nothing to diff against: whom it reaches is what to read
        read = f"mcc rules diff {v.rule_id}" if v.version > 1 else f"mcc preview {v.rule_id} --version 1"
        step = f"{read}, then mcc rules approve {v.rule_id} --as REVIEWER (not {v.author})"
    else:
        step = f"runs; mcc rules show {v.rule_id}"
    return [v.rule_id, f"v{v.version}", "waiting for review" if v.status == "proposed" else "running", v.author,
            v.reviewer or "", step]


def answer_registry(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """List the versions waiting for review, then those that run, as `mcc rules list` holds them."""
    versions, trace, exc = call_tool("list_versions", lambda: runtime.context.backend().registry_versions(),
                                     lambda vs: f"{len(vs)} version(s)")
    if exc is not None or versions is None:
        refusal = Refusal(reason=f"The registry could not be read: {exc.message if exc else 'no answer'}.",
                          suggestions=["mcc rules list"])
        return {"result": refusal.model_dump(mode="json"), "tools": [trace], "steps": ["answer_registry"]}
    waiting = [v for v in versions if v.status == "proposed"]
    running = [v for v in versions if v.status == "approved"]
    policies = sum(v.kind == "policy" for v in running)
    # rejections are said even when there are none: "has anyone rejected a rule?" is answered here
    others = {"rejected": 0, **Counter(v.status for v in versions if v.status not in ("proposed", "approved"))}
    question = (f"The registry: {len(waiting)} version(s) waiting for review, {len(running)} running "
                f"({len(running) - policies} rule(s), {policies} polic{'y' if policies == 1 else 'ies'})"
                + "".join(f", {n} {status}" for status, n in sorted(others.items()))
                + " (`mcc rules list` shows every version, `mcc rules history` who did what)")
    if not versions:
        question = "The registry holds no rule or policy yet: drafts are proposed with 'propose it' or mcc ask --propose"
    answer = QuestionAnswer(question=question, sql="", columns=["rule", "version", "status", "proposed by",
                                                                "approved by", "next"],
                            rows=[_row(v) for v in [*waiting, *running]])
    return {"result": answer.model_dump(mode="json"), "tools": [trace], "steps": ["answer_registry"]}
