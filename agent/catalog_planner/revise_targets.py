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

from orchestrator.spec import Policy, Rule, Suppression

Spec = Rule | Policy
Edit = Callable[[Spec], Spec]


def each_rule(spec: Spec, change: Callable[[Rule], Rule]) -> Spec:
    """Return the spec with `change` applied to the rule, or to every rule of the policy."""
    if isinstance(spec, Rule):
        return change(spec)
    return spec.model_copy(update={"rules": [change(r) for r in spec.rules]})


class Unread(Exception):
    """A clause no edit reads, or an edit this draft cannot take; its message names which."""


class Inapplicable(Unread):
    """A clause read as a change that this draft cannot take ("drop the email step" where there is none): the
    message was a change, so it is refused as one, never drafted afresh as a request of its own."""


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
    r"(?:\s+priority)?|it\s+(?:goes|comes|should go|should come|ranks?)\s+(?P<to2>first|last)"
    # "second workout should be the top priority", "it should be last", "it wins over everything"
    r"|it\s+(?:should|must|needs to)\s+be\s+(?:the\s+)?(?P<to3>first|top|highest|last|lowest|bottom)(?:\s+priority)?)"
    r"\s*[.!]?\s*$",
    re.IGNORECASE,
)


# "swap the first two", "swap the second and third rules", "swap 1 and 3", "swap it and it" (two named rules)
_PLACE = r"(first|top|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last|bottom|\d)"
_SWAP = re.compile(
    rf"^\s*(?:swap|switch|flip|exchange)\s+(?:the\s+)?(?:(?P<end>first|top|last|bottom)\s+two(?:\s+(?:rules|programs|ones))?"
    rf"|(?:rules?\s+)?{_PLACE}(?:\s+(?:one|rule|program))?\s+(?:and|with)\s+(?:the\s+)?{_PLACE}(?:\s+(?:ones?|rules?|programs?))?"
    r"|(?P<named>it\s+(?:and|with)\s+it)|(?:their\s+)?order)\s*[.!]?\s*$",
    re.IGNORECASE,
)
_REVERSE = re.compile(r"^\s*(?:reverse|invert|flip)\s+(?:the\s+)?(?:order|priorities|priority order)\s*[.!]?\s*$", re.IGNORECASE)
_ORDINALS = {"first": 1, "top": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "fifth": 5, "5th": 5}


def _position(word: str, count: int) -> int:
    """Return the 0-based place in priority order a word names ("second", "3", "last")."""
    word = word.lower()
    place = count if word in ("last", "bottom") else int(word) if word.isdigit() else _ORDINALS[word]
    if not 1 <= place <= count:
        raise Inapplicable(f"the policy has {count} rules; there is no rule {word}")
    return place - 1


def _swapped(places: Callable[[list[str]], tuple[int, int]]) -> Edit:
    """Return the edit that swaps two rules, found by their places in priority order; priorities are then 1..n."""
    def swap(spec: Spec) -> Spec:
        if not isinstance(spec, Policy):
            raise Inapplicable("swapping rules reorders a policy; this draft is one rule")
        ordered = sorted(spec.rules, key=lambda r: r.priority)
        a, b = places([r.id for r in ordered])
        if a == b:
            raise Inapplicable(f"swapping {ordered[a].id} with itself changes nothing")
        ordered[a], ordered[b] = ordered[b], ordered[a]
        return spec.model_copy(update={"rules": _renumbered(ordered)})
    return swap


def _reversed(spec: Spec) -> Spec:
    """Return the policy with its rules in the opposite order."""
    if not isinstance(spec, Policy):
        raise Inapplicable("reversing the order reorders a policy; this draft is one rule")
    return spec.model_copy(update={"rules": _renumbered(sorted(spec.rules, key=lambda r: -r.priority))})


def order_edit(clause: str, ids: list[str]) -> Edit | None:
    """Return a reordering a clause states by places or of two named rules ("swap the first two"), else None."""
    if _REVERSE.match(clause):
        return _reversed
    m = _SWAP.match(clause)
    if m is None:
        return None
    if m["end"]:
        front = m["end"].lower() in ("first", "top")
        return _swapped(lambda order: (0, 1) if front else (len(order) - 2, len(order) - 1))
    if m.group(2) is not None:
        first, second = m.group(2), m.group(3)
        return _swapped(lambda order: (_position(first, len(order)), _position(second, len(order))))
    if len(ids) != 2:  # "swap it and it", "swap their order": two named rules, no more, no fewer
        return None
    return _swapped(lambda order: (order.index(ids[0]), order.index(ids[1])))


def _without_rules(suppressions: list[Suppression], ids: list[str]) -> list[Suppression]:
    """Return the policy's suppressions with dropped rules taken out of what they apply to; one that applied only
    to dropped rules goes with them."""
    kept = []
    for s in suppressions:
        if s.applies_to == "all":
            kept.append(s)
        elif left := [r for r in s.applies_to if r not in ids]:
            kept.append(s.model_copy(update={"applies_to": left}))
    return kept


# "add a win-back program last", "add an onboarding nudge before upgrade messaging": a new program in the order
_ADD_PROGRAM = re.compile(
    r"^\s*(?:add|insert|include|put in)\s+(?:an?\s+|another\s+|one more\s+)?(?P<program>.+?)"
    r"(?:\s+(?P<where>first|last|at the (?:end|top|start|bottom)|(?:at|as) priority \d+|(?:before|after|above|below) .+))?\s*[.!]?\s*$",
    re.IGNORECASE,
)
_ASKED_FOR = re.compile(r'^Priority policy for: "(?P<head>[^:(]+?)\s*[:(]', re.IGNORECASE)


def program_addition(clause: str, policy: Policy) -> str | None:
    """Return why a clause that adds a program to the policy cannot be applied in chat, with the request that would
    draft it (the policy's own order with the program put where asked), or None when the clause adds no program."""
    m = _ADD_PROGRAM.match(clause)
    if m is None:
        return None
    order = [r.id.replace("_", " ") for r in sorted(policy.rules, key=lambda r: r.priority)]
    where = (m["where"] or "last").lower()
    program = m["program"].strip()
    at = 0 if where in ("first", "at the top", "at the start") else len(order)
    if digits := re.findall(r"\d+", where):
        at = min(max(int(digits[0]) - 1, 0), len(order))
    order.insert(at, program)
    asked = _ASKED_FOR.match(policy.description)
    head = asked["head"] if asked else "Define a priority order"
    listed = ", ".join(f"({i}) {name}" for i, name in enumerate(order, start=1))
    return (f"a new program needs its own audience, channels and stops drafted, which a change to {policy.id} does not "
            f"do; ask for the order again with it, e.g. '{head}: {listed}'")


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
                raise Inapplicable("dropping every rule leaves no policy; ask for a new one instead")
            return spec.model_copy(update={"rules": _renumbered(sorted(kept, key=lambda r: r.priority)),
                                           "suppressions": _without_rules(spec.suppressions, ids)})
        return drop
    m = _MOVE.match(clause)
    if m:
        front = (m["to"] or m["to2"] or m["to3"]).lower() in ("first", "top", "front", "highest")

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
                    raise Inapplicable(f"a change to {rule.id} alone cannot make it a policy")
                changed[rule.id] = result
        rules = [changed.get(r.id, r) for r in spec.rules]
        if any(changed[r.id].priority != r.priority for r in spec.rules if r.id in changed):
            # "make support issues priority 1": it goes there, the others keep their order after it
            rules = _renumbered(sorted(rules, key=lambda r: (r.priority, r.id not in changed)))
        return spec.model_copy(update={"rules": rules})
    return apply
