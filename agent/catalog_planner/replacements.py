"""Read a conditional replacement: "If they upgrade, swap the upgrade nudge for an onboarding tip", "Replace the
win-back offer with a welcome-back email once they resubscribe", "once they work out again, send a streak
challenge instead of the save offer". The old program stops when the condition holds (the sentence becomes
"Stop the <old> once <condition>.", which the named stops read against its audience), and the new one is a
program of its own right after it, for the people the condition holds for. The new program was dropped, or
drafted as a program named after the sentence ('resubscribe_replace_win_back') for the old one's people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.catalog_planner.channels import channel_plan, stated_channels
from agent.catalog_planner.goals import read_goal, state_reached_by
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.logic import all_of, condition_names, negate
from agent.catalog_planner.program_marks import channel_name
from agent.catalog_planner.rule_labels import rules_named
from agent.catalog_planner.slugs import slugify, unique
from agent.types import Refusal
from orchestrator.spec import (
    AllOf,
    Condition,
    EventCondition,
    Policy,
    Rule,
    StopCondition,
    Suppression,
    TraitCondition,
)
from warehouse.catalog import Catalog

_START = r"(?:^|(?<=[.;!?:\n])|(?<=,\s)(?=and\s)|(?<=,)(?=\s+and\s))\s*(?:and\s+|but\s+|then\s+)?"
# the change that starts the new program; "if a user is both trial and at-risk, send them A instead of B" is an
# overlap of two groups (overlap_pick.py), no change
_WHEN = r"(?![^,.;!?\n]*\bboth\b)(?P<when>(?:they|he|she|someone|a user|the user|users|people)\b[^,.;!?\n]+?)"
_WAIT = r"(?:if|once|when|as soon as|after)"
_SWAP = r"(?:swap|switch|replace|change|trade)(?:\s+out)?"
_ART = r"(?:(?:the|our|their|a|an)\s+)?"
_OLD = r"(?P<old>[\w-]+(?:\s+[\w-]+){0,3}?)"
_NEW = r"(?P<new>[\w'-]+(?:\s+[\w'-]+){0,4}?)"
_END = r"\s*(?=[.;!?\n]|$)"
_PATTERNS = [
    # "If they upgrade, swap the upgrade nudge for an onboarding tip."
    re.compile(
        rf"{_START}{_WAIT}\s+{_WHEN}\s*,\s*(?:then\s+)?(?:we\s+(?:should\s+)?|please\s+)?{_SWAP}\s+{_ART}{_OLD}\s+"
        rf"(?:for|with|to|into|out for)\s+{_ART}{_NEW}{_END}",
        re.IGNORECASE,
    ),
    # "Replace the upgrade offer with a thank-you email once they convert."
    re.compile(
        rf"{_START}{_SWAP}\s+{_ART}{_OLD}\s+(?:for|with|to|into)\s+{_ART}{_NEW}\s*,?\s+{_WAIT}\s+{_WHEN}{_END}",
        re.IGNORECASE,
    ),
    # "Once they convert, send a welcome email instead of the upgrade offer."
    re.compile(
        rf"{_START}{_WAIT}\s+{_WHEN}\s*,\s*(?:send|give them|use|show)\s+{_ART}{_NEW}\s+(?:instead of|in place of|rather than)\s+"
        rf"{_ART}{_OLD}{_END}",
        re.IGNORECASE,
    ),
]


_COME_BACK = re.compile(r"\s+(?:come|comes|came)\s+back\s+and\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Replacement:
    """A program to stop when a condition holds, the program that takes its place, and the condition's words."""

    old: str
    new: str
    when: str


def take_replacements(text: str) -> tuple[str, list[Replacement]]:
    """Return the text with each replacement said as the old program's stop, and the replacements."""
    found: list[Replacement] = []

    def cut(m: re.Match[str]) -> str:
        when = _COME_BACK.sub(" ", m["when"]).strip()  # "they come back and complete a workout": the act says it
        found.append(Replacement(m["old"].strip(), m["new"].strip(), when))
        return f" Stop the {m['old'].strip()} once {when}"

    for pattern in _PATTERNS:
        text = pattern.sub(cut, text)
    return text, found


