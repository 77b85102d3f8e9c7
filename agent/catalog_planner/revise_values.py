"""Change a number or a value the draft's audience already says, as a chat message puts it.

"make it 3 pricing views", "change the number of workouts to 2", "at least 4 pricing views", "require 3 pricing views":
a new number for a condition the audience has replaces that condition. The comparison said with the number is the
new one's; with none said, the condition's own is kept ("exactly 1 workout" made 2 stays exact). "make it android",
"android instead of ios" put another value of a trait the audience names in place of it; "android too", "include
android as well" add one. In a policy, each rule that has the condition changes; where none has it, narrowing and
replacing are both possible and neither is guessed (`Inapplicable`, saying how to ask for each).
"""

from __future__ import annotations

import re

from agent.catalog_planner.revise_targets import Edit, Inapplicable, Spec, each_rule
from orchestrator.spec import AllOf, Condition, EventCondition, Policy, Rule, TraitCondition

# "make it 3 pricing views", "change pricing views to 3", "at least 5 workouts", "a streak of 10 days instead": a new
# number for a condition the audience has (only a condition it has: any other is a narrowing, said as one)
SET_NUMBER = re.compile(
    r"^(?:(?:make|set|bump|raise|lower|drop|reduce|increase|change) (?:it|that|this|the threshold|the number) (?:up |down )?"
    r"(?:to )?|(?:(?:make|change|set|bump|raise|lower|reduce|increase) (?:the )?(?P<what>[a-z][\w ]*?) (?:up |down )?to )|"
    r"(?:require|needs?|want)\s+)?(?P<said>(?:at least |at most |more than |fewer than |less than |over |under )?\d[^,;]*?)$"
)
# "make it android", "switch to paid users", "android instead of ios": another value of a trait the audience names;
# "include android too", "not just iOS, Android as well", "also users in Canada": one more value of it
SWAP_VALUE = re.compile(
    r"^(?:(?:make|change|switch|move|turn) (?:it|this|that|the audience) (?:to |for |into )?|switch to |make it for )(?P<a>.+?)$"
    r"|^(?P<b>.+?) instead of .+$"
)
ADD_VALUE = re.compile(
    r"^(?:include|add|also(?: include| target)?|plus|not just [^,]+?,?(?: but)?(?: also)?)\s+(?P<a>.+?)(?:\s+(?:too|as well))?$"
    r"|^(?P<b>.+?)\s+(?:too|as well)$"
)
# a comparison said with a number: the new condition's own operator, not the old one's
_COMPARISON = re.compile(r"\b(?:at least|at most|more than|fewer than|less than|over|under|above|below|exactly|or more|"
                         r"or fewer|or less|no more than|up to)\b|\d\s*\+|[<>]=?")
_LOWER_BOUNDS, _UPPER_BOUNDS = frozenset({"gt", "gte"}), frozenset({"lt", "lte"})


def renumber(said: Condition, phrase: str) -> Edit:
    """Return the edit that gives the audience's condition on what `said` measures the number `phrase` states."""
    explicit = _COMPARISON.search(phrase) is not None

    def swap(rule: Rule) -> Rule:
        parts = _parts(rule)
        # a number said with its comparison replaces a bound on the same side, or an exact number
        at = next((i for i, c in enumerate(parts)
                   if _same_measure(c, said, any_side=not explicit or getattr(c, "op", None) == "eq")), None)
        return rule if at is None else _with_part(rule, at, said if explicit else _with_number(parts[at], said))

    def change(spec: Spec) -> Spec:
        rules = spec.rules if isinstance(spec, Policy) else [spec]
        if all(swap(r) is r for r in rules):  # a policy's rules that have it change
            raise Inapplicable(f"{spec.id} has no condition on what '{phrase}' counts; to add one, say 'also "
                               f"require {phrase}'")
        return each_rule(spec, swap)

    return change


def revalue(said: TraitCondition, phrase: str, *, widen: bool) -> Edit:
    """Return the edit that puts the values `said` names in place of (or, widening, beside) the values of the same
    trait the audience names."""
    named = said.value if isinstance(said.value, list) else [said.value]

    def swap(rule: Rule) -> Rule:
        parts = _parts(rule)
        at = next((i for i, c in enumerate(parts)
                   if isinstance(c, TraitCondition) and c.trait == said.trait and c.op in ("eq", "in")), None)
        if at is None:
            return rule
        old = parts[at]
        assert isinstance(old, TraitCondition)
        kept = (old.value if isinstance(old.value, list) else [old.value]) if widen else []
        values = list(dict.fromkeys([*kept, *named]))
        return _with_part(rule, at, TraitCondition(trait=said.trait, op="eq" if len(values) == 1 else "in",
                                                   value=values[0] if len(values) == 1 else values))

    def change(spec: Spec) -> Spec:
        rules = spec.rules if isinstance(spec, Policy) else [spec]
        if all(swap(r) is r for r in rules):  # narrow, or replace the audience? neither is guessed
            raise Inapplicable(f"{spec.id} names no {said.trait} to {'add to' if widen else 'change'}; to limit it to "
                               f"{phrase}, say 'only {phrase}', or to target them in place of its audience, "
                               f"'target {phrase} instead'")
        return each_rule(spec, swap)

    return change


def replaced(rule: Rule, condition: Condition) -> Rule:
    """Return the rule with its audience's condition on the same measure (`_same_measure`) replaced by `condition`,
    or the rule itself when it has none ("require 3 pricing views" where the audience has "at least 2")."""
    at = next((i for i, c in enumerate(_parts(rule)) if _same_measure(c, condition)), None)
    return rule if at is None else _with_part(rule, at, condition)


def _same_measure(old: Condition, new: Condition, any_side: bool = False) -> bool:
    """Return True when `new` bounds the same trait (or counts the same event, filtered alike) from the same side as
    `old` (any side, with `any_side`), so it replaces it: "at least 3 pricing views" for "at least 2"; an upper
    bound beside a lower one is a range."""
    if isinstance(old, TraitCondition) and isinstance(new, TraitCondition):
        same, ops = old.trait == new.trait, (old.op, new.op)
    elif isinstance(old, EventCondition) and isinstance(new, EventCondition):
        same, ops = old.event == new.event and old.where == new.where, (old.op, new.op)
    else:
        return False
    sides = set(ops) <= _LOWER_BOUNDS or set(ops) <= _UPPER_BOUNDS or ops == ("eq", "eq")
    return same and (sides or (any_side and old.op not in ("in", "not_in", "is_null", "not_null", "between")))


def _with_number(old: Condition, said: Condition) -> Condition:
    """Return `old` with the number `said` states (a trait's value, an event's count), its comparison kept."""
    if isinstance(old, TraitCondition) and isinstance(said, TraitCondition):
        return old.model_copy(update={"value": said.value})
    if isinstance(old, EventCondition) and isinstance(said, EventCondition):
        return old.model_copy(update={"count": said.count, "within_days": said.within_days or old.within_days})
    return said


def _parts(rule: Rule) -> list[Condition]:
    """Return the conditions a rule's audience ANDs (an all-of group's members, else the audience itself)."""
    return list(rule.audience.conditions if isinstance(rule.audience, AllOf) else [rule.audience])


def _with_part(rule: Rule, at: int, condition: Condition) -> Rule:
    """Return the rule with the audience condition at `at` (of `_parts`) replaced by `condition`."""
    parts = _parts(rule)
    parts[at] = condition
    return rule.model_copy(update={"audience": parts[0] if len(parts) == 1 else AllOf(conditions=parts)})
