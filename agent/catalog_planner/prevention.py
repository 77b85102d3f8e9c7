"""Read a goal of preventing something ("reduce churn", "prevent cancellations", "keep at-risk users from
churning") as the state the catalog names as the risk of it: a trait value whose synonyms speak of the
event ("at risk of churning" is `activation_state = at_risk`, and "churned" is `subscription_cancelled`).
The audience is in that state, and the program stops when the state no longer holds."""

from __future__ import annotations

import re

from agent.catalog_planner.conditions import parse_conditions
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.logic import negate
from agent.catalog_planner.text import content_stems, normalize, tokenize
from orchestrator.spec import Condition, StopCondition, TraitCondition
from warehouse.catalog import Catalog

_PREVENT = re.compile(
    r"\b(?:reduc\w*|prevent\w*|avoid\w*|fight\w*|lower\w*|cut(?:ting)?|minimi[sz]\w*|decreas\w*|curb\w*|"
    r"stop(?:ping)?|keep\w*|sav\w*|protect\w*|head off|get ahead of)\b",
    re.IGNORECASE,
)


def _risk_state(stem: str, lexicon: Lexicon) -> TraitCondition | None:
    """Return the trait value one of whose multi-word synonyms contains `stem` ("churn risk" for "churn")."""
    for key, entries in lexicon.forms.items():
        if len(key) < 2 or stem not in key:
            continue
        for entry in entries:
            if entry.kind == "value" and entry.value is not None:
                return TraitCondition(trait=entry.name, op="eq", value=entry.value)
    return None


def prevention_audience(
    phrase: str, catalog: Catalog, lexicon: Lexicon
) -> tuple[list[Condition], list[StopCondition]] | None:
    """Return (audience, stops) for a preventing goal whose event has a risk state; None otherwise."""
    if not _PREVENT.search(phrase):
        return None
    tokens = tokenize(normalize(phrase))
    for match in lexicon.match(tokens):
        if not any(e.kind == "event" for e in match.entries):
            continue
        for stem in content_stems(match.text):
            risk = _risk_state(stem, lexicon)
            if risk is None:
                continue
            rest = parse_conditions(
                phrase.replace(match.text, " "), catalog, lexicon, states_only=True
            ).conditions
            audience = [risk, *(c for c in rest if c != risk)]
            stop = StopCondition(
                id="risk_cleared",
                description=f"Stop once {risk.trait} is no longer {risk.value}.",
                condition=negate(risk),
            )
            return audience, [stop]
    return None