def _leaves(cond: Condition) -> list[Condition]:
    return list(cond.conditions) if isinstance(cond, AllOf) else [cond]


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3} - {"days", "since", "last", "completed"}


def _ended_by(leaf: Condition, when: Condition, catalog: Catalog) -> bool:
    """Return True when the condition that starts the new program ends a condition of the old one's people: a
    condition on the same trait or event ("trial" when they upgrade), or a state the catalog defines by what
    the condition counts ("at_risk", defined by workouts, when they work out again)."""
    names = condition_names(when)
    if names & condition_names(leaf):
        return True
    if not isinstance(leaf, TraitCondition):
        return False
    defined = catalog.trait(leaf.trait).description if catalog.has_trait(leaf.trait) else ""
    return any(_words(name.replace("_", " ")) & _words(defined) for name in names)


def _renumbered(rules: list[Rule]) -> list[Rule]:
    return [r.model_copy(update={"priority": i}) for i, r in enumerate(rules, start=1)]


def _with_new_ids(sups: list[Suppression], old: str, new: str) -> list[Suppression]:
    """Return the suppressions with the new program beside the old one wherever the old one is named."""
    return [
        s.model_copy(update={"applies_to": [*s.applies_to, new]}) if s.applies_to != "all" and old in s.applies_to else s
        for s in sups
    ]


_CHANNEL_END = re.compile(r"\b(e-?mails?|push(?:es)?|sms|texts?|in-app(?: messages?)?)\s*$", re.IGNORECASE)


def _successor(old: Rule, said: Replacement, rule_id: str, catalog: Catalog, lexicon: Lexicon) -> Rule | None:
    """Return the new program: for the old one's people that the condition leaves, once the condition holds."""
    started = [s for s in old.stop_conditions if s.id == "stated_stop" and said.when in s.description]
    if not started:
        return None
    when = started[-1].condition
    if isinstance(when, EventCondition) and when.op == "gte" and when.count == 1 and not when.where:
        # "once they subscribe": the state that event leads to (paying now), not anyone who ever subscribed
        when = state_reached_by(when.event, catalog, lexicon) or when
    kept = [leaf for leaf in _leaves(old.audience) if not _ended_by(leaf, when, catalog)]
    audience = all_of([*kept, when]) or when
    goal = read_goal(said.new, catalog, lexicon, [])
    channel = _CHANNEL_END.search(said.new)
    channels = (
        stated_channels([channel_name(channel.group(1))], rule_id) if channel else channel_plan(goal.kind, rule_id)
    )
    left = StopCondition(
        id="audience_left", description=f"Stop when '{said.when}' no longer holds.", condition=negate(audience)
    )
    return old.model_copy(
        update={
            "id": rule_id,
            "description": f"{said.new} in place of the {said.old} once {said.when} (replaces {old.id}); the catalog "
            "keeps no record of who the first program reached, so it goes to everyone the condition holds for"
            + (f" among {', '.join(sorted(set().union(*(condition_names(c) for c in kept))))}" if kept else "")
            + ".",
            "audience": audience,
            "channels": channels,
            "stop_conditions": [left],
            "template_key": rule_id,
            "conversion": goal.conversion,
        }
    )


def give_replacements(
    draft: Policy | Refusal, said: list[Replacement], catalog: Catalog, lexicon: Lexicon
) -> Policy | Refusal:
    """Return the policy with each replacement's new program right after the program it replaces."""
    if not isinstance(draft, Policy) or not said:
        return draft
    rules, sups = list(draft.rules), list(draft.suppressions)
    taken = {r.id for r in rules}
    for replacement in said:
        named = rules_named(replacement.old, rules)
        if len(named) != 1:
            continue
        old = named[0]
        new = _successor(old, replacement, unique(slugify(replacement.new), taken), catalog, lexicon)
        if new is None:
            continue
        rules.insert(rules.index(old) + 1, new)
        sups = _with_new_ids(sups, old.id, new.id)
    return draft.model_copy(update={"rules": _renumbered(rules), "suppressions": sups})
