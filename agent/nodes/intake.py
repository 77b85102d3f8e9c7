"""Intake: classify the prompt's intent, and answer out-of-scope prompts with a refusal."""

from __future__ import annotations

from functools import partial
from typing import Any

from langgraph.runtime import Runtime

from agent.answer_follow_up import follow_up_prompt
from agent.catalog_planner.intent import is_approval_request
from agent.catalog_questions import read_catalog_question
from agent.context import Context
from agent.draft_questions import asks_about_draft, asks_rule_changes, reads_as_undo, rule_named
from agent.glossary import glossary_answer, read_glossary_question
from agent.help_answer import asks_for_help, help_answer
from agent.nodes.common import metered
from agent.nodes.draft_talk import undo_update
from agent.nodes.refusals import (
    NOT_AN_APPROVER,
    SHOW_RULE,
    asks_about_registry,
    asks_file_export,
    asks_registry_act,
    refusal_for,
    registry_approval,
)
from agent.performance_follow_up import reads_as_follow_up
from agent.performance_match import asks_about_performance, reads_as_performance
from agent.reading_follow_up import asked_again, changed_reading, said_part
from agent.reading_text import readable
from agent.registry_questions import asks_registry_count, asks_rule_history
from agent.revision_cues import reads_as_proposal, reads_as_revision
from agent.rule_audience import asks_every_audience, asks_rule_audience, running_spec
from agent.rule_overlap import asks_overlap
from agent.rule_settings import SettingsAsk, asks_rule_settings, may_ask_rule_settings
from agent.run_outcomes import asks_run_outcome
from agent.run_questions import asks_about_runs
from agent.send_counts import asks_sends_by_rule
from agent.state import READING_NODES, AgentState
from agent.user_explain import asks_why_user
from agent.what_if import asks_to_draft_it, change_of, read_what_if
from orchestrator.spec import Policy, Rule
from warehouse.errors import MccError

# A chat thread keeps its state between prompts: a new prompt starts these afresh.
FRESH_RUN: dict[str, Any] = {
    "draft": None, "revising": None, "changes": [], "feedback": [], "validation": {"errors": [], "warnings": []}, "rounds": 0, "preview": None,
    "confirmed": None, "proposal_id": None, "undoing": False, "about_draft": None, "about_rule": None, "about_registry": False, "about_catalog": None, "about_audience": None, "about_user": None, "about_settings": None, "about_runs": False, "about_sends": None, "about_outcomes": None, "about_what_if": None, "about_history": None, "about_overlap": None, "following": None, "followed": None, "plan": None, "evidence": None, "result": None, "error": None,
}


ANSWERED_INTENTS = ("debug", "question")  # the answers a chat follow-up can ask again with a part changed



def last_valid_draft(state: AgentState) -> dict[str, Any] | None:
    """Return the draft the thread's previous run left valid (drafted, or drafted and proposed), else the one before.

    A run that stopped after drafting (the warehouse locked at the preview or the proposal) keeps its draft: the
    stop was not the draft's fault, and whatever is done with it next validates it again."""
    draft = state.get("draft")
    if draft and not (state.get("validation") or {}).get("errors"):
        return draft
    return state.get("last_draft")


def draft_intent(draft: dict[str, Any]) -> str:
    """Return the drafting intent a draft belongs to: a rule is eligibility, a policy a decision."""
    return "eligibility" if draft.get("kind") == "rule" else "decision"


