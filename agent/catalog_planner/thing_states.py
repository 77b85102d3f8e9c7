"""Read the state of a thing the people have ("whose subscription is cancelled", "with a cancelled
subscription", "their plan has expired") as the trait that keeps that thing's state
("subscription status is cancelled").

Said this way the thing's noun and the state word also spell an event ("subscription" + "cancelled" is
`subscription_cancelled`), so the people became anyone who ever cancelled, even those paying again since;
"whose subscription was canceled" (one l, no event's word) already read as the state.
"""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.text import stem
from warehouse.catalog import Catalog, TraitSpec

_NOUN = r"(?P<noun>subscription|plan|sub)"
_STATE = r"(?P<state>[a-z]+)(?P<more>(?:\s*(?:,|or|and/or)\s+[a-z]+)*)"
_THING_IS = re.compile(
    rf"\b{_NOUN}\s+(?:is|was|has been|had been|got|has|had|are|were)\s+(?:now\s+|already\s+)?{_STATE}\b",
    re.IGNORECASE,
)
_STATE_THING = re.compile(rf"\b(?P<state>[a-z]+)\s+{_NOUN}s?\b", re.IGNORECASE)


# "are no longer subscribed", "who aren't paying anymore": a subscription that ended, which the subscription's
# trait keeps as its ended value (a state held before is otherwise refused: `unsaid_shapes.py`)
_NO_LONGER = re.compile(
    r"\b(?:(?:are|is|were|was)\s+)?(?:no longer|not anymore)\s+(?P<what>subscribed|paying|(?:an?\s+)?(?:paying\s+|paid\s+)?"
    r"(?:subscribers?|customers?))\b|\b(?:aren't|are not|isn't|is not)\s+(?P<what2>subscribed|paying)\s+(?:anymore|any more)\b",
    re.IGNORECASE,
)


def _ended_value(trait: TraitSpec) -> str | None:
    """Return the one value of a subscription's trait that says it ended ("cancelled": "stopped paying")."""
    ended = [
        str(v)
        for v in trait.values or []
        if "cancel" in str(v) or any("stopped" in w for w in (trait.value_synonyms or {}).get(str(v), []))
    ]
    return ended[0] if len(ended) == 1 else None


def _thing_trait(noun: str, catalog: Catalog) -> TraitSpec | None:
    """Return the one enum trait that keeps the state of the thing the noun names (by its name or synonyms)."""
    said = "subscription" if noun.lower() == "sub" else noun.lower()
    found = [
        t
        for t in catalog.traits
        if t.type == "enum"
        and any(said in label.split() for label in [t.name.replace("_", " "), *t.synonyms])
    ]
    return found[0] if len(found) == 1 else None


def _is_value(word: str, trait: TraitSpec) -> bool:
    return any(stem(word.lower()) == stem(str(v)) for v in trait.values or [])


def read_thing_states(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite a thing's state said of the people as the trait that keeps it ("subscription status is …"), and a
    subscription no longer held as its ended value."""

    def is_state(m: re.Match[str]) -> str:
        trait = _thing_trait(m["noun"], catalog)
        said = [m["state"], *re.findall(r"[a-z]+", m["more"] or "", re.IGNORECASE)]
        values = [w for w in said if w.lower() not in ("or", "and")]
        if trait is None or not all(_is_value(w, trait) for w in values):
            return m.group(0)
        return f"{trait.name.replace('_', ' ')} is {m['state']}{m['more'] or ''}"

    def state_thing(m: re.Match[str]) -> str:  # "a cancelled subscription"
        trait = _thing_trait(m["noun"], catalog)
        if trait is None or not _is_value(m["state"], trait):
            return m.group(0)
        return f"{trait.name.replace('_', ' ')} {m['state']}"

    text = read_ended_subscriptions(text, catalog, lexicon, notes)
    return _STATE_THING.sub(state_thing, _THING_IS.sub(is_state, text))


def read_ended_subscriptions(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "are no longer subscribed" as the subscription's ended value ("subscription status is cancelled")."""
    trait = _thing_trait("subscription", catalog)
    value = _ended_value(trait) if trait is not None else None

    def one(m: re.Match[str]) -> str:
        if trait is None or value is None:
            return m.group(0)
        notes.append(f"'{m.group(0).strip()}' read as {trait.name} = {value} (a subscription that ended)")
        return f"have {trait.name.replace('_', ' ')} {value}"

    return _NO_LONGER.sub(one, text)
