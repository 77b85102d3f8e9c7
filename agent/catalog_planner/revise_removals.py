"""Take a part out of the draft in chat: "drop the pricing condition", "remove the iOS requirement", "remove the
Brazil exclusion", "drop the subscribe stop", "no longer require 3 workouts".

The words of the clause are matched against the terms of each removable part: an audience condition (one part of
the audience's top-level AND), a suppression, a stop condition. A part's terms are its id's words, its trait's or
event's words and its values (with a country code's names: "Brazil" is BR). A kind word ("condition",
"exclusion", "stop") narrows the search to that kind. Exactly one part must match: none or several is a change
that cannot be applied, refused naming the parts there are, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.catalog_planner.countries import country_names
from agent.catalog_planner.revise_targets import Edit, Inapplicable, Spec
from orchestrator.describe import describe_condition
from orchestrator.spec import AllOf, Condition, Policy, Rule, TraitCondition, iter_conditions
from warehouse.catalog import Catalog

_KINDS = {
    "audience": r"conditions?|requirements?|filters?|criteri(?:on|a)|targeting|restrictions?|limits?",
    "suppression": r"exclusions?|suppressions?|exceptions?",
    "stop": r"stops?(?: conditions?)?|exit(?: conditions?)?|goals?",
}
_REMOVE = re.compile(
    r"^(?:drop|remove|delete|take out|get rid of|lose|scrap|forget|ditch|no longer (?:require|need|exclude)|"
    r"do not (?:require|need)|stop (?:requiring|excluding)|stop (?:it )?(?:from )?stopping (?:on|at|when))\s+"
    r"(?:the\s+|that\s+|this\s+|its\s+)?(?P<what>.+?)"
    rf"(?:\s+(?P<kind>{'|'.join(_KINDS.values())}))?(?:\s+(?:part|bit|one))?$"
)
_NOISE = {"the", "a", "an", "of", "on", "for", "to", "in", "users", "people", "user", "who", "with", "that", "and",
          "it", "its", "part", "bit", "one", "from", "by"}


def _terms(condition: Condition, catalog: Catalog) -> set[str]:
    """Return the words that name a condition: its traits' and events' words and synonyms ("platform" for
    device_os) and its values (a country's names too)."""
    terms: set[str] = set()
    for leaf in iter_conditions(condition):
        name = leaf.trait if isinstance(leaf, TraitCondition) else leaf.event
        terms |= set(name.split("_")) | {name}
        if isinstance(leaf, TraitCondition) and catalog.has_trait(name):
            terms |= {w for synonym in catalog.trait(name).synonyms for w in (synonym, *synonym.split())} - _NOISE
        values = leaf.value if isinstance(leaf, TraitCondition) else [w.value for w in leaf.where]
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str):
                terms |= {value.lower(), *(n.lower() for n in country_names(value)[1:])}
            elif isinstance(value, int | float) and not isinstance(value, bool):
                terms.add(f"{value:g}")
    return terms


def _said(what: str) -> set[str]:
    """Return the clause's words that could name a part (numbers and country names kept whole)."""
    words = set(re.findall(r"[a-z0-9]+", what.lower())) - _NOISE
    return words | {what.lower().strip()}


def _parts(rule: Rule) -> list[tuple[str, str, Condition]]:
    """Return the removable parts of a rule: (kind, label, condition), the audience's top-level AND parts first."""
    audience = rule.audience.conditions if isinstance(rule.audience, AllOf) else [rule.audience]
    parts: list[tuple[str, str, Condition]] = [("audience", describe_condition(c), c) for c in audience]
    parts += [("suppression", s.id, s.condition) for s in rule.suppressions]
    parts += [("stop", s.id, s.condition) for s in rule.stop_conditions]
    return parts


def _kind_of(word: str | None) -> str | None:
    """Return the kind of part a kind word names ("exclusion" -> suppression), or None for no word."""
    return next((kind for kind, pattern in _KINDS.items() if word and re.fullmatch(pattern, word)), None)


def _matching(rule: Rule, words: set[str], kind: str | None, policy_guards: list[tuple[str, str, Condition]],
              catalog: Catalog) -> list[tuple[str, str]]:
    """Return (kind, label) of each part of the rule (and of the policy's own suppressions) the words name."""
    found = []
    for part_kind, label, condition in [*_parts(rule), *policy_guards]:
        if kind is not None and part_kind != kind:
            continue
        if words & (_terms(condition, catalog) | set(label.lower().split("_")) | {label.lower()}):
            found.append((part_kind, label))
    return found


def removal(text: str, catalog: Catalog) -> Edit | None:
    """Return the edit that takes out the one part a clause names, or None when the clause removes nothing."""
    m = _REMOVE.match(text)
    if m is None:
        return None
    words, kind = _said(m["what"]), _kind_of(m["kind"])

    def remove_from(rule: Rule, label: str, part_kind: str) -> Rule:
        if part_kind == "suppression":
            return rule.model_copy(update={"suppressions": [s for s in rule.suppressions if s.id != label]})
        if part_kind == "stop":
            return rule.model_copy(update={"stop_conditions": [s for s in rule.stop_conditions if s.id != label]})
        kept = [c for c in (rule.audience.conditions if isinstance(rule.audience, AllOf) else [rule.audience])
                if describe_condition(c) != label]
        if not kept:
            raise Inapplicable(f"{rule.id}'s audience is only {label}; without it the rule would target everyone")
        return rule.model_copy(update={"audience": kept[0] if len(kept) == 1 else AllOf(conditions=kept)})

    def change(spec: Spec) -> Spec:
        rules = [spec] if isinstance(spec, Rule) else spec.rules
        guards = [("suppression", s.id, s.condition) for s in spec.suppressions] if isinstance(spec, Policy) else []
        found = {part for rule in rules for part in _matching(rule, words, kind, guards, catalog)}
        if len(found) != 1:
            there = sorted({f"{k} {label}" for rule in rules for k, label, _ in _parts(rule) if kind in (None, k)})
            raise Inapplicable(f"'{m['what']}' names {'no' if not found else 'more than one'} part of {spec.id} "
                               f"({', '.join(sorted(f'{k} {label}' for k, label in found)) if found else 'it has: ' + '; '.join(there)}); "
                               "say which, by its words")
        (part_kind, label), = found
        return _apply(spec, lambda rule: remove_from(rule, label, part_kind), part_kind, label)

    return change


def _apply(spec: Spec, change: Callable[[Rule], Rule], part_kind: str, label: str) -> Spec:
    """Apply the removal to the rule, or to each rule of the policy and to the policy's own suppressions."""
    if isinstance(spec, Rule):
        return change(spec)
    update: dict[str, object] = {"rules": [change(r) for r in spec.rules]}
    if part_kind == "suppression":
        update["suppressions"] = [s for s in spec.suppressions if s.id != label]
    return spec.model_copy(update=update)

