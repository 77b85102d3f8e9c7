"""Turn the guards a decision prompt states ("never while ...", "stop once ...") into suppressions and stop
conditions, for both the named-program reader and the goal-list reader."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from agent.catalog_planner.conditions import ConditionParse, parse_conditions
from agent.catalog_planner.goals import state_reached_by, stop_relative_to_audience
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.logic import condition_names, negate
from agent.catalog_planner.slugs import slugify, unique
from agent.catalog_planner.suppressions import states_cap
from agent.catalog_planner.text import normalize, stem, tokenize
from agent.catalog_planner.value_pairs import spell_value_pairs
from orchestrator.spec import (
    AllOf,
    Condition,
    EventCondition,
    Rule,
    StopCondition,
    Suppression,
    TraitCondition,
)
from warehouse.catalog import Catalog

Guard = tuple[str, str]  # (suppress | stop, condition phrase)


@dataclass
class Misses:
    """Guard phrases that map to nothing, and the closest catalog entries, for the refusal."""

    phrases: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


# "stop each when its goal is reached": the goals' own stops already say it
_GOAL_REACHED = re.compile(
    r"^\s*(?:(?:its|their|the) goals? (?:is|are) (?:reached|met|hit)|(?:it|they) (?:is|are) reached|"
    r"(?:they )?reach(?:es)? (?:it|the goal|their goal))\s*$",
    re.IGNORECASE,
)


def read_guard(phrase: str, catalog: Catalog, lexicon: Lexicon) -> ConditionParse:
    """Read a guard's condition phrase, each of two values said around one noun kept ("an open billing or bug
    ticket" is either kind of ticket)."""
    head, comma, tail = phrase.rpartition(",")
    if comma and states_cap(tail):
        phrase = head  # "… while there's an open billing ticket, max 2 pushes a week": the cap is the policy's
    return parse_conditions(spell_value_pairs(phrase, lexicon), catalog, lexicon)


# "when their trial ends", "once the streak is over": the state said before the verb no longer holds ("trial ends"
# is a synonym of trial_days_left, read as "has days left": the stop held for every trial user at once)
_STATE_ENDS = re.compile(
    r"^\s*(?P<state>(?:their|the|his|her|its)\s+(?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:ends|ended|is over|has ended|runs out|"
    r"has run out|finishes|is finished|lapses|has lapsed|breaks|is broken|stops)\s*$",
    re.IGNORECASE,
)


def _ended_state(phrase: str, catalog: Catalog, lexicon: Lexicon) -> ConditionParse | None:
    """Return the reading of "<a state> ends" as that state no longer holding, or None."""
    m = _STATE_ENDS.match(phrase)
    if m is None:
        return None
    state = read_guard(m["state"], catalog, lexicon)
    if state.condition is None or state.unexpressed or state.leftover:
        return None
    return ConditionParse(conditions=[negate(state.condition)])


def _parsed(phrase: str, catalog: Catalog, lexicon: Lexicon, misses: Misses) -> ConditionParse | None:
    """Return the reading of a guard's phrase, or None (noted in `misses`) when the catalog cannot say it."""
    if _GOAL_REACHED.match(phrase):
        return None
    ended = _ended_state(phrase, catalog, lexicon)
    if ended is not None:
        return ended
    parsed = read_guard(phrase, catalog, lexicon)
    if parsed.unexpressed or parsed.condition is None:
        misses.phrases += parsed.unexpressed or [phrase]
        misses.suggestions += parsed.suggestions
        return None
    if parsed.leftover:
        # "once they share their workout on social", "when they log a meal": the act is one the catalog does not
        # record; the words it does know ("workout", "log") read as another act (a workout done, an app open)
        misses.phrases.append(phrase)
        misses.suggestions.append(
            f"'{phrase}' is no act the catalog records ('{' '.join(parsed.leftover)}' is unknown); the acts it records: "
            + ", ".join(e.name for e in catalog.events)
        )
        return None
    return parsed


