"""Read the rank an item states about itself: "priority one is getting them to a second workout", "#2:
support", "top priority: upgrades", "second is the upgrade offer", "upgrade messaging (3)", "support
outreach - priority 1".

The mark is cut from the item (its number is no count: "priority two is getting them to view pricing" is not
"2 pricing views"); when every item carries one, the items are ordered by it.
"""

from __future__ import annotations

import re

from agent.catalog_planner.lists import Enumeration

MIDDLE, LAST = 50, 99  # "in between: …" (between the first and the last, in the written order), "last: …"
_WORD_RANK = {
    "one": 1, "first": 1, "top": 1, "highest": 1, "two": 2, "second": 2, "three": 3, "third": 3,
    "four": 4, "fourth": 4, "five": 5, "fifth": 5, "last": LAST, "lowest": LAST, "bottom": LAST,
    "most important": 1, "least important": LAST, "in between": MIDDLE, "in the middle": MIDDLE, "middle": MIDDLE,
    "medium": MIDDLE, "mid": MIDDLE,
}  # fmt: skip
_WORDS = "|".join(_WORD_RANK)
_LEAD = re.compile(
    rf"^\s*(?:(?:our|the|my)\s+(?=(?:{_WORDS})\s+priority|number\s))?(?:(?:(?:priority|rank|number|no\.?|#|p(?=\d))\s*(?:#\s*)?(?P<n>\d+|{_WORDS})"
    rf"(?:\s+priority)?|(?P<o>{_WORDS})\s+priority)"
    r"\s*(?:is|are|goes to|:|-|\u2013|\u2014|=|,)?\s+|"
    # "second is the upgrade offer …", "last: the digest", "second the streak saver"
    rf"(?P<w>{_WORDS})\s*(?:(?:is|are|goes to|:|-|\u2013|\u2014)\s+|\s(?=(?:the|an?|our)\s)))",
    re.IGNORECASE,
)
_TRAIL = re.compile(
    r"\s*(?:[(\[]\s*(?:#|priority\s*|rank\s*|p)?\s*(?P<n>\d+)\s*[)\]]|[-\u2013\u2014:,]\s*(?:priority|rank|#)\s*"
    rf"(?P<m>\d+|{_WORDS}))\s*$",
    re.IGNORECASE,
)


def _rank(word: str) -> int:
    return int(word) if word.isdigit() else _WORD_RANK[word.lower()]


def rank_mark(item: str) -> tuple[int | None, str]:
    """Return the rank an item states (None when it states none) and the item without the mark."""
    lead = _LEAD.match(item)
    if lead:
        return _rank(lead.group("n") or lead.group("o") or lead.group("w")), item[lead.end() :].strip()
    trail = _TRAIL.search(item)
    if trail and trail.start() > 0:
        return _rank(trail.group("n") or trail.group("m")), item[: trail.start()].strip()
    return None, item


def apply_rank_marks(listing: Enumeration) -> Enumeration:
    """Return the listing with the items' own rank marks cut, ordered by them when every item has one."""
    marked = [rank_mark(i) for i in listing.items]
    items = [text for _, text in marked]
    ranks = [r for r, _ in marked]
    if all(r is not None for r in ranks) and len(set(ranks)) == len(ranks):
        items = [text for _, text in sorted(marked, key=lambda m: m[0] or 0)]
    return Enumeration(listing.head, items, listing.tail, listing.explicit)


# "1st the push opt-in reminder, 2nd the streak saver": an abbreviated ordinal marking a place, not a count
# ("their 2nd workout" is a condition, left alone)
_ABBREVIATED = re.compile(
    r"\b(?P<n>[1-5])(?:st|nd|rd|th)\b(?=\s*(?:[:,.;!?]|$|[-\u2013\u2014]|\s(?:the|a|an|our|priority|is|comes|goes)\b))",
    re.IGNORECASE,
)
_SPELLED = {"1": "first", "2": "second", "3": "third", "4": "fourth", "5": "fifth"}


def spell_ordinal_marks(text: str) -> str:
    """Return the text with ordinal marks like "1st"/"2nd" spelled ("first"/"second")."""
    return _ABBREVIATED.sub(lambda m: _SPELLED[m["n"]], text)
