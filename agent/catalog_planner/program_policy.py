"""Draft a Policy from named programs (`programs.py`): each program's own audience, its goal read from its
label, the stated stops and suppressions, and the channels said of it.

A program's label ("upgrade offer", "welcome series") is a name, not a condition: words the catalog does not
know there are fine. Its audience phrase must map fully, or the planner refuses naming the phrase.
"""

from __future__ import annotations

import re

from agent.catalog_planner.channels import GoalKind, channel_plan, stated_channels
from agent.catalog_planner.complement import EVERYONE_ELSE, complement
from agent.catalog_planner.conditions import ConditionParse, parse_conditions
from agent.catalog_planner.former_states import without_former_states
from agent.catalog_planner.goals import Goal, goal_for_audience
from agent.catalog_planner.leading_program import people_spoken_of
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.logic import all_of
from agent.catalog_planner.parenthetical_definitions import apply_parenthetical_definitions
from agent.catalog_planner.policy import assemble_policy, within_scope
from agent.catalog_planner.program_labels import same_label
from agent.catalog_planner.program_marks import TOP
from agent.catalog_planner.program_order import Program, ProgramReading
from agent.catalog_planner.refusals import refusal_for
from agent.catalog_planner.slugs import slugify, unique
from agent.catalog_planner.stated_guards import (
    Guard,
    Misses,
    merged_suppressions,
    shared_stops,
    stated_stops,
    stated_suppressions,
    unique_stop_ids,
    with_stops,
)
from agent.types import Refusal
from orchestrator.spec import ChannelStep, Policy, Rule
from warehouse.catalog import Catalog


def _channels(program: Program, fallback: list[str], kind: GoalKind, rule_id: str) -> list[ChannelStep]:
    """Return the channels said of the program (or of the whole prompt), else the goal kind's default plan."""
    said = program.channels or fallback
    return stated_channels(said, rule_id) if said else channel_plan(kind, rule_id)


# "For users with an open billing ticket:", "For people who opened the app yesterday:": people said by a clause;
# "New signups (joined in the last 7 days):" by a definition in brackets (read as states alone, it said nothing)
_PEOPLE_CLAUSE = re.compile(r"\b(?:who|whose|that|with|without)\b|\(", re.IGNORECASE)


def _scope(said: str, catalog: Catalog, lexicon: Lexicon) -> ConditionParse:
    """Return the conditions of the people a head scopes every program to: its states ("For trial users"), and
    all it says of them when a clause says it ("For users with an open billing ticket", which states alone
    dropped, leaving the programs for everyone)."""
    if not said:
        return ConditionParse()
    said = apply_parenthetical_definitions(said, catalog, lexicon)  # "newly registered users (signed up …)"
    states = parse_conditions(said, catalog, lexicon, states_only=True)
    if not _PEOPLE_CLAUSE.search(said):
        return states
    whole = parse_conditions(said, catalog, lexicon)
    whole.conditions = without_former_states(whole.conditions, catalog)  # "For subscribers who cancelled …"
    return whole if whole.conditions or whole.unexpressed else states


_PEOPLE_NOUN = re.compile(r"\b(?:users?|people|customers|members|ones|folks)\b", re.IGNORECASE)


def _rule_slug(program: Program, programs: list[Program]) -> str:
    """Return a program's id: its label's slug, with its people's words when another program shares the name
    ("upgrade_nudge_trial" and "upgrade_nudge_high_intent", not "upgrade_nudge" and "upgrade_nudge_2")."""
    plain = slugify(program.label, fallback="program")
    shared = any(p is not program and same_label(p.label, program.label) for p in programs)
    people = _PEOPLE_NOUN.sub(" ", program.audience) if program.audience else ""
    if not shared or not people.strip():
        return plain
    said = slugify(people, max_words=2, fallback="")
    return f"{plain}_{said}"[:63] if said else plain


def draft_program_policy(
    prompt: str, reading: ProgramReading, catalog: Catalog, lexicon: Lexicon
) -> Policy | Refusal:
    """Draft the policy of a prompt read as named programs, or refuse naming the condition phrases that map
    to nothing."""
    failed: list[str] = []
    suggestions: list[str] = []
    rules: list[Rule] = []
    goals: list[Goal] = []
    taken: set[str] = set()
    guards_by_rule: list[tuple[str, list[Guard]]] = []
    misses = Misses()
    scope_parse = _scope(reading.scope, catalog, lexicon)
    failed += scope_parse.unexpressed
    suggestions += scope_parse.suggestions
    scope = scope_parse.conditions
    for priority, program in enumerate(reading.programs, start=1):
        if EVERYONE_ELSE.fullmatch(program.audience.strip()) or (
            not program.audience and not scope and rules
        ):
            # "then the promo for everyone else", "… and general tips last": whoever the programs before it miss
            audience = ConditionParse(conditions=complement(scope, [r.audience for r in rules]))
        else:
            audience = (
                parse_conditions(program.audience, catalog, lexicon) if program.audience else ConditionParse()
            )
            audience.conditions = within_scope(scope, without_former_states(audience.conditions, catalog))
        if audience.unexpressed:
            failed += audience.unexpressed
            suggestions += audience.suggestions
            continue
        goal = goal_for_audience(program.label, audience, catalog, lexicon)
        if not goal.audience and not program.audience and not scope and program.rank == TOP:
            # "Top priority is the tips digest" before programs for named people: it wins for all of them
            audience = ConditionParse(conditions=people_spoken_of(reading, catalog, lexicon))
            goal = goal_for_audience(program.label, audience, catalog, lexicon)
        cond = all_of(goal.audience)
        if cond is None:
            failed.append(program.audience or program.label)
            suggestions += goal.parse.suggestions
            continue
        rule_id = unique(_rule_slug(program, reading.programs), taken)
        stated = stated_stops(program.guards, goal.audience, catalog, lexicon, misses)
        stops = [*stated, *(s for s in goal.stops if all(s.condition != t.condition for t in stated))]
        rules.append(
            Rule(
                id=rule_id,
                description=f"({priority}) {program.label}"
                + (f" for {program.audience}" if program.audience else "")
                + "".join(f"; approximated: {a}" for a in audience.approximations),
                audience=cond,
                priority=priority,
                purpose="service" if goal.kind == "support" else "marketing",
                channels=_channels(program, reading.channels, goal.kind, rule_id),
                stop_conditions=unique_stop_ids(stops),
                template_key=rule_id,
                conversion=goal.conversion,
            )
        )
        goals.append(goal)
        guards_by_rule.append((rule_id, [g for g in program.guards if g[0] == "suppress"]))
    shared = shared_stops(reading.global_guards, rules, catalog, lexicon, misses)
    rules = [with_stops(r, s) for r, s in zip(rules, shared, strict=True)]
    sups = stated_suppressions(
        [("all", reading.global_guards), *(([rid], gs) for rid, gs in guards_by_rule)],
        catalog,
        lexicon,
        misses,
    )
    sups = merged_suppressions(sups, [r.id for r in rules])
    failed = list(dict.fromkeys([*failed, *misses.phrases]))
    suggestions += misses.suggestions
    if failed or not rules:
        return refusal_for(failed or [prompt.strip()], suggestions, catalog, what="condition phrase")
    head = rules[0].id if len(rules) == 1 else "programs"
    return assemble_policy(prompt, head, rules, goals, sups, "", catalog, lexicon)