def _condition(phrase: str, catalog: Catalog, lexicon: Lexicon, misses: Misses) -> Condition | None:
    parsed = _parsed(phrase, catalog, lexicon, misses)
    return parsed.condition if parsed is not None else None


APPROXIMATED = " Approximated: "


def suppression_description(phrase: str, approximations: list[str]) -> str:
    """Return how a stated suppression reads, saying what the catalog could only approximate ("open billing
    ticket": no reason is kept on open tickets), so the reviewer sees the reading, never a silent one."""
    said = f"Do not send while {phrase}."
    return said + (APPROXIMATED + "; ".join(approximations) + "." if approximations else "")


_AGAIN = re.compile(r"\b(?:again|back)\b", re.IGNORECASE)


def _said_again(phrase: str, lexicon: Lexicon) -> bool:
    """Return True when a stop speaks of doing a thing again ("resubscribe", "subscribe again", "come back
    and subscribe"): a "re-" word whose rest is a catalog word, or "again"/"back"."""
    return bool(_AGAIN.search(phrase)) or any(
        t.text.startswith("re") and lexicon.knows(stem(t.text[2:])) for t in tokenize(normalize(phrase))
    )


def _as_state(cond: Condition, phrase: str, catalog: Catalog, lexicon: Lexicon) -> Condition:
    """Read "once they resubscribe" as the state the event leads to (`subscription_status = active`): an
    all-time count of the event is already true for users who did it before (a cancelled subscriber has
    subscribed once), so it would stop them at once."""
    if (
        isinstance(cond, EventCondition)
        and cond.op == "gte"
        and cond.count == 1
        and cond.within_days is None
        and not cond.where
        and _said_again(phrase, lexicon)
    ):
        return state_reached_by(cond.event, catalog, lexicon) or cond
    return cond


def _as_cleared(cond: Condition, catalog: Catalog) -> Condition:
    """Read "once the ticket is resolved" as the count of things still open falling to zero (`open_tickets eq 0`,
    the trait the catalog describes as "… not yet resolved"): an all-time count of the event would stop anyone
    who had one resolved long ago, at once."""
    if not (isinstance(cond, EventCondition) and cond.op == "gte" and cond.within_days is None and not cond.where):
        return cond
    done = cond.event.rsplit("_", 1)[-1]
    for trait in catalog.traits:
        if trait.type == "int" and re.search(rf"\bnot yet {re.escape(done)}\b", trait.description or "", re.IGNORECASE):
            return TraitCondition(trait=trait.name, op="eq", value=0)
    return cond


def stated_stops(
    guards: list[Guard],
    audience: list[Condition],
    catalog: Catalog,
    lexicon: Lexicon,
    misses: Misses,
) -> list[StopCondition]:
    """Return the stop conditions among `guards`, read relative to the rule's audience ("complete a workout"
    for lapsed users ends the lapse)."""
    stops: list[StopCondition] = []
    for kind, phrase in guards:
        if kind != "stop":
            continue
        cond = _condition(phrase, catalog, lexicon, misses)
        if cond is not None:
            # cleared and resumed states first: what is left of a one-off act is then read since it reached them
            said = _as_cleared(_as_state(cond, phrase, catalog, lexicon), catalog)
            said = stop_relative_to_audience(said, audience, catalog, lexicon)
            if all(s.condition != said for s in stops):
                stops.append(
                    StopCondition(id="stated_stop", description=f"Stop once {phrase}.", condition=said)
                )
    return stops


