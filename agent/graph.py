"""The command-center agent as a LangGraph StateGraph: intent first, then one path per intent.

    classify ─┬─ draft ⇄ validate → preview → confirm (interrupt) → propose → finish   (decision, eligibility)
              ├─ validate → …  ("propose it" in a thread: the thread's draft as it is)
              ├─ plan_debug → gather → diagnose → summarize → finish                    (debug)
              ├─ plan_question ⇄ run_question → finish                                  (question)
              ├─ answer_about_draft → finish   ("how many people is that?" in a thread: the draft's preview)
              ├─ answer_rule_changes → finish  ("what changed in trial_policy?": the registry's diff)
              ├─ answer_registry → finish      ("what's waiting for review?": the registry's versions)
              ├─ answer_catalog → finish       ("what does momentum_score mean?": the catalog's entries)
              ├─ answer_rule_audience → finish ("who is in the upgrade nudge's audience?": what runs, previewed)
              ├─ answer_user_decisions → finish ("why did u0000011 get the upgrade nudge?": the run's explanation)
              ├─ answer_rule_settings → finish ("what's the holdout of the upgrade nudge?": the running spec, in words)
              ├─ answer_runs → finish          ("when did the last run happen?": the runs and their messages)
              ├─ answer_sends → finish         ("which rules sent the most messages last week?": per rule)
              ├─ answer_run_outcomes → finish  ("how many are held out of the nudge?": the latest run's decisions)
              ├─ answer_what_if → finish       ("… if we dropped the pricing condition?": a changed copy, previewed)
              ├─ answer_rule_history → finish  ("show me the history of the trial policy": each version)
              ├─ answer_overlap → finish       ("how many are in both the nudge and the trial policy?": the preview)
              ├─ measure_performance → finish                                            (performance)
              └─ out_of_scope → finish

There is no approve or apply node: the agent proposes, a person approves in the registry.
`graph` (module level) is what `langgraph.json` serves; it needs no model and no network to build.
"""

from __future__ import annotations

from typing import Any, Literal, cast

from langgraph.graph import END, START, StateGraph

from agent.context import Context
from agent.nodes.audience_reading import answer_rule_audience
from agent.nodes.catalog_reading import answer_catalog
from agent.nodes.counts_reading import answer_overlap, answer_run_outcomes, answer_sends, answer_what_if
from agent.nodes.debug import diagnose, gather, plan_debug, summarize_grounded
from agent.nodes.draft_talk import answer_about_draft
from agent.nodes.drafting import confirm, draft, preview, propose, validate
from agent.nodes.finish import finish
from agent.nodes.history_reading import answer_rule_history
from agent.nodes.intake import classify, out_of_scope
from agent.nodes.performance import measure_performance
from agent.nodes.question import plan_question, run_question
from agent.nodes.registry_reading import answer_registry
from agent.nodes.rule_changes import answer_rule_changes
from agent.nodes.runs_reading import answer_runs
from agent.nodes.settings_reading import answer_rule_settings
from agent.nodes.user_reading import answer_user_decisions
from agent.state import READING_NODES, AgentInput, AgentOutput, AgentState

Route = Literal["draft", "validate", "plan_debug", "plan_question", "answer_about_draft", "answer_rule_changes",
                "answer_registry", "answer_catalog", "answer_rule_audience", "answer_user_decisions",
                "answer_rule_settings", "answer_runs", "answer_sends", "answer_run_outcomes", "answer_what_if",
                "answer_rule_history", "answer_overlap", "measure_performance", "out_of_scope", "finish"]


def route_intent(state: AgentState) -> Route:
    """Send the prompt down its intent's path; the thread's draft, to be proposed as it is, skips drafting."""
    if state.get("error") or state.get("result") is not None:  # classify answered it ("nothing to undo")
        return "finish"
    for key, node in READING_NODES.items():
        if state.get(key):  # type: ignore[misc]
            return cast(Route, node)
    intent = state.get("intent")
    if intent in ("decision", "eligibility"):
        return "validate" if state.get("draft") else "draft"
    if intent == "debug":
        return "plan_debug"
    if intent == "question":
        return "plan_question"
    if intent == "performance":
        return "measure_performance"
    return "out_of_scope"


def after_draft(state: AgentState) -> Literal["validate", "finish"]:
    """Validate a draft; stop on a refusal or an error."""
    return "validate" if state.get("draft") and not state.get("error") and state.get("result") is None else "finish"


def after_validate(state: AgentState) -> Literal["draft", "preview", "finish"]:
    """Preview a valid draft, send errors back to the planner, or stop once the rounds are spent."""
    if state.get("error"):
        return "finish"
    return "draft" if state.get("feedback") else "preview"


