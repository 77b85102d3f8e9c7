"""Read a lettered list's letters where a later sentence ranks by them: "We want A) the save offer for at-risk
users B) the upgrade nudge for trial users — B should win" ranks the upgrade nudge first.

A letter names an item only where it is followed by a verb of ranking ("B should win", "A beats B"), so the
article in "A push for trial users wins" stays an article.
"""

from __future__ import annotations

import re

from agent.catalog_planner.program_labels import clean_label

# "A) …", "(b) …", and "A: …" (a capital: "a:" would be a word)
_MARK = re.compile(r"(?:(?<=\s)|^)(?:\(?(?P<letter>[A-Ea-e])\)|(?P<capital>[A-E]):)\s+")
_NAME_END = re.compile(r"\s+(?:for|to|who|with)\s|\s*[(,;:.!?\u2013\u2014]|\s+-\s", re.IGNORECASE)
_RANK_VERB = (
    r"(?=\s+(?:should|must|will|wins?|beats?|goes|comes|takes|ranks?|outranks?|is (?:first|top|more)|first|over|"
    r"before|ahead)\b)"
)


def name_letters(text: str) -> str:
    """Return the text with each ranking reference to a list letter ("B should win") as the item's name."""
    marks = list(_MARK.finditer(text))
    letters = [(m["letter"] or m["capital"]).lower() for m in marks]
    if len(marks) < 2 or letters != [chr(ord("a") + i) for i in range(len(marks))]:
        return text
    names: dict[str, str] = {}
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        item = text[mark.end() : following.start() if following else len(text)]
        end = _NAME_END.search(item)
        names[(mark["letter"] or mark["capital"]).upper()] = clean_label(item[: end.start()] if end else item)
    listed_end = marks[-1].end()
    ref = re.compile(
        rf"\b(?P<letter>[{''.join(names)}])\b{_RANK_VERB}|(?:(?<=\sover\s)|(?<=\sthan\s)|(?<=\sbeats\s)|(?<=\sbeat\s)|(?<=\soutranks\s))(?P<low>[{''.join(names)}])\b"
    )
    tail = ref.sub(lambda m: f"the {names[(m['letter'] or m['low']).upper()]}", text[listed_end:])
    return text[:listed_end] + tail
