"""Keep an act said with "never" all-time beside another act said with a period, as the words say.

"How many users who completed a workout last week never opened a push?", "… who started a trial in October have
never opened a push?", "… who never opened an email started a subscription in October?": the two acts are two
clauses run together with no "and", so the condition reader took them as one and put the period on both ("never
opened a push last week"), or refused "never". Written with the "and" they stand for, each keeps its own span: the
period bounds the act it is said of, and "never" is of all time. "users who never opened a push in October" is one
clause, and keeps its period. Two acts run together after a period ("who signed up in the last 30 days completed
a workout") are joined the same way.
"""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.text import tokenize

# "never", or "have never", and the word before it: a joining or relative word says the clauses are joined already
_NEVER_SAID = re.compile(r"(?P<before>[a-z0-9]+)\s+(?P<never>(?:(?:have|has|had)\s+)?never)\b")
_NEVER = re.compile(r"\bnever\b")
_JOINING = frozenset({"and", "or", "but", "who", "that", "which", "then", "users", "people", "customers", "members",
                      "they", "he", "she", "we", "you", "i", "not", "also", "nor", "have", "has", "had"})
# a verb in the past that opens a second act ("… an email started a subscription"); the words a preposition or
# conjunction joins ("opened the app after starting a trial") are not two clauses run together
_PAST = re.compile(r"^(?:[a-z]+ed|bought|did|got|made|saw|began|took|paid|went|came)$")


def _clause_before_names_an_act(text: str, at: int, lexicon: Lexicon) -> bool:
    """Return whether the words before `at`, back to the subject's relative word, name an event."""
    opening = max((m.end() for m in re.finditer(r"\b(?:who|that|which|users|people)\b", text[:at])), default=0)
    return bool(lexicon.match(tokenize(text[opening:at]), kinds={"event"}))


def _second_act(text: str, start: int, lexicon: Lexicon) -> int | None:
    """Return where a second act begins after the 'never' clause at `start` ("never opened an email started a
    subscription"), when nothing joins them; else None."""
    tokens = tokenize(text[start:])
    acts = lexicon.match(tokens, kinds={"event"})
    if len(acts) < 2:
        return None
    first = acts[1].first
    if first == 0 or not _PAST.match(tokens[first].text) or tokens[first - 1].is_stopword:
        return None
    return start + tokens[first].start


# "who signed up in the last 30 days completed a workout": a period closes one act and a verb in the past opens
# the next, with no "and" between them (the reader refused "last")
_PERIOD_THEN_VERB = re.compile(
    r"\b(?P<period>in the (?:last|past) \d+ (?:days?|weeks?|months?)|(?:last|this) (?:week|month)|yesterday|today)"
    r"\s+(?=(?:[a-z]+ed|did|got|made|bought|saw|paid|went|came|began|took)\b)"
)


def split_never_clauses(text: str, lexicon: Lexicon) -> str:
    """Return normalised question text with an 'and' between an act said with 'never' and another act it runs
    into, and between an act a period closes and the act said right after it."""
    out = _PERIOD_THEN_VERB.sub(lambda m: f"{m['period']} and ", text)
    text = out
    for m in reversed(list(_NEVER_SAID.finditer(text))):
        if m["before"] not in _JOINING and _clause_before_names_an_act(text, m.start("never"), lexicon):
            out = out[: m.start("never")] + "and " + out[m.start("never") :]
    never = _NEVER.search(out)
    if never is not None:
        second = _second_act(out, never.end(), lexicon)
        if second is not None:
            out = out[:second] + "and " + out[second:]
    return out
