"""Read "Put A ahead of B, and both behind C" (also "A goes before B; both come after C") as two pairs: C ranks
above A, and A above B ("…, and both ahead of C": B ranks above C). "Please" before the request is no part of the first program's name."""

from __future__ import annotations

import re

from agent.catalog_planner.program_labels import clean_label

_PAIR_THEN_BOTH = re.compile(
    r"(?P<a>[^.;!?]+?)\s+(?:ahead of|above|before|over)\s+(?P<b>[^.;!?]+?)(?:,?\s+(?:and|but)|\s*;\s*(?:and\s+)?)\s+(?:put\s+|keep\s+)?both\s+"
    r"(?:of them\s+)?(?:should\s+)?(?:(?:go|goes|come|comes|rank|ranks|sit|stay)\s+)?(?P<dir>behind|after|below|under|ahead of|above|before|over)"
    r"\s+(?P<c>[^.;!?]+?)(?=\s*[.;!?]|\s*$)",
    re.IGNORECASE,
)
_REQUEST = re.compile(r"^\s*(?:please\s+)?(?:put|place|rank|keep|order)\s+", re.IGNORECASE)
_PLEASE = re.compile(r"(?:^|(?<=[.;!?]\s))\s*please\s+(?=(?:put|place|rank|keep|order)\b)", re.IGNORECASE)


def _name(program: str) -> str:
    """Return a program's name without the request and its people in parentheses."""
    return clean_label(re.sub(r"\s*\([^()]*\)", "", _REQUEST.sub("", program)))


def _split(m: re.Match[str]) -> str:
    pair = f"{m['a']} ahead of {m['b']}"
    if m["dir"].lower() in ("behind", "after", "below", "under"):
        return f"{pair}. {m['c']} ranks above {_name(m['a'])}"
    return f"{pair}. {_name(m['b'])} ranks above {m['c']}"


def split_joint_pairs(text: str) -> str:
    """Return the text with "A ahead of B, and both behind C" as "A ahead of B. C ranks above A"."""
    return _PAIR_THEN_BOTH.sub(_split, _PLEASE.sub("", text))