def classify(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Decide which path the prompt takes; in a thread, a change to the last draft goes back to drafting it, and
    a follow-up to a performance answer ("and on iOS?") measures that question again with the change."""
    update = _route(state, runtime)
    # a follow-up follows the message just answered, nothing older (`finish` records a diagnosis or data answer)
    if update.get("intent") != "performance":
        update["last_performance"] = None
    if update.get("intent") not in ANSWERED_INTENTS or any(update.get(key) for key in READING_NODES):
        update["last_answered"] = None
    return update


def _route(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    planner = runtime.context.planner()
    previous = last_valid_draft(state)
    said = readable(state["prompt"])  # the reading checks read chat shorthand spelt out; a planner reads it as typed
    carried = {"last_draft": previous}
    if (copy := _what_if_copy(state)) is not None and (reads_as_proposal(said) or asks_to_draft_it(said)):
        # "draft it", "propose it" after a what-if: its changed copy is the draft, validated, previewed and (to be
        # proposed) confirmed as any draft; a new version of the running rule, for a reviewer to approve
        return {**FRESH_RUN, **carried, "intent": draft_intent(copy), "draft": copy, "steps": ["classify"]}
    if previous is not None and reads_as_proposal(state["prompt"]):
        # "propose it": the draft on the table, as it is, goes to validation, preview and the confirmation
        return {**FRESH_RUN, **carried, "intent": draft_intent(previous), "draft": previous, "steps": ["classify"]}
    if (settings := _settings_asked_about(said, runtime.context)) is not None:
        # "what's the holdout of the upgrade nudge?", "who approved it?", "compare A and B": the running specs say
        return {**FRESH_RUN, **carried, "intent": "question", "about_settings": settings.model_dump(mode="json"),
                "steps": ["classify"]}
    if (is_approval_request(state["prompt"]) and not asks_about_registry(said)
            and asks_rule_history(said) is None):
        # approving, going live and changing data are a person's acts, whichever planner reads the prompt: the
        # refusal says who does them and how (an LLM could read "approve it" as a draft to make)
        return {**FRESH_RUN, **carried, "intent": "out_of_scope", "steps": ["classify"]}
    if previous is not None and reads_as_undo(state["prompt"]):
        # "undo that": the version before the last change goes back through validation, preview and confirmation
        return {**FRESH_RUN, **carried, **undo_update(state, previous), "steps": ["classify"]}
    if asks_for_help(state["prompt"]):
        # "help", "what can you do?", "hi": what the agent does, with a prompt to try for each
        return {**FRESH_RUN, **carried, "intent": "question", "result": help_answer().model_dump(mode="json"),
                "steps": ["classify"]}
    if asks_file_export(state["prompt"]) or asks_registry_act(state["prompt"]):
        # "roll back upgrade_nudge to v1", "retire the nudge", "deliver the outbox": a person's commands, told which
        return {**FRESH_RUN, **carried, "intent": "out_of_scope", "steps": ["classify"]}
    if (asked := state.get("last_performance")) and reads_as_follow_up(state["prompt"]):
        # "and on iOS?", "what about the second workout rule?", "rank them by lift": the last answer, changed
        return {**FRESH_RUN, **carried, "intent": "performance", "following": asked, "steps": ["classify"]}
    if (answered := state.get("last_answered")) and reads_as_follow_up(state["prompt"]):
        # "and on Android?", "what about last week?": the last diagnosis or data question, asked again so changed
        again = follow_up_prompt(answered["prompt"], state["prompt"], runtime.context.catalog)
        return {**FRESH_RUN, **carried, "intent": answered["intent"], "prompt": again, "followed": answered["prompt"],
                "steps": ["classify"]}
    if ((read := state.get("last_read")) and (reads_as_follow_up(said) or change_of(said) is not None)
            and (read_again := _read_again(state, read, runtime)) is not None):
        # "what about the trial policy?", "and u0000042?", "and on Android?": the last reading question, changed
        return read_again
    if asks_registry_count(said):
        # "how many rules are running?", "has anyone rejected a rule?": the registry's listing (users whose preferred
        # workout is running were counted)
        return {**FRESH_RUN, **carried, "intent": "question", "about_registry": True, "steps": ["classify"]}
    if (history := _history_asked_about(said, runtime.context)) is not None:
        # "show me the history of the trial policy", "what's the latest version of the nudge?": its versions
        return {**FRESH_RUN, **carried, "intent": "question", "about_history": history, "steps": ["classify"]}
    if (counted := _counted(said, runtime.context, drafting=previous is not None)) is not None:
        # "which rules sent the most messages last week?", "how many are held out of the nudge?", "how many would the
        # nudge reach if we dropped the pricing condition?": what was sent, what the last run kept out, a changed copy
        return {**FRESH_RUN, **carried, "intent": "question", **counted, "steps": ["classify"]}
    if previous is not None and (about := asks_about_draft(state["prompt"], runtime.context.catalog)) is not None:
        # "how many people is that?": answered from the draft's own preview, not a query about "that"
        return {**FRESH_RUN, **carried, "intent": "question", "about_draft": about.model_dump(), "steps": ["classify"]}
    if previous is not None and reads_as_revision(state["prompt"], previous):
        return {**FRESH_RUN, **carried, "intent": draft_intent(previous), "revising": previous, "steps": ["classify"]}
    if (reviewed := _rule_asked_about(state["prompt"], runtime.context)) is not None:
        # "what changed in trial_policy?": the registry's diff, not a metric to diagnose
        return {**FRESH_RUN, **carried, "intent": "question", "about_rule": reviewed, "steps": ["classify"]}
    if asks_about_runs(said):
        # "when did the last run happen?": what the executor ran and where its messages stand, not a rule to draft
        return {**FRESH_RUN, **carried, "intent": "question", "about_runs": True, "steps": ["classify"]}
    if (person := asks_why_user(said)) is not None:
        # "why did u0000011 get the upgrade nudge?": the executor's own explanation, not a metric to diagnose
        return {**FRESH_RUN, **carried, "intent": "question", "steps": ["classify"],
                "about_user": {"user_id": person.user_id, "rule_id": _rule_of(person.rule_words, runtime.context)}}
    if asks_every_audience(said):
        # "which rule has the biggest audience?": every running rule previewed, not a rule named "biggest"
        return {**FRESH_RUN, **carried, "intent": "question", "about_audience": {"every": True}, "steps": ["classify"]}
    if (running := _audience_asked_about(said, runtime.context)) is not None:
        # "who is in the upgrade nudge's audience?": the preview of what runs, not a new rule named after it
        spec, rule_id = running
        return {**FRESH_RUN, **carried, "intent": "question", "steps": ["classify"],
                "about_audience": {"spec": spec.model_dump(mode="json"), "rule_id": rule_id}}
    if _asks_how_rules_did(state["prompt"], runtime.context):
        # "is the upgrade nudge working?": the rules that ran are warehouse data no planner knows by name
        return {**FRESH_RUN, **carried, "intent": "performance", "steps": ["classify"]}
    if (ask := read_catalog_question(state["prompt"], runtime.context.catalog)) is not None:
        # "what does momentum_score mean?", "is there an event for referrals?": the catalog answers, not a draft
        return {**FRESH_RUN, **carried, "intent": "question", "about_catalog": ask.model_dump(), "steps": ["classify"]}
    if (terms := read_glossary_question(state["prompt"])) is not None:
        # "what's the difference between a suppression and a stop condition?": the tool's own words, said
        return {**FRESH_RUN, **carried, "intent": "question", "result": glossary_answer(terms).model_dump(mode="json"),
                "steps": ["classify"]}
    if asks_about_registry(said):
        if not SHOW_RULE.match(said):
            # "what's waiting for review?", "which rules are live?": the registry's versions, read and listed
            return {**FRESH_RUN, **carried, "intent": "question", "about_registry": True, "steps": ["classify"]}
        # "show me trial_policy": the spec is read with `mcc rules show` (the refusal says how); a planner would
        # read the rule's name as an audience to draft
        return {**FRESH_RUN, **carried, "intent": "out_of_scope", "steps": ["classify"]}
    try:
        with metered(planner) as spent:
            intent = planner.classify(state["prompt"], runtime.context.catalog)
    except MccError as exc:
        return {**FRESH_RUN, **carried, "error": str(exc), "intent": "out_of_scope", **spent, "steps": ["classify"]}
    return {**FRESH_RUN, **carried, "intent": intent, **spent, "steps": ["classify"]}


def _read_again(state: AgentState, read: dict[str, Any], runtime: Runtime[Context]) -> dict[str, Any] | None:
    """Return the route of the last reading question asked again with the follow-up's part in place, else None (a
    question that reads whole on its own: "what if the nudge were iOS only?" is not the last what-if, changed)."""
    context = runtime.context
    prompt = readable(state["prompt"])
    if (_counted(prompt, context, drafting=False) is not None or asks_why_user(prompt) is not None
            or _settings_asked_about(prompt, context) is not None or _audience_asked_about(prompt, context) is not None):
        return None
    # "what about the trial policy?" after its holdout, "and in October?": the question's words, the part swapped, read
    # again as the same kind of question (a suffix a structured follow-up left can make it read as another)
    again = asked_again(read["prompt"], prompt, _rule_names(context), context.catalog)
    if again is not None:
        update = _route({**state, "prompt": again, "last_read": None, "last_answered": None, "last_performance": None},
                        runtime)
        if update.get(read["key"]):
            return {**update, "prompt": again, "followed": read["prompt"]}
    # "and on Android?" after an audience (that rule kept to those people, a what-if), "only emails?" after the sends
    changed = changed_reading(read["key"], read.get("value") or {}, prompt, partial(_rule_ids, context=context),
                              context.catalog)
    if changed is None:
        return None
    return {**FRESH_RUN, "last_draft": last_valid_draft(state), "intent": "question", "steps": ["classify"], **changed,
            "prompt": f"{read['prompt']} ({said_part(prompt)})", "followed": read["prompt"]}


def _what_if_copy(state: AgentState) -> dict[str, Any] | None:
    """Return the changed copy of a running rule the thread's last message previewed as a what-if, else None."""
    read = state.get("last_read") or {}
    return (read.get("value") or {}).get("changed") if read.get("key") == "about_what_if" else None


