"""Take the message's topic out of an audience: the words a message is named by are what it is about, never
who gets it.

Three shapes: a message phrase that opens the prompt and hands over to its people with "for"/"to" ("workout
reminders for Android users", "the pricing email for everyone on trial", "yoga class promo for runners"),
"about <topic>" closing it ("Email trial users about the new pricing"), and "with <a message>" after a verb
aiming at people ("Target yoga lovers with a new class announcement"). Read as conditions, "workout"
became `workouts_completed >= 1`, "new" `activation_state = new` and "yoga" a second preferred type.
"""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.message_labels import MESSAGE_NOUN
from agent.catalog_planner.span_idioms import clause_before, events_read
from warehouse.catalog import Catalog

_OPENING_VERB = (
    r"(?:(?:please\s+)?(?:send|set up|setup|schedule|create|build|draft|launch|run|add|make|start|queue|"
    r"i want|we want|we need|i need|let's do|let's send|can we (?:send|do|get|set up)|could we (?:send|do|get|set up))\s+)"
)
# "Create eligibility rules for the win-back email for lapsed users": the request names what it drafts, then the
# message; its words are neither the label nor the people
_REQUESTED = (
    r"(?:(?:(?:please\s+)?(?:create|define|build|write|draft|set up|make|generate|give me)\s+)?(?:(?:an?|the|some)\s+)?"
    r"(?:eligib\w*|audience|targeting)(?:\s+(?:rules?|criteria|definition|logic))?\s+(?:for|of)\s+)"
)
_OPENING_LABEL = re.compile(
    rf"^\s*(?:{_REQUESTED}|{_OPENING_VERB})?(?:(?:a|an|the|our|this|some|that)\s+)?"
    rf"(?P<label>(?:(?!(?:to|for|who|whom|whose|with|on|in|from|users?|people|customers|members)\b)[\w'-]+\s+){{0,4}}"
    rf"{MESSAGE_NOUN}(?:\s+(?:email|push|sms|text|message)s?)?)\s+(?:for|to)\s+(?=\S)",
    re.IGNORECASE,
)
# "about the new pricing", "regarding our yoga classes" closing the prompt; not what people did about something
# ("users who asked about the annual plan", "who complained about the app")
_ABOUT_TOPIC = re.compile(
    r"(?<!\bask)(?<!\basked)(?<!\bcare)(?<!\bcared)(?<!\bforgot)(?<!\bknow)(?<!\bknew)(?<!\bheard)(?<!\bread)"
    r"(?<!\bthink)(?<!\bthought)(?<!\btalked)(?<!\bcomplained)(?<!\bwrote)(?<!\bcurious)(?<!\bworried)"
    r"\s*,?\s+(?:about|regarding|re:?|on the subject of)\s+(?P<topic>(?:the|our|a|an|this|new|upcoming|latest|next)\b"
    r"[^.;,!?]*?)\s*[.!]?\s*$",
    re.IGNORECASE,
)


# "Target yoga lovers with a new class announcement": after a verb that aims at people, "with" a message phrase
# ending the clause is what they get ("users with an open ticket" names no message, and no verb aims it)
_AIMING = re.compile(
    r"^\s*(?:please\s+)?(?:target|reach|hit|engage|surprise|greet|email|message|ping|nudge|remind|"
    r"invite|contact|approach)\b",
    re.IGNORECASE,
)
_WITH_MESSAGE = re.compile(
    rf"\s+with\s+(?:a|an|the|our|this|some)\s+(?:(?!(?:who|whose|that|which|and|or)\b)[\w'-]+\s+){{0,4}}{MESSAGE_NOUN}"
    r"(?=\s*(?:[,.;!]|$))",
    re.IGNORECASE,
)


def without_with_message(text: str) -> str:
    """Return the text without the message a verb aiming at people hands them "with" ("Reach Android users with a
    feature announcement"): its words say what the message is about, not who gets it."""
    return _WITH_MESSAGE.sub("", text, count=1) if _AIMING.match(text) else text


def take_opening_label(text: str) -> tuple[str, str] | None:
    """Return (the message's label, the people after "for"/"to") for a prompt that opens with a message phrase."""
    m = _OPENING_LABEL.match(text)
    if m is None:
        return None
    return m["label"].strip(), text[m.end() :]


_ISSUE_NOUN = re.compile(r"\s+(?:issues?|problems?|questions?|trouble|complaints?|request)\b", re.IGNORECASE)


def without_about_topic(text: str, catalog: Catalog, lexicon: Lexicon) -> str:
    """Return the text without the message's topic said after "about" at its end; a topic that is a value the
    act just before it records is that act's ("contacted support about a bug this month" is a bug ticket this
    month: cut, the reason and the month were dropped)."""
    m = _ABOUT_TOPIC.search(text)
    if m is None:
        return text
    acts = events_read(clause_before(text, m.start()), lexicon)
    recorded = {
        str(v).replace("_", " ")
        for name in acts
        for prop in catalog.event(name).properties.values()
        for v in prop.values or []
    }
    topic = f" {' '.join(re.findall(r'[a-z]+', m['topic'].lower()))} "
    if not any(f" {value} " in topic for value in recorded):
        return text[: m.start()]
    # "about a billing problem": the kind of issue is the value; "problem" itself names nothing
    return text[: m.start("topic")] + _ISSUE_NOUN.sub("", m["topic"]) + text[m.end("topic") :]
