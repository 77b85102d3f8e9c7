"""Read a question about the catalog itself: what a name means, which traits or events exist, whether one does.

"What does momentum_score mean?", "which traits can I use?", "is there an event for referrals?", "do we track
app installs?" ask what the command center knows, not about users: a planner would draft a rule from them
("is there an event for referrals?" became a rule for users whose utm_source is referral) or refuse them. Each is
answered from the catalog. A definition question counts only when its whole phrase is a catalog name or synonym
("what is the average momentum score?" and "what is trial conversion this week?" are data questions, left alone).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from warehouse.catalog import Catalog

Kind = Literal["trait", "event", "metric"]
Topic = Literal["traits", "events", "metrics"]


class CatalogAsk(BaseModel):
    """What a catalog question asks: every name of some topics, named entries, or whether a thing is tracked."""

    asked: Literal["list", "define", "exists"]
    topics: list[Topic] = []
    names: list[tuple[Kind, str]] = []
    phrase: str = ""  # what was asked about, as written ("referrals")


_TOPIC_WORDS: dict[str, Topic] = {"trait": "traits", "attribute": "traits", "field": "traits", "column": "traits",
                                  "event": "events", "action": "events", "metric": "metrics", "kpi": "metrics"}
_TOPIC_NOUN = r"traits?|attributes?|fields?|columns?|events?|actions?|metrics?|kpis?|data(?: points)?"
_TOPIC = rf"(?P<topic>{_TOPIC_NOUN})"
_LISTED = rf"(?P<listed>{_TOPIC_NOUN})"
_END = r"\s*[?.!]*\s*$"
_LIST = re.compile(
    rf"^\s*(?:(?:what|which)\s+{_TOPIC}\s+(?:can\s+(?:i|we|rules?|you)\s+(?:use|target(?:\s+on)?|filter\s+on|pick\s+from)|"
    r"are\s+(?:there|available|tracked|in\s+the\s+catalog)|do\s+(?:we|you|i)\s+(?:have|track|collect|know(?:\s+about)?)|"
    r"does\s+the\s+catalog\s+(?:have|hold|know)|exist)"
    rf"|(?:list|show(?:\s+me)?|give\s+me)\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:available\s+)?{_LISTED}"
    r"(?:\s+(?:i|we)\s+can\s+use|\s+in\s+the\s+catalog|\s+available)?"
    r"|what\s+can\s+(?:i|we|rules?)\s+(?:target|filter|segment)(?:\s+(?:on|by))?)" + _END,
    re.IGNORECASE,
)
_MEANS = re.compile(r"^\s*what\s+(?:does|do)\s+(?:the\s+)?(?:trait\s+|event\s+|metric\s+)?[\"'`]?(?P<phrase>.+?)[\"'`]?"
                    r"\s+(?:mean|stand\s+for|measure|count)" + _END, re.IGNORECASE)
_HOW = re.compile(r"^\s*how\s+(?:is|are|do\s+(?:we|you))\s+(?:the\s+)?[\"'`]?(?P<phrase>.+?)[\"'`]?\s+"
                  r"(?:computed|calculated|defined|measured|scored|worked\s+out|compute[d]?|calculate[d]?|define[d]?)"
                  + _END, re.IGNORECASE)
_WHAT_IS = re.compile(r"^\s*(?:what\s+is|what's|whats|define|explain)\s+(?:the\s+)?(?:trait\s+|event\s+)?[\"'`]?"
                      r"(?P<phrase>[\w\s-]+?)[\"'`]?" + _END, re.IGNORECASE)
_EXISTS = re.compile(
    rf"^\s*(?:is\s+there|are\s+there|do\s+(?:we|you)\s+have|have\s+we\s+got|does\s+the\s+catalog\s+have)\s+"
    rf"(?:an?|any)\s+{_TOPIC}\s+(?:for|about|on|called|named|that\s+(?:tracks|measures|counts|records)|tracking)\s+"
    r"(?P<phrase>.+?)" + _END
    + r"|^\s*do\s+(?:we|you)\s+(?:track|collect|log|record|capture)\s+(?P<tracked>.+?)" + _END,
    re.IGNORECASE,
)
_FILLER = re.compile(r"\b(?:the|a|an|any|our|users?'?|people'?s?|whether|when|if)\b", re.IGNORECASE)


def _key(text: str) -> str:
    return re.sub(r"[\s-]+", "_", _FILLER.sub(" ", text).strip().lower()).strip("_")


def _entries(catalog: Catalog) -> list[tuple[Kind, str, list[str]]]:
    """Return every catalog name with its kind and synonyms."""
    found: list[tuple[Kind, str, list[str]]] = [("trait", t.name, t.synonyms) for t in catalog.traits]
    found += [("event", e.name, e.synonyms) for e in catalog.events]
    found += [("metric", m.name, m.synonyms) for m in catalog.metrics]
    return found


def resolve(phrase: str, catalog: Catalog, kinds: tuple[Kind, ...] = ("trait", "event", "metric")) -> list[tuple[Kind, str]]:
    """Return the catalog entries a phrase names whole: a name ("momentum_score", "momentum score") or a synonym."""
    key = _key(phrase)
    if not key:
        return []
    named = [(kind, name) for kind, name, synonyms in _entries(catalog) if kind in kinds
             and (key == name or key in {_key(s) for s in synonyms})]
    # an event named in the plural ("app opens" is app_opened's synonym; "workouts completed"): its singular too
    if not named and key.endswith("s"):
        named = resolve(key[:-1], catalog, kinds)
    return named


def _topic(word: str | None) -> list[Topic]:
    if word is None or word.lower().startswith("data"):
        return ["traits", "events"]
    return [_TOPIC_WORDS.get(word.lower().rstrip("s"), "traits")]


def read_catalog_question(prompt: str, catalog: Catalog) -> CatalogAsk | None:
    """Return what a question about the catalog asks, or None when the prompt is not one."""
    if (listing := _LIST.match(prompt)) is not None:
        return CatalogAsk(asked="list", topics=_topic(listing.group("topic") or listing.group("listed")))
    for pattern, kinds in ((_MEANS, ("trait", "event", "metric")), (_HOW, ("trait", "event", "metric")),
                           (_WHAT_IS, ("trait", "event", "metric"))):
        if (found := pattern.match(prompt)) is not None:
            names = resolve(found.group("phrase"), catalog, kinds)  # type: ignore[arg-type]
            return CatalogAsk(asked="define", names=names, phrase=found.group("phrase")) if names else None
    if (exists := _EXISTS.match(prompt)) is not None:
        phrase = exists.group("phrase") or exists.group("tracked")
        topic = exists.group("topic")
        return CatalogAsk(asked="exists", topics=_topic(topic) if topic else [], phrase=phrase.strip(),
                          names=resolve(phrase, catalog))
    return None
