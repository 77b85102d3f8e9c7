"""The two one-letter slips the planner mends: two neighbours swapped, and one letter dropped or added.

`debug_spelling` (catalog and calendar words) and `rank_typos` (ranking words) each decide which slips to
mend, and where; both measure a slip with these.
"""

from __future__ import annotations


def swapped_neighbours(typed: str, word: str) -> bool:
    """Return True when `typed` is `word` with two neighbouring letters swapped ("andriod")."""
    if len(typed) != len(word):
        return False
    diff = [i for i in range(len(word)) if typed[i] != word[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == word[diff[1]] and typed[diff[1]] == word[diff[0]]


def one_letter_more(short: str, long: str, *, inside: bool = False) -> bool:
    """Return True when `long` is `short` with one letter added (anywhere, or not at either end when `inside`)."""
    if len(long) != len(short) + 1:
        return False
    positions = range(1, len(long) - 1) if inside else range(len(long))
    return any(long[:i] + long[i + 1 :] == short for i in positions)
