"""Move a property value out from inside an event's words: "started a yoga workout" is "started a workout
yoga", so the verb keeps its event (`workout_started` filtered on yoga) instead of "workout" alone reading
another event (`workout_completed`). "bookmarked a hiit workout" is the same: the noun after a one-word
synonym is the event's object, said by its other synonyms ("saved a workout")."""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.text import normalize, tokenize
from warehouse.catalog import Catalog

_ARTICLES = frozenset({"a", "an", "the"})
_AMOUNT = r"(?:a|an|the|their|his|her|one|some|any|\d+\+?|two|three|four|five|six|seven|eight|nine|ten)"


def _patterns(catalog: Catalog) -> tuple[re.Pattern[str], ...]:
    """Return one pattern per event synonym (`re` caches the compiled patterns): its verb, an amount, enum property values, then its object noun."""
    out: list[re.Pattern[str]] = []
    for event in catalog.events:
        values = sorted(
            {
                str(v).replace("_", " ")
                for p in event.properties.values()
                if p.type == "enum"
                for v in p.values or []
            },
            key=len,
            reverse=True,
        )
        if not values:
            continue
        words = [[w for w in s.lower().split() if w not in _ARTICLES] for s in event.synonyms]
        nouns = sorted({w[-1] for w in words if len(w) >= 2})
        if not nouns:
            continue
        value = "|".join(re.escape(v) for v in values)
        noun = "|".join(re.escape(n) for n in nouns)
        for w in words:
            verb = r"\s+".join(re.escape(v) for v in (w[:-1] if len(w) >= 2 and w[-1] in nouns else w))
            out.append(
                re.compile(
                    rf"\b(?P<verb>{verb})\s+(?P<amount>{_AMOUNT}\s+)?"
                    rf"(?P<values>(?:{value})(?:\s*(?:,|and|or|/)\s*(?:{value}))*)\s+(?P<noun>(?:{noun})s?)\b",
                    re.IGNORECASE,
                )
            )
    return tuple(out)


def move_object_values(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "started a yoga workout" as "started a workout yoga" for every event synonym of the catalog."""

    def one(m: re.Match[str]) -> str:
        values = [v for v in re.split(r"\s*(?:,|\band\b|\bor\b|/)\s*", m["values"]) if v]
        if len(values) > 1 and m["amount"] and m["amount"].strip().lower() not in _ARTICLES:
            # "2 yoga or cycling workouts" counts both together, which no alternative says: each type is counted
            notes.append(
                f"'{m.group(0)}' read as {m['amount'].strip()} of one type or the other (not counted together)"
            )
        # "a yoga or cycling workout": either one, each said with its event
        return " or ".join(f"{m['verb']} {m['amount'] or ''}{m['noun']} {v}" for v in values)

    for pattern in _patterns(catalog):
        text = pattern.sub(one, text)
    return text


_VERB_SLOT = re.compile(
    r"(?:\b(?:haven't|hasn't|hadn't|didn't|have not|has not|had not|did not|never|who|who've|who have|who has|"
    r"that have|that has|have|has|had)\s+|^\s*)(?:(?:not|yet|ever|already|just|recently)\s+)*"
    r"(?:(?P<doing>done|did|do|does|practi[cs]ed|tried|completed|finished|went for|gone for|go for)\s+"
    r"(?:(?P<amount>any|some|a|an|one|\d+|two|three|four|five|six|seven|eight|nine|ten)\s+)?(?P<object>[a-z]+?)s?"
    r"(?:\s+(?:workouts?|sessions?|class(?:es)?))?|(?P<verb>[a-z]+ed|run|swum|swam)(?!\s+(?:workouts?|sessions?|class(?:es)?)))\b",
    re.IGNORECASE,
)
_ONE = frozenset({"any", "some", "a", "an", "one", "1"})


def value_verbs(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "haven't run in 5 days" as "haven't completed a workout running in 5 days" and "completed 3 runs"
    as "completed 3 workouts running": a verb or an object made of an event property's value is doing that
    event with that value (the event the catalog counts, e.g. the completed one), not the trait that shares
    the value ("preferred type running")."""
    counted = set(lexicon.event_to_trait)

    def one(m: re.Match[str]) -> str:
        word = m["object"] or m["verb"]
        entries = [e for match in lexicon.match(tokenize(normalize(word))) for e in match.entries]
        done = {e.name: e.value for e in entries if e.kind == "property_value" and e.name in counted}
        if len(done) != 1:
            return m.group(0)
        event, value = next(iter(done.items()))
        said = next((s.split() for s in catalog.event(event).synonyms if len(s.split()) == 3), None)
        if said is None or value is None:
            return m.group(0)
        amount = (m["amount"] or "a").lower()
        noun = said[2] if amount in _ONE else f"{said[2]}s"
        lead = m.group(0)[: m.start("doing" if m["doing"] else "verb") - m.start()]
        return f"{lead}{said[0]} {amount} {noun} {value.replace('_', ' ')}"

    return _VERB_SLOT.sub(one, text)
