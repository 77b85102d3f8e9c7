"""The pieces of a sentence that speaks of one program by name ("Stop the re-engagement push once …", "Send the
streak saver by push"), shared by the readers of named guards and named settings."""

from __future__ import annotations

import re

# where such a sentence starts: the text's start or a sentence end ("also"/"and"/"but" may lead it)
SENTENCE_START = r"(?:^|(?<=[.;!?])|(?<=\n))\s*(?:also\s+|and\s+|but\s+)?"
# …or a comma: "A before B, but don't send B to anyone who …"
CLAUSE_START = r"(?:^|(?<=[.;!?,])|(?<=\n))\s*(?:also\s+|and\s+|but\s+)?"
# "stop the messages once …", "stop all marketing": words that name no program
GENERIC_NAME = re.compile(
    r"^(?:messages?|messaging|marketing|campaigns?|programs?|sends?|outreach|everything|notifications?|nudges|"
    r"rules?|journeys?|flows?|promotions?|promos?)$",
    re.IGNORECASE,
)


def program_name(group: str = "name") -> str:
    """Return the pattern of a program's name after "the"/"our", captured as `group` (up to four words)."""
    return rf"(?:the|our)\s+(?P<{group}>[\w-]+(?:\s+[\w-]+){{0,3}}?)"
