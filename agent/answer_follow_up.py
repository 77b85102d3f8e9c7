"""A chat follow-up to a diagnosis or a data answer: "and on Android?", "what about last week?", "for trial
users?" asks the thread's last question again with that part changed.

The question is rewritten in words, not as a plan, so the planner that answered it (catalog or LLM) reads the
new one as it read the first, and the answer shows the question it answered. A segment the follow-up names
takes the place of the last question's value of the same trait, every mention ("iOS" becomes "Android"; with
"iOS vs Android" already there, the two change places); a period
takes the place of its period ("this week" becomes "last week"); what is left is added at the end.
Whether a message is a follow-up at all is `performance_follow_up.reads_as_follow_up`.
"""

from __future__ import annotations

import re

from agent.catalog_planner.debug_cues import names_period
from agent.catalog_planner.debug_period_phrases import CURRENT_PHRASES
from agent.catalog_planner.quantities import extract_window
from agent.catalog_planner.text import STOPWORDS, normalize, tokenize
from agent.performance_scope import catalog_lexicon
from warehouse.catalog import Catalog

# the words that open a follow-up and carry no part of it ("and", "what about", "ok, now")
_OPENER = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|great|thanks|cool|right)\s*[,.!]?\s*)?(?:(?:and|but|what about|how about|what if|now|"
    r"same for|same|also|then)\b\s*,?\s*)*",
    re.IGNORECASE,
)
# "trial users" becoming "active subscribers users": the people named once
_PEOPLE_TWICE = re.compile(r"\b(users|subscribers|people|customers|members)\s+(?:users|people|customers|members)\b",
                           re.IGNORECASE)
_FILLER = STOPWORDS | {"on", "in", "for", "among", "with", "from", "over", "during", "just", "only", "instead"}


def _values(text: str, catalog: Catalog) -> list[tuple[frozenset[str], str]]:
    """Return each catalog value the text names: (the traits it could be a value of, the words as said)."""
    found = []
    for match in catalog_lexicon(catalog).match(tokenize(normalize(text)), kinds={"value"}):
        traits = frozenset(e.name for e in match.entries if e.kind == "value")
        if traits:
            found.append((traits, match.text))
    return found


def _pattern(words: str) -> str:
    return r"\b" + r"[\s_-]+".join(re.escape(w) for w in words.split()) + r"\b"


def _said(text: str, words: str) -> re.Match[str] | None:
    """Find `words` (normalised) in the text as typed, in any case."""
    return re.search(_pattern(words), text, re.IGNORECASE)


def _put_in_place(question: str, old: str, new: str) -> str:
    """Return the question with every mention of `old` said as `new`; when it already names `new` (the segment
    it compared with: "iOS vs Android", then "what about Android?"), the two change places."""
    if _said(question, new) is None:
        return re.sub(_pattern(old), new, question, flags=re.IGNORECASE)
    both = re.compile(f"(?P<old>{_pattern(old)})|(?P<new>{_pattern(new)})", re.IGNORECASE)
    return both.sub(lambda m: new if m.group("old") else old, question)


def _period_span(text: str) -> tuple[int, int] | None:
    """Return where the text names its period (`debug_window` reads the same phrases), else None."""
    lowered = text.lower()  # the phrases are lower-case patterns; lowering keeps every offset
    spans = [m.span() for pattern, _, _ in CURRENT_PHRASES if (m := pattern.search(lowered))]
    window, _ = extract_window(lowered)
    if window is not None and not window.ahead:
        spans.append((window.start, window.end))
    return min(spans) if spans else None


def _replace(text: str, span: tuple[int, int], words: str) -> str:
    return text[: span[0]] + words + text[span[1]:]


# a message channel said in a question ("android email", "push delivery"): swapped as a segment's value is
_CHANNEL = re.compile(r"\b(?:push(?:es)?|e-?mails?|sms|in-app)\b", re.IGNORECASE)


def follow_up_prompt(previous: str, follow_up: str, catalog: Catalog) -> str:
    """Return the last question asked again with the follow-up's segment, period and other words in place."""
    part = _OPENER.sub("", follow_up).strip().rstrip("?.! ")
    question = previous.rstrip()
    mark = question[-1] if question[-1:] in ("?", ".", "!") else ""
    question = question.rstrip("?.! ")
    earlier = _values(question, catalog)
    for traits, words in _values(part, catalog):
        same = next((said for had, said in earlier if had & traits), None)
        found = _said(question, same) if same else None
        said_here = _said(part, words)
        if found is None or said_here is None:
            continue
        question = _put_in_place(question, found.group(), said_here.group())
        part = _replace(part, said_here.span(), " ")
        earlier = _values(question, catalog)
    said_channel, had_channel = _CHANNEL.search(part), _CHANNEL.search(question)
    if said_channel and had_channel and said_channel.group().lower() != had_channel.group().lower():
        # "what changed for android email this week?" then "what about push?": that channel in place of the other
        question = _replace(question, had_channel.span(), said_channel.group())
        part = _replace(part, said_channel.span(), " ")
    if names_period(normalize(part)):
        new, old = _period_span(part), _period_span(question)
        if new is not None and old is not None:
            # a phrase may be matched with the space before it (" last week"): the words put in its place keep it
            said = question[old[0]:old[1]]
            lead, trail = (" " if said[:1].isspace() else ""), (" " if said[-1:].isspace() else "")
            question = _replace(question, old, lead + part[new[0]:new[1]].strip() + trail)
            part = _replace(part, new, " ")
    left = " ".join(part.split())
    if any(w.lower() not in _FILLER for w in re.findall(r"[\w'-]+", left)):
        question = f"{question} {left}"
    return _PEOPLE_TWICE.sub(r"\1", question) + mark
