"""Shared pieces of the idiom rewrites: a substitution that records what it approximated, and number words
(the days in a period are `quantities.unit_days`)."""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.catalog_planner.text import NUMBER_WORDS


def substitute(
    pattern: re.Pattern[str], text: str, build: Callable[[re.Match[str]], tuple[str, str] | None], notes: list[str]
) -> str:
    """Replace each match by what `build` returns (the new words and the approximation said), or keep it."""

    def one(m: re.Match[str]) -> str:
        built = build(m)
        if built is None:
            return m.group(0)
        notes.append(built[1])
        return built[0]

    return pattern.sub(one, text)


def count_word(word: str) -> int:
    return int(word) if word.isdigit() else int(NUMBER_WORDS[word.lower()])
