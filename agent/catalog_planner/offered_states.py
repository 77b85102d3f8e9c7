"""Read a program that offers a state a person can enter ("a trial offer", "send them a free-trial invite", "the
subscription discount"): it is for the people who can still enter that state, not for those already in it.

The state is one an event leads to (`goals.state_reached_by`: `trial_started` → `subscription_status = trial`),
named by the words before the offer noun as a value of it ("trial", "paid plan") or as the event's own name
("subscription" of `subscription_started`). Those words must all be the state's: "a trial extension offer" offers
an extension (to people in the trial), and "a yoga class invite" names no state at all, so neither is read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.catalog_planner.goals import CONVERSION_WINDOW_DAYS, Goal, state_reached_by
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.text import STOPWORDS, content_stems, normalize, tokenize
from orchestrator.spec import ConversionMetric, StopCondition, TraitCondition
from warehouse.catalog import Catalog

_OFFER = re.compile(
    r"(?P<thing>(?:[\w'-]+\s+){1,4}?)(?:offers?|invites?|invitations?|deals?|discounts?|coupons?|promos?|promotions?)\b",
    re.IGNORECASE,
)
# words that say how the offer is made, not what is offered ("a free trial offer", "an exclusive subscription deal")
_MANNER = frozenset(
    {"free", "special", "exclusive", "limited", "extra", "bonus", "personal", "personalized", "one-time", "new",
     "push", "email", "e-mail", "sms", "text", "in-app"}
)  # fmt: skip


@dataclass(frozen=True)
class OfferedState:
    """The state a program offers, the event that enters it, and the states past it in the same funnel."""

    phrase: str
    event: str
    state: TraitCondition
    beyond: tuple[str, ...]


def _reached(catalog: Catalog, lexicon: Lexicon) -> dict[str, TraitCondition]:
    """Return each event that leads to a trait state, with that state."""
    return {e.name: s for e in catalog.events if (s := state_reached_by(e.name, catalog, lexicon)) is not None}


def _state_named(words: list[str], reached: dict[str, TraitCondition], lexicon: Lexicon) -> str | None:
    """Return the event whose state the words name in full (a value of it, or the event's own name), else None."""
    said = " ".join(w for w in words if w.lower() not in _MANNER)
    stems = set(content_stems(said))
    if not stems:
        return None
    tokens = [t for t in tokenize(normalize(said)) if not t.is_stopword]
    matches = lexicon.match(tokens, kinds={"value"})
    if len(matches) == 1 and matches[0].last - matches[0].first + 1 == len(tokens):
        for entry in matches[0].entries:
            for event, state in reached.items():
                if (entry.name, entry.value) == (state.trait, state.value):
                    return event
    # "a subscription offer": the event's own name (`subscription_started`) names what it enters
    return next((event for event in reached if stems <= set(content_stems(event))), None)


def offered_state(program: str, catalog: Catalog, lexicon: Lexicon) -> OfferedState | None:
    """Return the state a program phrase offers ("trial offer" → subscription_status = trial), else None."""
    if not program:
        return None
    reached = _reached(catalog, lexicon)
    for m in _OFFER.finditer(program):
        words = m["thing"].split()
        found: tuple[str, str] | None = None
        # the word just before the offer noun must be the state's; earlier words join while they still are
        for size in range(1, len(words) + 1):
            event = _state_named(words[-size:], reached, lexicon)
            if event is None:
                break
            found = (event, " ".join(w for w in words[-size:] if w.lower() not in STOPWORDS))
        if found is None:
            continue
        event, said = found
        state = reached[event]
        later = [
            s.value
            for metric in catalog.metrics
            if event in metric.funnel
            for step in metric.funnel[metric.funnel.index(event) + 1 :]
            if (s := reached.get(step)) is not None and s.trait == state.trait and s.value != state.value
        ]
        return OfferedState(said, event, state, tuple(str(v) for v in dict.fromkeys(later)))
    return None


def offer_goal(offered: OfferedState) -> Goal:
    """The goal of offering a state: people not in it (nor past it in the funnel) until they enter it."""
    state = offered.state
    values = [str(state.value), *offered.beyond]
    held = (
        TraitCondition(trait=state.trait, op="in", value=values)
        if len(values) > 1
        else TraitCondition(trait=state.trait, op="eq", value=values[0])
    )
    outside = (
        TraitCondition(trait=state.trait, op="not_in", value=values)
        if len(values) > 1
        else TraitCondition(trait=state.trait, op="ne", value=values[0])
    )
    stop = StopCondition(
        id="converted",
        description=f"Stop once the user enters what was offered ({state.trait} = {state.value}).",
        condition=held,
    )
    conversion = ConversionMetric(event=offered.event, window_days=CONVERSION_WINDOW_DAYS)
    return Goal("conversion", audience=[outside], stops=[stop], conversion=conversion)


def offer_note(offered: OfferedState) -> str:
    """Say how the offer was read, for the rule's description."""
    state = offered.state
    past = f" (nor {' or '.join(offered.beyond)}, which comes after it)" if offered.beyond else ""
    return (
        f"'{offered.phrase}' is what the program offers: it targets people not yet in {state.trait} = "
        f"{state.value}{past}, and stops once they enter it"
    )