def _rule_ids(name: str, context: Context) -> list[str] | None:
    """Return the running rule ids words name (a policy: its rules), else None."""
    if (found := _running(name, context)) is None:
        return None
    spec, rule_id = found
    return [r.id for r in spec.rules] if isinstance(spec, Policy) and rule_id == spec.id else [rule_id]


def _rule_names(context: Context) -> list[str]:
    """Return the ids of what runs (policies, their rules) and of the rules that ran, for a follow-up to name."""
    try:
        backend = context.backend()
        active = backend.active_specs()
        ran = [r.rule_id for r in backend.ran_rules()]
    except MccError:  # no warehouse to read: no rule to name
        return []
    ids = [spec.id for spec in active] + [r.id for spec in active if isinstance(spec, Policy) for r in spec.rules]
    return list(dict.fromkeys(ids + ran))


def _running(name: str, context: Context) -> tuple[Rule | Policy, str] | None:
    """Return the running spec and rule id words name, else None (nothing runs, or nothing by that name)."""
    try:
        return running_spec(name, context.backend().active_specs())
    except MccError:  # no warehouse to read: nothing runs
        return None


def _counted(prompt: str, context: Context, *, drafting: bool) -> dict[str, Any] | None:
    """Return the state a question about sends, the latest run's decisions, two running rules' overlap or a what-if reads as,
    else None.

    With a draft on the table, "how many are in the holdout?" (no rule, no run named) is the draft's preview."""
    if (sends := asks_sends_by_rule(prompt)) is not None:
        return {"about_sends": sends.model_dump(mode="json")}
    if (done := asks_run_outcome(prompt)) is not None:
        if done.name is None and done.outcome != "control" and drafting and not done.of_run and not done.most:
            return None
        if done.name is None:
            return {"about_outcomes": {"ask": done.model_dump(), "rule_ids": None}}
        ids = _rule_ids(done.name, context)
        return None if ids is None else {"about_outcomes": {"ask": done.model_dump(), "rule_ids": ids}}
    if (names := asks_overlap(prompt)) is not None:
        # a rule's preview counts its overlaps: a policy named first is read second ("the trial policy and the nudge")
        for one, other in (names, names[::-1]):
            first, second = _running(one, context), _rule_ids(other, context)
            if first is None or second is None or (isinstance(first[0], Policy) and first[1] == first[0].id):
                continue
            spec, rule_id = first
            return {"about_overlap": {"spec": spec.model_dump(mode="json"), "rule_id": rule_id,
                                      "others": [i for i in second if i != rule_id]}}
        return None
    if (what_if := read_what_if(prompt)) is not None and (found := _running(what_if.name, context)) is not None:
        return {"about_what_if": {"ask": what_if.model_dump(), "spec": found[0].model_dump(mode="json"),
                                  "rule_id": found[1]}}
    return None


