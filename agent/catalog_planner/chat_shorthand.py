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


def spell_out(text: str) -> str:
    """Return the text with chat shorthand written out ("ppl w" → "people with")."""
    return _WORD.sub(lambda m: _SHORTHAND[m.group(0).lower()], text)
