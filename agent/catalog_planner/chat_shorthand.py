"""Spell out the shorthand of a prompt typed in chat ("only ppl w a streak >= 3 and push on", "users who got 3+
msgs this wk"): left as typed, "ppl" and "w" were audience words the catalog could not read, and the prompt
was refused ("I could not express: 'w'")."""

from __future__ import annotations

import re

_SHORTHAND = {
    "ppl": "people",
    "peeps": "people",
    "w/o": "without",
    "w/": "with",
    "w": "with",
    "u": "you",
    "ur": "your",
    "msgs": "messages",
    "msg": "message",
    "notifs": "notifications",
    "notif": "notification",
    "wk": "week",
    "wks": "weeks",
    "mins": "minutes",
    "hrs": "hours",
    "yr": "year",
    "yrs": "years",
    "r": "are",
    "n": "and",
    "tix": "tickets",
    "tkts": "tickets",
    "b/c": "because",
    "bc": "because",
    "thx": "thanks",
    "pls": "please",
    "plz": "please",
}
# longest first, so "w/o" is not read as "w/" and "o"
_WORD = re.compile(
    r"(?<![\w/])(?:"
    + "|".join(re.escape(k) for k in sorted(_SHORTHAND, key=len, reverse=True))
    + r")(?![\w/])",
    re.IGNORECASE,
)


# "a rule 4 users who …", "send a push 2 ppl who …": a digit standing for a preposition is followed by whom it
# addresses (an article, a pronoun or a people noun), never by what a count counts ("4 workouts", "2 days"),
# and follows no word that takes a number ("at least 4 users" stays a count)
_PREPOSITION_DIGITS = {"4": "for", "2": "to"}
_PEOPLE = r"(?:users?|people|ppl|peeps|folks|customers?|members?|subscribers?|trialists?|everyone|everybody|anyone|anybody)"
_ADDRESSED = (
    rf"(?:(?:the|a|an|our|my|all|any|every|each|those|these|them|us|me)\b|{_PEOPLE}\b|"
    # "4 trial users", "2 lapsed iOS users": words said of the people before their noun
    rf"(?:(?!(?:and|or|but|who|with)\b)[a-z][a-z-]*\s+){{1,2}}{_PEOPLE}\b)"
)
_NUMBER_TAKERS = frozenset(
    {"least", "most", "than", "over", "under", "above", "below", "exactly", "only", "just", "about", "around", "top",
     "bottom", "first", "last", "past", "next", "of", "to", "and", "or", "by", "per", "every", "each", "within", "in",
     "after", "before", "between", "from", "since", "with", "have", "has", "had", "=", ">", "<", "+", "-"}
)  # fmt: skip
_DIGIT_PREPOSITION = re.compile(rf"(?<![\w.,/:%+<>=-])(?P<digit>[42])(?=\s+{_ADDRESSED}\b)", re.IGNORECASE)


def _preposition(m: re.Match[str]) -> str:
    """Return the preposition a digit stands for, or the digit when the word before it takes a number."""
    before = m.string[: m.start()].split()
    return m["digit"] if before and before[-1].lower() in _NUMBER_TAKERS else _PREPOSITION_DIGITS[m["digit"]]


def spell_out(text: str) -> str:
    """Return the text with chat shorthand written out ("ppl w" → "people with", "a rule 4 users" → "a rule for
    users")."""
    text = _DIGIT_PREPOSITION.sub(_preposition, text)
    return _WORD.sub(lambda m: _SHORTHAND[m.group(0).lower()], text)
