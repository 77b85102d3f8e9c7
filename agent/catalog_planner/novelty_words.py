"""Take the novelty said of a message out of a goal phrase: in "the new yoga class announcement", "our latest
feature tour", "the brand-new challenge" the word says the message is new, not that its people are (read as a
state, "new" was `activation_state = new`: yoga lovers with fewer than 2 workouts, next to no one). "New users",
"new signups", "newly registered members" still name people."""

from __future__ import annotations

import re

from agent.catalog_planner.unread import MESSAGE_NOUNS

_PEOPLE = (
    r"users?|people|signups?|sign-ups?|members?|customers?|subscribers?|joiners?|accounts?|folks|registrations?|"
    r"trialists?|visitors?|installs?|ones"
)
_THINGS = (
    r"announcements?|class(?:es)?|features?|programs?|plans?|content|releases?|collections?|courses?|launch(?:es)?|"
    r"tours?|guides?|videos?|workouts?|playlists?|products?|app|version|update|updates|"
    + "|".join(sorted(MESSAGE_NOUNS))
)
# "new"/"latest"/"upcoming" opening a label that ends in a thing sent or shown, with no people word between
_NOVEL = re.compile(
    rf"\b(?:brand[\s-]+new|new|latest|upcoming)\s+(?=(?:(?!(?:{_PEOPLE})\b)[\w-]+\s+){{0,3}}(?:{_THINGS})\b)",
    re.IGNORECASE,
)


def without_novelty(phrase: str) -> str:
    """Return a goal phrase without "new"/"latest" said of the message it names."""
    return _NOVEL.sub("", phrase)