def _history_asked_about(prompt: str, context: Context) -> str | None:
    """Return the registry rule whose versions a prompt asks about, reading the registry only when it could."""
    return _registry_rule(asks_rule_history(prompt), context)


def _rule_asked_about(prompt: str, context: Context) -> str | None:
    """Return the registry rule a prompt asks what changed in, reading the registry only when it could."""
    return _registry_rule(asks_rule_changes(prompt), context)


def _registry_rule(name: str | None, context: Context) -> str | None:
    """Return the registry's rule id a name says, or None (no name, no such rule, or no warehouse to read)."""
    if name is None:
        return None
    try:
        ids = context.backend().registry_ids()
    except MccError:  # no warehouse to read: no rule to name
        return None
    return rule_named(name, ids)


def _settings_asked_about(prompt: str, context: Context) -> SettingsAsk | None:
    """Return what a question about running rules' settings asks, reading the registry only when it could be one."""
    if not may_ask_rule_settings(prompt):
        return None
    try:
        active = context.backend().active_specs()
    except MccError:  # no warehouse to read: nothing runs
        return None
    return asks_rule_settings(prompt, active)


def _rule_of(words: str, context: Context) -> str | None:
    """Return the running rule id words name ("the upgrade nudge"), else None (every rule is explained)."""
    if not words:
        return None
    try:
        found = running_spec(words, context.backend().active_specs())
    except MccError:
        return None
    if found is None or (isinstance(found[0], Policy) and found[1] == found[0].id):
        return None  # a policy named: each of its rules is explained
    return found[1]


