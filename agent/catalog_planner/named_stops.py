"""Give a stop said of one program by name ("Stop the re-engagement push once they complete a workout.") to
that program's rule only. The sentence is cut before the programs are read (a reader that ranks clauses
would otherwise read it as a stop for every rule, or as a program), and applied to the drafted rules."""

from __future__ import annotations

import re

from agent.catalog_planner.goals import FALLBACK_STOPS
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.refusals import refusal_for
from agent.catalog_planner.rule_labels import rules_named
from agent.catalog_planner.stated_guards import Misses, shared_stops, stated_stops, with_stops
from agent.types import Refusal
from orchestrator.spec import AllOf, Condition, Policy, Rule
from warehouse.catalog import Catalog

# "Stop the re-engagement push once they complete a workout.", "End the trial nudge as soon as they
# subscribe." (a sentence of its own: inside a program's sentence the program reader reads it)
_NAMED_STOP = re.compile(
    r"(?:^|(?<=[.;!?])|(?<=\n))\s*(?:also\s+|and\s+)?(?:stop|end|exit|pause)\s+(?:sending\s+)?"
    r"(?:the|our)\s+(?P<name>[\w-]+(?:\s+[\w-]+){0,3}?)\s+(?:(?:for\s+)?(?:them|it|someone|a user)\s+)?"
    r"(?:once|when|as soon as|after)\s+(?P<body>[^.;!?\n]+)[.;!?]?",
    re.IGNORECASE,
)
# "stop the messages once ...", "stop all marketing": not a program's name
_GENERIC = re.compile(
    r"^(?:messages?|messaging|marketing|campaigns?|programs?|sends?|outreach|everything|notifications?|nudges|"
    r"rules?|journeys?|flows?|promotions?|promos?)$",
    re.IGNORECASE,
)


def take_named_stops(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Cut "Stop the <program> once ..." sentences out: (rest, [(program name, stop phrase)])."""
    said: list[tuple[str, str]] = []

    def cut(m: re.Match[str]) -> str:
        if _GENERIC.match(m["name"].strip()):
            return m.group(0)
        said.append((m["name"].strip(), m["body"].strip()))
        return " "

    return _NAMED_STOP.sub(cut, text).strip(), said


def _leaves(cond: Condition) -> list[Condition]:
    return list(cond.conditions) if isinstance(cond, AllOf) else [cond]


def _with_own_stop(rule: Rule, phrase: str, catalog: Catalog, lexicon: Lexicon, misses: Misses) -> Rule:
    """Return the rule with the stop read against its own audience, its fallback stop dropped."""
    stops = stated_stops([("stop", phrase)], _leaves(rule.audience), catalog, lexicon, misses)
    if not stops:
        return rule
    kept = [s for s in rule.stop_conditions if s.id not in FALLBACK_STOPS]
    return with_stops(rule.model_copy(update={"stop_conditions": kept}), stops)


def give_named_stops(
    draft: Policy | Refusal, said: list[tuple[str, str]], catalog: Catalog, lexicon: Lexicon
) -> Policy | Refusal:
    """Return the policy with each named stop on the rules it names; a name that matches no rule is said of
    every rule (read as a sentence without a name would be)."""
    if not said or not isinstance(draft, Policy):
        return draft
    rules = list(draft.rules)
    misses = Misses()
    for name, phrase in said:
        named = {r.id for r in rules_named(name, rules)}
        if named:
            rules = [
                _with_own_stop(r, phrase, catalog, lexicon, misses) if r.id in named else r for r in rules
            ]
        else:
            shared = shared_stops([("stop", phrase)], rules, catalog, lexicon, misses)
            rules = [with_stops(r, s) for r, s in zip(rules, shared, strict=True)]
    if misses.phrases:
        return refusal_for(misses.phrases, misses.suggestions, catalog, what="condition phrase")
    return draft.model_copy(update={"rules": rules})
