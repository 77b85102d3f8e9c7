"""The graph's input, state and output types; list and usage channels carry explicit reducers.

Values are plain JSON (spec dicts, preview dicts) so a checkpointer can store a thread and Studio can
show it without importing our classes.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, NotRequired

from typing_extensions import TypedDict

from agent.types import Intent


def add_usage(left: dict[str, int] | None, right: dict[str, int] | None) -> dict[str, int]:
    """Sum model calls and tokens from each node that called a model."""
    total = dict(left or {})
    for key, value in (right or {}).items():
        total[key] = total.get(key, 0) + value
    return total


class AgentInput(TypedDict):
    """What a caller sends: the prompt, and whether a confirmed draft may be proposed."""

    prompt: str
    propose: NotRequired[bool]


class AgentOutput(TypedDict, total=False):
    """What a run returns (see `agent.api.to_ask_result`)."""

    prompt: str
    intent: Intent
    result: dict[str, Any] | None
    validation: dict[str, Any]
    preview: dict[str, Any] | None
    proposal_id: str | None
    confirmed: bool | None
    error: str | None
    rounds: int
    tools: list[dict[str, Any]]
    steps: list[str]
    usage: dict[str, int]
    fallbacks: list[str]


class AgentState(TypedDict, total=False):
    """Everything the nodes read and write during one run."""

    prompt: str
    propose: bool
    intent: Intent
    draft: dict[str, Any] | None
    # The thread's last valid draft, and the draft this message changes ("make it email only"), if it does.
    last_draft: dict[str, Any] | None
    revising: dict[str, Any] | None
    changes: list[str]  # what a change to the draft changed, in words
    # The valid versions of the draft on the table, oldest first ({"draft", "revised"}), for "undo that" and
    # "what changed?"; a message that takes the last change back, and one that asks about the draft.
    history: list[dict[str, Any]]
    undoing: bool
    about_draft: dict[str, Any] | None  # a DraftQuestion: kind, and the trait and value of a breakdown
    about_rule: str | None  # the registry rule a reviewer asks "what changed in X?" about
    about_registry: bool  # "what's waiting for review?", "which rules are live?": the registry's versions, listed
    about_catalog: dict[str, Any] | None  # "what does momentum_score mean?": agent.catalog_questions.CatalogAsk
    about_audience: dict[str, Any] | None  # "who is in the upgrade nudge's audience?": the running spec and rule id
    about_user: dict[str, Any] | None  # "why did u0000011 get the upgrade nudge?": the user id and the rule id, if named
    about_settings: dict[str, Any] | None  # "what's the holdout of the upgrade nudge?": agent.rule_settings.SettingsAsk
    about_runs: bool  # "when did the last run happen?", "how many messages are waiting?": the runs on record
    about_sends: dict[str, Any] | None  # "which rules sent the most messages last week?": agent.send_counts.SendsAsk
    about_outcomes: dict[str, Any] | None  # "how many are held out of the nudge?": the OutcomeAsk and the rule ids
    about_overlap: dict[str, Any] | None  # "how many are in both the nudge and the trial policy?": a spec, its rule, the others
    about_history: str | None  # "show me the history of the trial policy": the registry rule whose versions are listed
    about_what_if: dict[str, Any] | None  # "how many would the nudge reach if we dropped …?": the WhatIf and the spec
    # The thread's last reading question ({"prompt", "key"}) while it was answered, for "what about the trial policy?"
    last_read: dict[str, Any] | None
    # The thread's last performance question (an AskedPerformance), while the last message was one; and the one
    # this message follows up on ("and on iOS?"), if it does.
    last_performance: dict[str, Any] | None
    following: dict[str, Any] | None
    # The thread's last diagnosis or data question ({"intent", "prompt"}) while it was answered; and the question
    # this message asks again with a part changed ("and on Android?"), if it does.
    last_answered: dict[str, Any] | None
    followed: str | None
    feedback: list[dict[str, Any]]
    validation: dict[str, Any]
    rounds: int
    preview: dict[str, Any] | None
    confirmed: bool | None
    proposal_id: str | None
    plan: dict[str, Any] | None
    evidence: dict[str, Any] | None
    result: dict[str, Any] | None
    error: str | None
    tools: Annotated[list[dict[str, Any]], operator.add]
    steps: Annotated[list[str], operator.add]
    usage: Annotated[dict[str, int], add_usage]
    fallbacks: Annotated[list[str], operator.add]


# What the intake read a question to be about -> the graph node that answers it by reading (a draft's preview, the
# registry, the catalog, what runs, a user's decisions, the runs): no planner reads these prompts, and a chat
# follow-up has nothing to ask again with a part changed.
READING_NODES: dict[str, str] = {
    "about_draft": "answer_about_draft", "about_rule": "answer_rule_changes", "about_registry": "answer_registry",
    "about_catalog": "answer_catalog", "about_audience": "answer_rule_audience", "about_user": "answer_user_decisions",
    "about_settings": "answer_rule_settings", "about_runs": "answer_runs", "about_sends": "answer_sends",
    "about_outcomes": "answer_run_outcomes", "about_what_if": "answer_what_if",
    "about_history": "answer_rule_history", "about_overlap": "answer_overlap",
}
