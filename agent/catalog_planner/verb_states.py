"""Read a goal led by a verb that names a state ("activate new users", "retain at-risk subscribers") as the
move into that state: the audience is the people named after the verb, the stop is the state reached. Read
as conditions, the verb would be the state itself ("activate" is `activation_state = activated`), messaging
those already there."""

from __future__ import annotations

import re

from agent.catalog_planner.conditions import ConditionParse, parse_conditions
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.text import normalize, stem, tokenize
from orchestrator.spec import Condition, StopCondition, TraitCondition
from warehouse.catalog import Catalog


def _state_of_verb(verb: str, catalog: Catalog) -> tuple[str, str] | None:
    """Return (trait, value) of the one enum value the verb names by its stem ("activate" → activated)."""
    said = stem(verb)
    found = [
        (t.name, str(v))
        for t in catalog.traits
        if t.type == "enum"
        for v in t.values or []
        if stem(str(v)) == said
    ]
    return found[0] if len(found) == 1 else None


def verb_state_goal(
    phrase: str, catalog: Catalog, lexicon: Lexicon
) -> tuple[list[Condition], StopCondition, ConditionParse] | None:
    """Return (audience, stop, parse of the people) for "<verb naming a state> <people in another value of that
    state>", or None."""
    tokens = tokenize(normalize(phrase))
    if len(tokens) < 2:
        return None
    state = _state_of_verb(tokens[0].text, catalog)
    if state is None:
        return None
    trait, value = state
    if tokens[0].text.lower() == value.lower():
        return None  # "iOS or Android users in Germany": the value's own word, no verb moving anyone into it
    rest = phrase.strip().split(None, 1)[1]
    parse = parse_conditions(rest, catalog, lexicon)
    others = [
        c for c in parse.conditions if isinstance(c, TraitCondition) and c.trait == trait and c.value != value
    ]
    if parse.unmatched or not others:
        return None
    reached = TraitCondition(trait=trait, op="eq", value=value)
    stop = StopCondition(id="goal_reached", description=f"Stop once {trait} is {value}.", condition=reached)
    return list(parse.conditions), stop, parse


# "activate new users on iOS", "Create an eligibility rule to retain at-risk subscribers": the verb after the request
_LED_BY_VERB = re.compile(r"^(?P<lead>(?:[^.;:!?]*?\b(?:to|for)\s+)?)(?P<said>[a-z]+\s+[^.;!?]+?)(?P<end>\s*[.!?]?\s*)$",
                          re.IGNORECASE)


def as_people_until_state(prompt: str, catalog: Catalog, lexicon: Lexicon) -> str:
    """Return an eligibility prompt led by a verb naming a state ("activate new users on iOS") as its people with a
    stop at that state ("new users on iOS, stop once they are activated"); else the prompt. Read as conditions the
    verb was the state itself, and the rule went to the users already activated."""
    m = _LED_BY_VERB.match(prompt)
    moved = verb_state_goal(m["said"], catalog, lexicon) if m is not None else None
    if m is None or moved is None or not isinstance(moved[1].condition, TraitCondition):
        return prompt
    people = m["said"].strip().split(None, 1)[1]
    return f"{m['lead']}{people}, stop once they are {moved[1].condition.value}{m['end']}"