def _audience_asked_about(prompt: str, context: Context) -> tuple[Rule | Policy, str] | None:
    """Return the running spec and rule id whose audience a prompt asks about, reading the registry only when it could."""
    name = asks_rule_audience(prompt)
    if name is None:
        return None
    try:
        active = context.backend().active_specs()
    except MccError:  # no warehouse to read: nothing runs
        return None
    return running_spec(name, active)


def _asks_how_rules_did(prompt: str, context: Context) -> bool:
    """Return whether the prompt asks how rules that ran did (reading them only when it could)."""
    if not asks_about_performance(prompt):
        return False
    try:
        ran = context.backend().ran_rules()
    except MccError:  # no warehouse to read: a general question about "our campaigns" still routes here
        ran = []
    return reads_as_performance(prompt, ran)


def out_of_scope(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Say plainly what the agent can do instead, in the terms of what was asked (approving, changing data, ...)."""
    draft = state.get("last_draft") or {}
    refusal = refusal_for(state["prompt"], draft.get("id"))
    if refusal.reason == NOT_AN_APPROVER:
        # "approve the trial policy": what the registry holds of it, and whose command approving is
        try:
            versions = runtime.context.backend().registry_versions()
        except MccError:  # no warehouse to read: the general answer stands
            versions = []
        refusal = registry_approval(state["prompt"], draft.get("id"), versions, runtime.context.actor) or refusal
    return {"result": refusal.model_dump(mode="json"), "steps": ["out_of_scope"]}