def after_preview(state: AgentState) -> Literal["confirm", "finish"]:
    """Ask for confirmation only when the caller wants a proposal."""
    return "confirm" if state.get("propose") and not state.get("error") else "finish"


def after_confirm(state: AgentState) -> Literal["propose", "finish"]:
    """Propose only what the person confirmed."""
    return "propose" if state.get("confirmed") else "finish"


def after_plan(state: AgentState) -> Literal["gather", "finish"]:
    return "gather" if state.get("plan") and not state.get("error") else "finish"


def after_gather(state: AgentState) -> Literal["diagnose", "finish"]:
    return "finish" if state.get("error") else "diagnose"


def after_plan_question(state: AgentState) -> Literal["run_question", "finish"]:
    return "run_question" if state.get("plan") and not state.get("error") and state.get("result") is None else "finish"


def after_run_question(state: AgentState) -> Literal["plan_question", "finish"]:
    """Retry with the refusal as feedback until an answer, or until the rounds are spent."""
    return "finish" if state.get("error") or state.get("result") is not None else "plan_question"


def build_graph(checkpointer: Any = None) -> Any:
    """Compile the graph; pass a checkpointer for interrupts and persistent threads."""
    builder = StateGraph(AgentState, context_schema=Context, input_schema=AgentInput, output_schema=AgentOutput)
    builder.add_node("classify", classify)
    builder.add_node("out_of_scope", out_of_scope)
    builder.add_node("draft", draft)
    builder.add_node("validate", validate)
    builder.add_node("preview", preview)
    builder.add_node("confirm", confirm)
    builder.add_node("propose", propose)
    builder.add_node("plan_debug", plan_debug)
    builder.add_node("gather", gather)
    builder.add_node("diagnose", diagnose)
    builder.add_node("summarize", summarize_grounded)
    builder.add_node("plan_question", plan_question)
    builder.add_node("run_question", run_question)
    builder.add_node("measure_performance", measure_performance)
    builder.add_node("answer_about_draft", answer_about_draft)
    builder.add_node("answer_rule_changes", answer_rule_changes)
    builder.add_node("answer_registry", answer_registry)
    builder.add_node("answer_catalog", answer_catalog)
    builder.add_node("answer_rule_audience", answer_rule_audience)
    builder.add_node("answer_user_decisions", answer_user_decisions)
    builder.add_node("answer_rule_settings", answer_rule_settings)
    builder.add_node("answer_runs", answer_runs)
    builder.add_node("answer_sends", answer_sends)
    builder.add_node("answer_run_outcomes", answer_run_outcomes)
    builder.add_node("answer_what_if", answer_what_if)
    builder.add_node("answer_rule_history", answer_rule_history)
    builder.add_node("answer_overlap", answer_overlap)
    builder.add_node("finish", finish)

    builder.add_edge(START, "classify")
    builder.add_conditional_edges("classify", route_intent)
    builder.add_edge("out_of_scope", "finish")
    builder.add_conditional_edges("draft", after_draft)
    builder.add_conditional_edges("validate", after_validate)
    builder.add_conditional_edges("preview", after_preview)
    builder.add_conditional_edges("confirm", after_confirm)
    builder.add_edge("propose", "finish")
    builder.add_conditional_edges("plan_debug", after_plan)
    builder.add_conditional_edges("gather", after_gather)
    builder.add_edge("diagnose", "summarize")
    builder.add_edge("summarize", "finish")
    builder.add_conditional_edges("plan_question", after_plan_question)
    builder.add_conditional_edges("run_question", after_run_question)
    builder.add_edge("measure_performance", "finish")
    builder.add_edge("answer_about_draft", "finish")
    builder.add_edge("answer_rule_changes", "finish")
    builder.add_edge("answer_registry", "finish")
    builder.add_edge("answer_catalog", "finish")
    builder.add_edge("answer_rule_audience", "finish")
    builder.add_edge("answer_user_decisions", "finish")
    builder.add_edge("answer_rule_settings", "finish")
    builder.add_edge("answer_runs", "finish")
    builder.add_edge("answer_sends", "finish")
    builder.add_edge("answer_run_outcomes", "finish")
    builder.add_edge("answer_what_if", "finish")
    builder.add_edge("answer_rule_history", "finish")
    builder.add_edge("answer_overlap", "finish")
    builder.add_edge("finish", END)
    return builder.compile(checkpointer=checkpointer, name="command_center")


graph = build_graph()
