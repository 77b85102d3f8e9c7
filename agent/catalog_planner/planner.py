"""The catalog planner: the `Planner` the graph uses when no model is configured (no network, deterministic)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from agent.catalog_planner.channel_split import programs_by_channel
from agent.catalog_planner.clones import draft_clone, read_clone
from agent.catalog_planner.debug import plan_debug
from agent.catalog_planner.decision import draft_decision
from agent.catalog_planner.eligibility import draft_eligibility
from agent.catalog_planner.exclusions import draft_exclusion, read_exclusion
from agent.catalog_planner.feedback import apply_feedback
from agent.catalog_planner.intent import classify, is_approval_request
from agent.catalog_planner.journeys import read_journey, with_journey
from agent.catalog_planner.lexicon import Lexicon, build_lexicon
from agent.catalog_planner.person_age import refuse_person_age
from agent.catalog_planner.question import plan_question
from agent.catalog_planner.question_act_pairs import paired_acts
from agent.catalog_planner.question_background import asked_after_background
from agent.catalog_planner.refusals import out_of_scope
from agent.catalog_planner.request_framing import plain_request, strip_chatter
from agent.catalog_planner.revise import CannotApply, reads_as_own_request, revise_spec
from agent.catalog_planner.signup_spans import refuse_signup_spans
from agent.catalog_planner.verb_states import as_people_until_state
from agent.catalog_planner.yes_no import as_count_question
from agent.types import DebugPlan, Intent, QuestionPlan, Refusal, ToolCall, Usage
from orchestrator.spec import Policy, Rule
from warehouse.catalog import Catalog


def _draft(prompt: str, intent: Intent, catalog: Catalog, lexicon: Lexicon) -> Rule | Policy | Refusal:
    """Draft a decision's policy or an eligibility rule from the prompt's text."""
    if intent == "decision":
        return draft_decision(prompt, catalog, lexicon)
    draft: Rule | Policy | Refusal = draft_eligibility(prompt, catalog, lexicon)
    split = programs_by_channel(prompt) if isinstance(draft, Refusal) else None
    if split is not None:
        # "send the reminder by push to users with push enabled and by email to everyone else"
        by_channel = draft_decision(split, catalog, lexicon)
        draft = by_channel if isinstance(by_channel, Policy) else draft
    return draft


class CatalogPlanner:
    """Plan from the catalog alone: a lexicon of its names, synonyms and values, and a small grammar."""

    name = "catalog"

    def __init__(self, catalog: Catalog, active_specs: Callable[[], list[Rule | Policy]] | None = None) -> None:
        """`active_specs` reads the approved rules and policies, for prompts that change a running one."""
        self.catalog = catalog
        self.lexicon = build_lexicon(catalog)
        self.usage = Usage()
        self.active_specs = active_specs
        self.tool_calls: list[ToolCall] = []  # the registry reads it made, for the trace

    def _lexicon_for(self, catalog: Catalog) -> Lexicon:
        """Return the lexicon of `catalog`, rebuilding it when the graph passes a different catalog."""
        if catalog is not self.catalog:
            self.catalog, self.lexicon = catalog, build_lexicon(catalog)
        return self.lexicon

    def classify(self, prompt: str, catalog: Catalog) -> Intent:
        """Return the prompt's intent (of the request a chat message makes: `request_framing.py`)."""
        return classify(as_count_question(plain_request(prompt)), self._lexicon_for(catalog), catalog)

    def draft(
        self, prompt: str, intent: Intent, catalog: Catalog, feedback: list[dict[str, Any]]
    ) -> Rule | Policy | Refusal:
        """Draft a rule (eligibility) or policy (decision); with feedback, drop the conditions it names."""
        lexicon = self._lexicon_for(catalog)
        prompt = plain_request(prompt)  # "hey team, quick one — …", "if they've …, send X, otherwise Y"
        if is_approval_request(prompt) or intent not in ("decision", "eligibility"):
            return out_of_scope(prompt, catalog, approval=is_approval_request(prompt))
        exclusion = read_exclusion(prompt)
        if exclusion is not None:
            # "stop sending the upgrade emails to people with open tickets": a running rule's next version
            return draft_exclusion(exclusion, prompt, catalog, lexicon, self._running_specs())
        clone = read_clone(prompt)
        copied = draft_clone(clone, prompt, catalog, lexicon, self._running_specs()) if clone else None
        if copied is not None:
            # "a rule like the upgrade nudge, but for Android users": a running rule's copy, changed
            return copied
        aged = refuse_person_age(prompt, catalog) or refuse_signup_spans(prompt, catalog)
        if aged is not None:
            # "users aged 25-34 in the US": the age was dropped and every US user drafted; "first workout within 2
            # days of signing up" drafted people who signed up in the last 2 days
            return aged
        if intent == "eligibility":
            prompt = as_people_until_state(prompt, catalog, lexicon)  # "activate new users": new ones until activated
        draft = _draft(prompt, intent, catalog, lexicon)
        journey = read_journey(prompt)
        if journey is not None:
            # "push on day one, email after 48 hours if they ignore it": one program's channel plan
            planned = _draft(journey.text, intent, catalog, lexicon)
            if isinstance(planned, Rule) or (isinstance(planned, Policy) and len(planned.rules) == 1):
                draft = with_journey(planned, journey)
        if isinstance(draft, Refusal) or not feedback:
            return draft
        fixed, unresolved = apply_feedback(draft, feedback)
        if unresolved:
            return Refusal(
                reason="The validator rejected parts of the draft that the catalog planner cannot repair: "
                + "; ".join(f"{f.get('path')}: {f.get('message')}" for f in unresolved),
                unmatched_phrases=[str(f.get("path")) for f in unresolved],
                suggestions=[str(f["suggestion"]) for f in unresolved if f.get("suggestion")],
            )
        return fixed

    def _running_specs(self) -> list[Rule | Policy]:
        """Read the approved specs through `active_specs` (the read-only list_active_rules tool), noted for the trace."""
        if self.active_specs is None:
            return []
        started = time.perf_counter()
        specs = self.active_specs()
        ms = round((time.perf_counter() - started) * 1000, 2)
        self.tool_calls.append(ToolCall(tool="list_active_rules", ok=True, ms=ms, summary=f"{len(specs)} approved spec(s)"))
        return specs

    def take_tool_calls(self) -> list[ToolCall]:
        """Return and forget the tool calls made since the last time (the graph puts them in the trace)."""
        calls, self.tool_calls = self.tool_calls, []
        return calls

    def revise(
        self, message: str, previous: Rule | Policy, catalog: Catalog, feedback: list[dict[str, Any]]
    ) -> Rule | Policy | Refusal:
        """Change the previous draft as the message asks; a message that reads better as a new request of its
        own ("only users in Germany who completed 3 workouts should get the upgrade nudge") is drafted afresh."""
        revised = revise_spec(message, previous, catalog, self._lexicon_for(catalog))
        if (not isinstance(revised, Refusal) or isinstance(revised, CannotApply) or is_approval_request(message)
                or not reads_as_own_request(message)):
            return revised
        fresh = self.draft(message, "eligibility" if isinstance(previous, Rule) else "decision", catalog, feedback)
        return revised if isinstance(fresh, Refusal) else fresh

    def plan_debug(self, prompt: str, catalog: Catalog) -> DebugPlan | Refusal:
        """Return the metric, dimension, segments and window a debug prompt asks about."""
        return plan_debug(strip_chatter(prompt), catalog, self._lexicon_for(catalog))

    def plan_question(
        self, prompt: str, catalog: Catalog, feedback: list[dict[str, Any]]
    ) -> QuestionPlan | Refusal:
        """Return one read-only SELECT answering a data question (deterministic: feedback cannot change it)."""
        aged = refuse_person_age(prompt, catalog)
        if aged is not None:
            return aged
        lexicon = self._lexicon_for(catalog)
        paired = paired_acts(prompt, lambda q: plan_question(strip_chatter(q), catalog, lexicon))
        # "how many workouts were started vs completed last week?": one count per act (the second was dropped)
        plan = paired or plan_question(strip_chatter(as_count_question(prompt)), catalog, lexicon)
        asked = asked_after_background(prompt) if isinstance(plan, Refusal) else None
        if asked is not None:
            # "I'm prepping the Monday review. Quick one: how many …?": the background's words were refused
            again = plan_question(strip_chatter(as_count_question(asked)), catalog, lexicon)
            plan = again if isinstance(again, QuestionPlan) else plan
        if feedback and isinstance(plan, QuestionPlan):
            return Refusal(
                reason="The question's SQL was rejected and the catalog planner has no other reading: "
                + "; ".join(str(f.get("message")) for f in feedback),
                unmatched_phrases=[prompt.strip()],
                suggestions=[str(f["suggestion"]) for f in feedback if f.get("suggestion")],
            )
        return plan
