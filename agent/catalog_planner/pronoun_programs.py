"""Name the program "it" stands for in a ranking sentence after a sentence about that program: "The upgrade nudge
should never go to anyone who got more than 5 messages this week. Rank it above the workout tips." Read as said,
the rank went to a program named 'rank_workout_tips' and the upgrade nudge was dropped."""

from __future__ import annotations

import re

from agent.catalog_planner.named_sentences import program_name

# a sentence whose subject is a program: "The upgrade nudge should …", "Our save offer goes …"
_SUBJECT = re.compile(
    rf"^\s*{program_name()}\s+(?:should|must|can|may|will|needs?|is|goes|runs|has|only|never|always)\b", re.IGNORECASE
)
# "Rank it above B", "Put it ahead of B", "It ranks above B", "it comes before B", "It outranks B", "Make it first"
_IT = re.compile(
    r"^(?P<lead>\s*(?:(?:and|also|then)\s+)?(?:please\s+)?(?:(?:rank|put|place|keep|make|slot)\s+)?)it"
    r"(?=\s+(?:(?:should\s+)?(?:ranks?|comes?|goes?|go|come|sits?|outranks?|beats?|wins?|is)\b|"
    r"(?:above|ahead of|over|before|below|after|behind|under|first|last|second)\b))",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"((?<=[.!?])\s+)")  # the separators are kept: a list is read from its lines


def name_it(text: str) -> str:
    """Return the text with "it" opening a ranking sentence replaced by the program the sentence before is
    about; other text as it was."""
    pieces = _SENTENCES.split(text)
    for n in range(2, len(pieces), 2):
        subject = _SUBJECT.match(pieces[n - 2])
        if subject is not None:
            pieces[n] = _IT.sub(lambda m, s=subject: f"{m['lead']}the {s['name']}", pieces[n], count=1)
    return "".join(pieces)
