"""Keep a message's topic out of its people: in a program named "workout tips", "streak challenge", "workout
recap" or "yoga class promo", the words before the message noun say what the message is about. Read as
conditions, "workout" was `workouts_completed >= 1` (tips went only to people who had already worked out, and
stopped for those who had not), "streak" `current_streak_days >= 1` and "yoga" a preferred workout type. Only
such topic reads leave: a bare noun's "at least one", or a value the catalog records on an event (a workout's
type); people words the name carries ("android", "trial", "at-risk") stay its people, and so does what a
message celebrates or sums up ("streak celebration", "workout recap": for those who have one).
"""

from __future__ import annotations

import re

from orchestrator.spec import Condition, EventCondition, TraitCondition
from warehouse.catalog import Catalog

# A message that offers, tells or asks (not one that celebrates or sums up what people did)
_OFFERING_NOUN = (
    r"(?:reminder|nudge|digest|offer|discount|promo|promotion|message|note|tip|tips|series|campaign|challenge|"
    r"survey|newsletter|coupon|deal|alert|announcement|invite|invitation|checklist|guide|notification|push|email|"
    r"sms|text|update|extension|perk|credit|bonus|gift|code|request|ask|plan|program|class)s?"
)
# "workout tips", "the streak challenge", "yoga class promo email": topic words, then the message noun ending it
_TOPIC_LABEL = re.compile(
    rf"^\s*(?:(?:the|a|an|our|this|some)\s+)?(?:(?!(?:users?|people|customers|members|who|with|for|to|that|"
    rf"which|and|or|not|no)\b)[\w'-]+\s+){{1,3}}{_OFFERING_NOUN}(?:\s+(?:email|push|sms|text|message)s?)?"
    # "the streak challenge?", "workout tips (habit)": a question mark, or a reason in brackets, closing the name
    rf"(?:\s*\([^()]*\))?\s*[?.!]*\s*$",
    re.IGNORECASE,
)


def _recorded_values(catalog: Catalog) -> set[str]:
    return {str(v) for e in catalog.events for p in e.properties.values() for v in (p.values or [])}


def is_topic(condition: Condition, catalog: Catalog) -> bool:
    """Return True when a condition read from a label's words is only its topic: "at least one" of a count or an
    event (no number was said), or a value events record ("yoga")."""
    if isinstance(condition, EventCondition):
        return condition.op == "gte" and condition.count == 1 and not condition.where
    if not isinstance(condition, TraitCondition):
        return False
    if condition.op == "gte" and condition.value == 1:
        return True
    values = condition.value if isinstance(condition.value, list) else [condition.value]
    return condition.op in ("eq", "in") and bool(values) and all(str(v) in _recorded_values(catalog) for v in values)


_LAST_CHANNEL = re.compile(r"\b(?P<noun>email|push|sms|text|message)(?:e?s)?\s*$", re.IGNORECASE)


def channel_noun(label: str) -> str | None:
    """Return the channel noun ending a program's name ("push" in "workout tips push"), lower-cased, else None:
    it names how the message goes, not a verb aiming at a goal ("push them to upgrade")."""
    m = _LAST_CHANNEL.search(label) if _TOPIC_LABEL.match(label) else None
    return m["noun"].lower() if m else None


def without_topics(label: str, conditions: list[Condition], catalog: Catalog) -> list[Condition] | None:
    """Return the conditions a message's name states of its people once its topic words are set aside, or None
    when the phrase is no message name ("users with a streak") or its words held no topic."""
    if not _TOPIC_LABEL.match(label):
        return None
    kept = [c for c in conditions if not is_topic(c, catalog)]
    return kept if len(kept) < len(conditions) else None
