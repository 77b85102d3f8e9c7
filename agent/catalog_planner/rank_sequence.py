"""Read a sentence that ranks several programs by short names: "At-risk comes first, then trial, then new",
"Support first, onboarding second, upgrades last", "Order: retention > conversion > onboarding".

Each part names one program by a word of its label or its audience ("trial" for "conversion for trial
users"); the parts' order (or the ordinals they carry) is the priority order of the programs named. A part
that names no program, or more than one, makes the sentence no ranking: it is read as something else.
Absolute words place the programs they name at the ends ("The discount goes first, the survey last": the
discount on top, the survey at the bottom, whatever the list said); without them the named programs trade
the places they held among themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_SPLIT = re.compile(
    r"\s*(?:,\s*(?:and\s+)?(?:then\s+)?|;\s*|\s(?:and\s+)?then\s+|\s(?:followed by|after that|and finally|finally|"
    r"and lastly|lastly|and last|before)\s+|>+|->|\u2192)\s*",
    re.IGNORECASE,
)
_TOP, _BOTTOM = -1, 99  # the ranks of "most important" and "last"
_ORDINAL = {"first": 0, "second": 1, "third": 2, "fourth": 3, "last": _BOTTOM, "next": 50}
_TOP_WORDS = ("most", "top", "highest")
_BOTTOM_WORDS = ("least", "lowest", "bottom")
_CUE = re.compile(
    r"^\s*(?:then|next|first|finally|lastly|and)\s+|"
    r"\s+(?:should\s+)?(?:comes?|goes?|go|is|are|ranks?|be|matters?|counts?)?\s*(?:the\s+)?"
    r"(?P<ord>first|second|third|fourth|last|next|most important|least important|most|least|top priority|"
    r"highest priority|lowest priority|top|bottom)(?:\s+priority)?\s*$|\s+(?:wins|is on top|on top)\s*$",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"^\s*(?:(?:the\s+)?(?:priority\s+)?order(?:\s+is)?|ranking|priorit(?:y|ies))\s*[:=-]\s*|"
    # "Order them nudge, welcome, referral": the request is the cue
    r"^\s*(?:order|rank|sort|prioriti[sz]e)\s+(?:them|these|those|the programs|it)(?:\s+(?:as|like this|in this order))?\s*[:,-]?\s*",
    re.IGNORECASE,
)
_MAX_WORDS = 4  # a name, not a program with an audience of its own
# a list of names is a ranking only when something says so: "then", an ordinal, ">"
_RANKS = re.compile(
    r"\b(?:first|second|third|fourth|last|then|next|finally|lastly|followed by|before|most|least|top|bottom|"
    r"highest|lowest)\b|>|->|\u2192",
    re.IGNORECASE,
)


def _cue_rank(cue: str | None, position: int) -> float:
    """Return where a part's cue puts it: an ordinal's place, "most important" on top, "least" at the bottom,
    else where it is written."""
    if not cue:
        return position
    low = cue.lower()
    if low.startswith(_TOP_WORDS):
        return _TOP
    if low.startswith(_BOTTOM_WORDS):
        return _BOTTOM
    return _ORDINAL.get(low, position)


@dataclass(frozen=True)
class Ranking:
    """The programs a ranking sentence names, highest first; `top` when one is said to be first (or most
    important), `bottom` how many of the last are said to be last (or least important)."""

    order: list[int]
    top: bool = False
    bottom: int = 0


def sequence_order(
    sentence: str, count: int, names: Callable[[str], list[int]], *, max_words: int = _MAX_WORDS
) -> Ranking | None:
    """Return the indices of the programs a ranking sentence names, highest first, or None when it is no
    ranking. `names(part)` returns the indices of the programs a short name could mean."""
    led = _LEAD.match(sentence.strip(" .!?"))
    text = _LEAD.sub("", sentence.strip(" .!?"))
    if not led and not _RANKS.search(text):
        return None
    parts = [p for p in _SPLIT.split(text) if p and p.strip()]
    if len(parts) < 2:
        return None
    ranked: list[tuple[float, int]] = []
    top = False
    for position, part in enumerate(parts):
        cue = _CUE.search(part)
        bare = _CUE.sub("", part).strip(" ,:")
        if not bare or len(bare.split()) > max_words:
            return None
        found = names(bare)
        if len(found) != 1 or found[0] in [i for _, i in ranked]:
            return None
        ordinal = cue.group("ord") if cue else None
        ranked.append((_cue_rank(ordinal, position), found[0]))
        top = top or (ordinal is not None and _cue_rank(ordinal, position) in (_TOP, 0))
    if not 0 <= max(i for _, i in ranked) < count:
        return None
    ranked.sort(key=lambda r: r[0])
    return Ranking(
        [i for _, i in ranked],
        top=top,
        bottom=sum(rank >= _BOTTOM for rank, _ in ranked),
    )


def reorder(items: Sequence[object], ranking: Ranking) -> list[int]:
    """Return the new order of `items` as indices: the named ones before any said to be last go to the top
    when one is said to be first, else take the places the named ones held; those said to be last go to
    the bottom; the others keep their order."""
    cut = len(ranking.order) - ranking.bottom
    front, back = ranking.order[:cut], ranking.order[cut:]
    rest = [i for i in range(len(items)) if i not in ranking.order or (not ranking.top and i in front)]
    if not ranking.top:
        # the front trade the places they held among the others
        slots = iter(front)
        rest = [next(slots) if i in front else i for i in rest]
        front = []
    return front + rest + back