def stated_suppressions(
    targets: list[tuple[list[str] | Literal["all"], list[Guard]]],
    catalog: Catalog,
    lexicon: Lexicon,
    misses: Misses,
) -> list[Suppression]:
    """Return one suppression per stated suppress guard, applying to its rules (or to all)."""
    sups: list[Suppression] = []
    taken: set[str] = set()
    for applies, guards in targets:
        for kind, phrase in guards:
            if kind != "suppress":
                continue
            parsed = _parsed(phrase, catalog, lexicon, misses)
            cond = parsed.condition if parsed is not None else None
            if parsed is None or cond is None or any(s.condition == cond and s.applies_to == applies for s in sups):
                continue
            sups.append(
                Suppression(
                    id=unique(slugify(phrase, fallback="stated_guard"), taken),
                    description=suppression_description(phrase, parsed.approximations),
                    condition=cond,
                    applies_to=applies,
                )
            )
    return sups


def merged_suppressions(sups: list[Suppression], rule_ids: list[str]) -> list[Suppression]:
    """Return the suppressions with those of one condition said of rules one by one joined into one, for all
    rules when together they reach every rule ("A, then B, unless they opted out" guards A and B alike)."""
    merged: list[Suppression] = []
    for sup in sups:
        same = next((m for m in merged if m.condition == sup.condition), None)
        if same is None or same.applies_to == "all" or sup.applies_to == "all":
            merged.append(sup)
            continue
        reach = list(dict.fromkeys([*same.applies_to, *sup.applies_to]))
        applies: list[str] | Literal["all"] = "all" if set(reach) >= set(rule_ids) else reach
        merged[merged.index(same)] = same.model_copy(update={"applies_to": applies})
    return merged


def unique_stop_ids(stops: list[StopCondition]) -> list[StopCondition]:
    """Return the stops with ids made unique ("stated_stop", "stated_stop_2")."""
    taken: set[str] = set()
    return [s.model_copy(update={"id": unique(s.id, taken)}) for s in stops]


def _related(rule: Rule, lexicon: Lexicon) -> set[str]:
    """Return the trait and event names a rule's audience, stops and conversion speak of, with each count
    trait's event and each event's count trait (`workouts_completed` ~ `workout_completed`)."""
    names = set().union(
        *(condition_names(c) for c in [rule.audience, *(s.condition for s in rule.stop_conditions)])
    )
    if rule.conversion is not None:
        names.add(rule.conversion.event)
    linked = {e for t, e in lexicon.trait_to_event.items() if t in names or e in names}
    return names | linked | {t for t, e in lexicon.trait_to_event.items() if e in linked}


def shared_stops(
    guards: list[Guard], rules: list[Rule], catalog: Catalog, lexicon: Lexicon, misses: Misses
) -> list[list[StopCondition]]:
    """Return, per rule, the stops a sentence states for no program in particular ("Stop once they complete a
    workout."): each goes to the rules it is about (their audience waits on it, or it names what they
    use or aim at), and to every rule when it is about none."""
    per_rule: list[list[StopCondition]] = [[] for _ in rules]
    for guard in [g for g in guards if g[0] == "stop"]:
        parsed = [stated_stops([guard], _leaves(r.audience), catalog, lexicon, misses) for r in rules]
        if not parsed or not parsed[0]:
            continue
        plain = stated_stops([guard], [], catalog, lexicon, Misses())[0].condition
        about = [
            i
            for i, (rule, stops) in enumerate(zip(rules, parsed, strict=True))
            if stops[0].condition != plain or condition_names(plain) & _related(rule, lexicon)
        ]
        for i in about or range(len(rules)):
            per_rule[i] += parsed[i]
    return per_rule


def _leaves(cond: Condition) -> list[Condition]:
    return list(cond.conditions) if isinstance(cond, AllOf) else [cond]


def with_stops(rule: Rule, stated: list[StopCondition]) -> Rule:
    """Return the rule with the stated stops first, then its own stops that say something else."""
    if not stated:
        return rule
    kept = [s for s in rule.stop_conditions if all(s.condition != t.condition for t in stated)]
    return rule.model_copy(update={"stop_conditions": unique_stop_ids([*stated, *kept])})
