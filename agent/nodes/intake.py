"""Intake: classify the prompt's intent, and answer out-of-scope prompts with a refusal."""

from __future__ import annotations

import re
from typing import Any

from langgraph.runtime import Runtime

from agent.catalog_planner.intent import is_approval_request
from agent.context import Context
from agent.nodes.common import metered
from agent.revision_cues import reads_as_proposal, reads_as_revision
from agent.state import AgentState
from agent.types import Refusal
from warehouse.errors import MccError

OUT_OF_SCOPE = (
    "This asks for something the command center does not do. It drafts eligibility rules and decision "
    "policies, diagnoses a metric change across segments, and answers data questions from the warehouse."
)


# A chat thread keeps its state between prompts: a new prompt starts these afresh.
FRESH_RUN: dict[str, Any] = {
    "draft": None, "revising": None, "changes": [], "feedback": [], "validation": {"errors": [], "warnings": []}, "rounds": 0, "preview": None,
    "confirmed": None, "proposal_id": None, "plan": None, "evidence": None, "result": None, "error": None,
}


def last_valid_draft(state: AgentState) -> dict[str, Any] | None:
    """Return the draft the thread's previous run left valid (drafted, or drafted and proposed), else the one before."""
    draft = state.get("draft")
    if draft and not state.get("error") and not (state.get("validation") or {}).get("errors"):
        return draft
    return state.get("last_draft")


def draft_intent(draft: dict[str, Any]) -> str:
    """Return the drafting intent a draft belongs to: a rule is eligibility, a policy a decision."""
    return "eligibility" if draft.get("kind") == "rule" else "decision"


def classify(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Decide which path the prompt takes; in a thread, a change to the last draft goes back to drafting it."""
    planner = runtime.context.planner()
    previous = last_valid_draft(state)
    carried = {"last_draft": previous}
    if previous is not None and reads_as_proposal(state["prompt"]):
        # "propose it": the draft on the table, as it is, goes to validation, preview and the confirmation
        return {**FRESH_RUN, **carried, "intent": draft_intent(previous), "draft": previous, "steps": ["classify"]}
    if previous is not None and reads_as_revision(state["prompt"]) and not is_approval_request(state["prompt"]):
        return {**FRESH_RUN, **carried, "intent": draft_intent(previous), "revising": previous, "steps": ["classify"]}
    try:
        with metered(planner) as spent:
            intent = planner.classify(state["prompt"], runtime.context.catalog)
    except MccError as exc:
        return {**FRESH_RUN, **carried, "error": str(exc), "intent": "out_of_scope", **spent, "steps": ["classify"]}
    return {**FRESH_RUN, **carried, "intent": intent, **spent, "steps": ["classify"]}


NOT_AN_APPROVER = (
    "The agent does not approve, apply or run rules, and does not change data: it drafts and proposes. Approving is "
    "a person's act in the registry, by someone other than the proposal's author; `mcc run` then applies what is approved."
)


NOTHING_TO_PROPOSE = "There is no draft here to propose: a proposal is a draft this thread made first."


# What the approval guard refuses is either putting something live or changing the data: each is told its own why.
DATA_CHANGE = re.compile(r"\b(?:delete|drop|truncate|alter|insert into|update)\b", re.IGNORECASE)
GO_LIVE = re.compile(r"\b(?:approv\w*|go live|apply|deploy|activate|publish|enable|roll out|ship|launch|mcc run)\b",
                     re.IGNORECASE)
DATA_CHANGE_REFUSAL = Refusal(
    reason=("The agent reads the warehouse and never changes it: no deletes, updates or schema changes (its SQL runs "
            "on a read-only connection). It drafts rules and policies, diagnoses metric changes and answers data questions."),
    suggestions=["ask it as a question instead, e.g. 'How many trial users are on iOS?'",
                 "change data through the pipeline: mcc warehouse build, mcc collect load FILE"],
)


def approval_refusal(rule_id: str | None) -> Refusal:
    """Say who approves and with which command, naming the rule when the prompt or the thread names one."""
    target = rule_id or "RULE_ID"
    return Refusal(
        reason=NOT_AN_APPROVER,
        suggestions=[
            f"if {target} is not proposed yet, propose it first: answer y when chat asks, or mcc ask \"...\" --propose --as NAME",
            f"then a reviewer other than its author runs: mcc rules approve {target} --as REVIEWER "
            f"(or /approve {target} in mcc chat --as REVIEWER)",
            "mcc rules list shows what is waiting for review",
        ],
    )


# Rule ids are snake_case ('upgrade_nudge'): a word of that shape in 'approve upgrade_nudge' names the rule.
RULE_ID = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def named_rule(state: AgentState) -> str | None:
    """Return the rule id the prompt names, else the id of the thread's draft, else None."""
    named = RULE_ID.search(state["prompt"])
    if named:
        return named.group(0)
    return (state.get("last_draft") or {}).get("id")


def nothing_to_change(prompt: str) -> Refusal:
    """Say that a change was asked for where there is no draft to change, and how to get one."""
    return Refusal(
        reason=(f"{prompt.strip()!r} reads as a change to a draft, and there is no draft here to change: a change "
                "applies to the draft a chat thread made before."),
        suggestions=[
            "describe the rule first, e.g. 'Create eligibility rules for an upgrade nudge for trial users who viewed "
            "pricing', then ask for the change",
            "or resume the thread that has the draft: mcc chat --thread NAME",
        ],
    )


def out_of_scope(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Say plainly what the agent can do instead; a request to approve is told who approves, and how."""
    if is_approval_request(state["prompt"]):
        asks_data_change = DATA_CHANGE.search(state["prompt"]) and not GO_LIVE.search(state["prompt"])
        refusal = DATA_CHANGE_REFUSAL if asks_data_change else approval_refusal(named_rule(state))
        return {"result": refusal.model_dump(mode="json"), "steps": ["out_of_scope"]}
    if reads_as_revision(state["prompt"]):  # "hold out 20%" with no draft on the table
        return {"result": nothing_to_change(state["prompt"]).model_dump(mode="json"), "steps": ["out_of_scope"]}
    if reads_as_proposal(state["prompt"]):  # "propose it" with no draft on the table
        refusal = Refusal(reason=NOTHING_TO_PROPOSE, suggestions=[
            "describe the rule first, e.g. 'Create eligibility rules for an upgrade nudge for trial users who viewed pricing'",
            'or in one step: mcc ask "PROMPT" --propose --as YOUR_NAME',
        ])
        return {"result": refusal.model_dump(mode="json"), "steps": ["out_of_scope"]}
    refusal = Refusal(
        reason=OUT_OF_SCOPE,
        suggestions=[
            "Create eligibility rules for an upgrade nudge ...",
            "Why did conversion drop on iOS this week? ...",
            "How many trial users completed 3 workouts?",
        ],
    )
    return {"result": refusal.model_dump(mode="json"), "steps": ["out_of_scope"]}
