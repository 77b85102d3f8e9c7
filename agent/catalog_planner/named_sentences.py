"""The pieces of a sentence that speaks of one program by name ("Stop the re-engagement push once …", "Send the
streak saver by push"), shared by the readers of named guards and named settings."""

from __future__ import annotations

import re

# where a sentence was cut out (it ended one sentence, so the next starts after it)
CUT = "\x02"
# where such a sentence starts: the text's start, a sentence end, a cut sentence or a heading's colon ("Stop:
# stop the nudge once …"; "also"/"and"/"but" may lead it)
SENTENCE_START = rf"(?:^|(?<=[.;!?:{CUT}])|(?<=\n))\s*(?:also\s+|and\s+|but\s+)?"
# …or a comma: "A before B, but don't send B to anyone who …"
CLAUSE_START = rf"(?:^|(?<=[.;!?,:{CUT}])|(?<=\n))\s*(?:also\s+|and\s+|but\s+)?"
# "stop the messages once …", "stop all marketing": words that name no program
GENERIC_NAME = re.compile(
    r"^(?:messages?|messaging|marketing|campaigns?|programs?|sends?|outreach|everything|notifications?|nudges|"
    r"rules?|journeys?|flows?|promotions?|promos?)$",
    re.IGNORECASE,
)


def program_name(group: str = "name", bare: bool = False) -> str:
    """Return the pattern of a program's name after "the"/"our", captured as `group` (up to four words); with
    `bare` the article may be missing ("Stop onboarding after 2 workouts"), and the caller checks the name."""
    article = r"(?:(?:the|our)\s+)?" if bare else r"(?:the|our)\s+"
    return rf"{article}(?P<{group}>[\w-]+(?:\s+[\w-]+){{0,3}}?)"


def has_article(m: re.Match[str], group: str = "name") -> bool:
    """Return True when the name a match caught follows "the"/"our" (a bare name may be any words)."""
    return re.search(r"\b(?:the|our)\s+$", m.string[: m.start(group)], re.IGNORECASE) is not None
