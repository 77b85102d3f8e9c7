"""Refuse by name one count of a person compared with another of theirs, which no condition says (a condition
compares one count with a fixed number): "viewed pricing more often than they opened the app", "started more
workouts than they completed", "more pricing views than workouts", "completed fewer workouts this week than last
week", "twice as many workouts as last month", "started 5 workouts and completed all of them". Read word by word,
each was a different audience with nothing said (both counts at least one, or one count alone). The refusal
quotes the whole clause and says what can be said instead, in its own words: each count against a number."""

from __future__ import annotations

import re

from agent.catalog_planner.quantities import extract_window
from agent.catalog_planner.span_idioms import clause_before
from agent.types import Refusal

_NUMBER_WORD = r"(?:\d|a\b|an\b|one\b|two\b|three\b|four\b|five\b|ten\b|once\b|twice\b|a few\b|several\b)"
_COMPARED = re.compile(
    # "more often than they …", "more than they have …", "fewer times than she …"
    r"\b(?:more|less|fewer)\s+(?:often\s+|times\s+)?than\s+(?:they|he|she|them|their)\b"
    # "more workouts than they completed", "more pricing views than workouts", "fewer workouts this week than
    # last week", "more often than usual": a noun between the comparison and 'than', and no number after it
    rf"|\b(?:more|less|fewer)\s+(?!than\b)(?:[a-z-]+\s+){{0,3}}?[a-z-]+\s+than\s+(?!{_NUMBER_WORD})[a-z]"
    # "twice as many workouts as last month", "as often as they open the app"
    rf"|\b(?:(?:twice|half|\d+\s*(?:x|times))\s+)?as\s+(?:many|much|often)\b(?:\s+[a-z-]+){{0,3}}?\s+as\b(?!\s+{_NUMBER_WORD})"
    # "opened the app twice as often this week": as often as before, left unsaid
    r"|\b(?:twice|half|\d+\s*(?:x|times))\s+as\s+(?:many|much|often)\b"
    # "started 5 workouts and completed all of them": as many as the count before
    r"|\b(?:completed|finished|did|done|opened|clicked|read)\s+(?:all|most|half|every one|each)\s+of\s+(?:them|those|these)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[,;.!?]|\s(?:and|but|or|who|which|send|email|push)\s", re.IGNORECASE)
_PEOPLE_LEAD = re.compile(
    r"^(?:(?:users|people|customers|members|anyone|those)\s+)?(?:(?:with|who|that)\s+)?(?:(?:have|has|had)\s+)?",
    re.I,
)
# the comparison itself, and the words after it up to the second side: "more (workouts) than", "twice as many
# (workouts) as", "more often than"
_COMPARISON = re.compile(
    r"\b(?:(?:twice|half|\d+\s*(?:x|times))\s+)?(?:as\s+(?:many|much|often)|more|less|fewer)\b"
    r"(?:\s+(?:often|times))?(?P<noun>(?:\s+(?!than\b|as\b)[a-z-]+){0,3}?)\s+(?:than|as)\s+",
    re.IGNORECASE,
)
_SUBJECT = re.compile(
    r"^(?:(?:they|he|she|them|their|they've|they're)\s+)?(?:(?:have|has|had|did|do|does)\s+)?", re.I
)
_PERIOD = re.compile(
    r"^(?:(?:in|during|over)\s+)?(?:the\s+)?(?:last|previous|prior|usual|normal|before|earlier)\b", re.I
)
_USUAL = re.compile(r"\b(?:usual|normal|before|earlier)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\b\d+\b")


def _clause_around(text: str, m: re.Match[str]) -> str:
    """Return the clause the comparison is said in: from its start to the next clause mark after it."""
    start = m.start() - len(clause_before(text, m.start()))
    end = _CLAUSE_END.search(text, m.end())
    return _PEOPLE_LEAD.sub("", " ".join(text[start : end.start() if end else len(text)].split()), count=1)


def _instead(clause: str, m: re.Match[str], text: str) -> str:
    """Return what can be said instead, in the clause's own words: each side's count against a number."""
    if m.group(0).lower().endswith(("them", "those", "these")):
        # "started 5 workouts and completed all of them": the number the clause before counted
        numbers = _NUMBER.findall(text[: m.start()])
        verb = m.group(0).split()[0]
        return f"how many they {verb}, as a number: '{verb} at least {numbers[-1] if numbers else 3}'"
    compared = _COMPARISON.search(clause)
    if compared is None:
        # "opened the app twice as often this week": the other side is left unsaid
        said = clause[: max(clause.lower().find(m.group(0).lower()), 0)].strip()
        example = f"{said} at least 3 times in the last 7 days" if said else "viewed pricing 3+ times"
        return f"each count against a number, e.g. '{example}'"
    verb, noun = clause[: compared.start()].strip(), compared["noun"].strip()
    rest = clause[compared.end() :].strip()
    second = _SUBJECT.sub("", rest, count=1)
    subject = second != rest  # "… than they completed": a verb follows, not a thing
    window, bare = extract_window(second)
    span = (
        f" {window.label}" if window is not None and bare.strip() else ""
    )  # "… than pushes in the last 30 days"
    second = " ".join(bare.split()) if span else second
    first = f"{verb} {noun}".strip() + span
    if _PERIOD.match(second):
        # "fewer workouts this week than last week", "more often than usual": the same count, earlier
        own, without = extract_window(first)
        said = " ".join(without.split()) if own is not None else first
        second = f"{said} in the span before" if _USUAL.search(second) else f"{said} {second}"
    elif subject:
        # "… than they completed": a verb, whose object is the noun compared ("completed workouts")
        second += f" {noun}" if noun and not set(noun.lower().split()) & set(second.lower().split()) else ""
    elif verb:
        # "opened more emails than pushes", "opened push as often as email": the same act on another thing
        second = f"{verb if noun else verb.split()[0]} {second}"
    second += span
    return f"each count against a number, e.g. '{first}: at least 3' and '{second}: fewer than 3'"


def compared_counts(text: str) -> Refusal | None:
    """Return a refusal quoting the clause that compares two of a person's counts, else None."""
    m = _COMPARED.search(text)
    if m is None:
        return None
    clause = _clause_around(text, m)
    instead = _instead(clause, m, text)
    return Refusal(
        reason=f"I could not express: '{clause}' (a condition compares one of a person's counts with a fixed "
        f"number, not with another of their counts or an earlier period's). What can be said: {instead}.",
        unmatched_phrases=[clause],
        suggestions=[f"say {instead}"],
    )
