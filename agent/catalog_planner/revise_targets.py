"""Edits to one rule of a policy in chat: "make second_workout email only", "for the upgrade messaging, hold out
5%", "drop support issues", "put upgrade messaging first".

A clause that names a rule of the policy (its id, or its id's words: "second workout", "the support issues
rule") has the name replaced by "it" and its edit applied to that rule alone, as if the rule were the draft;
a clause that is only a name ("for second workout") aims the clauses after it. Dropping a rule and moving it
to the front or the back are edits of the policy itself; priorities are then numbered 1..n again in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from orchestrator.spec import Policy, Rule

Spec = Rule | Policy
Edit = Callable[[Spec], Spec]


class Unread(Exception):
    """A clause no edit reads, or an edit this draft cannot take; its message names which."""


def _reference(rule_id: str) -> str:
    """Return the pattern that names a rule: its id, or its words, with an optional article and noun."""
    words = r"[\s_-]+".join(re.escape(w) for w in rule_id.split("_"))
    return rf"\b(?:the\s+)?{words}(?:\s+(?:rule|program|campaign|one|flow|journey))?\b"


def find_targets(clause: str, policy: Policy) -> tuple[str, list[str]]:
    """Return the clause with each rule it names replaced by "it", and the ids it named (longest names first)."""
    found: list[str] = []
    for rule in sorted(policy.rules, key=lambda r: -len(r.id)):
        pattern = re.compile(_reference(rule.id), re.IGNORECASE)
        if pattern.search(clause):
            found.append(rule.id)
            clause = pattern.sub("it", clause)
    order = [r.id for r in policy.rules]
    return clause, sorted(found, key=order.index)


# "for second workout" / "second workout:" alone aims the clauses after it
AIM = re.compile(r"^\s*(?:(?:and|then|also|now)\s+)?(?:for|on|in|about|regarding)?\s*it\s*:?\s*$", re.IGNORECASE)
_DROP = re.compile(r"^\s*(?:please\s+)?(?:drop|remove|delete|cut|get rid of|lose)\s+it\s*[.!]?\s*$", re.IGNORECASE)
_MOVE = re.compile(
    r"^\s*(?:(?:put|move|make|rank|set)\s+it\s+(?:to\s+the\s+|at\s+the\s+)?(?P<to>first|top|front|last|bottom|end)"
    r"(?:\s+priority)?|it\s+(?:goes|comes|should go|should come|ranks?)\s+(?P<to2>first|last))\s*[.!]?\s*$",
    re.IGNORECASE,
)


def _renumbered(rules: list[Rule]) -> list[Rule]:
    """Return the rules in their order with priorities 1..n."""
    return [r.model_copy(update={"priority": i}) for i, r in enumerate(rules, start=1)]


def policy_edit(clause: str, ids: list[str]) -> Edit | None:
    """Return the edit of the policy itself a clause about named rules states (drop, move), else None."""
    if _DROP.match(clause):
        def drop(spec: Spec) -> Spec:
            assert isinstance(spec, Policy)
            kept = [r for r in spec.rules if r.id not in ids]
            if not kept:
                raise Unread("dropping every rule leaves no policy; ask for a new one instead")
            return spec.model_copy(update={"rules": _renumbered(sorted(kept, key=lambda r: r.priority))})
        return drop
    m = _MOVE.match(clause)
    if m:
        front = (m["to"] or m["to2"]).lower() in ("first", "top", "front")

        def move(spec: Spec) -> Spec:
            assert isinstance(spec, Policy)
            ordered = sorted(spec.rules, key=lambda r: r.priority)
            named = [r for r in ordered if r.id in ids]
            rest = [r for r in ordered if r.id not in ids]
            return spec.model_copy(update={"rules": _renumbered(named + rest if front else rest + named)})
        return move
    return None


def scoped(edit: Edit, ids: list[str]) -> Edit:
    """Return the edit applied to each named rule of a policy on its own (its cap, suppression, priority)."""
    def apply(spec: Spec) -> Spec:
        assert isinstance(spec, Policy)
        changed: dict[str, Rule] = {}
        for rule in spec.rules:
            if rule.id in ids:
                result = edit(rule)
                if not isinstance(result, Rule):
                    raise Unread(f"a change to {rule.id} alone cannot make it a policy")
                changed[rule.id] = result
        rules = [changed.get(r.id, r) for r in spec.rules]
        if any(changed[r.id].priority != r.priority for r in spec.rules if r.id in changed):
            # "make support issues priority 1": it goes there, the others keep their order after it
            rules = _renumbered(sorted(rules, key=lambda r: (r.priority, r.id not in changed)))
        return spec.model_copy(update={"rules": rules})
    return apply
