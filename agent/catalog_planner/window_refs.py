"""Read windows said in other words. One said by reference to the one before ("opened the app in the last 2 weeks
but completed zero workouts in that time", "… and none during the same period") is that window, said again (the
reference was dropped, and the act read over all time); "more recently than 7 days ago" is the last 7 days (it was
7 acts in 14 days); a window after a having verb and a switch ("had push turned on in the last 3 days") times the
switch (the having verb read the state now, and the window was refused); "did a workout yesterday but not today"
is one in the last 2 days and none in the last day (both read as the last day: no one)."""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.quantities import extract_window
from agent.catalog_planner.span_idioms import NEGATED, clause_before, reads_act
from warehouse.catalog import Catalog

_MORE_RECENTLY = re.compile(
    r"\bmore recently than\s+(?P<span>(?:\d+|an?|one|two|three)\s+\w+?s?)\s+ago\b", re.I
)
_ARTICLE = re.compile(r"^an?\s+", re.IGNORECASE)
_HAD_SWITCHED = re.compile(
    r"\b(?:had|got|have|has)\s+(?P<thing>(?:[a-z]+\s+){0,2}?[a-z]+)\s+(?P<switch>(?:turned|switched)\s+(?:on|off))\b"
    r"(?=\s+(?:in|within|during|over|this|last|yesterday|today)\b)",
    re.IGNORECASE,
)


def read_windows_said_otherwise(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Return the text with "more recently than N days ago" and "had push turned on <window>" said plainly."""
    # "more recently than a week ago": in the last week
    text = _MORE_RECENTLY.sub(lambda m: "in the last " + _ARTICLE.sub("", m["span"]), text)
    return _HAD_SWITCHED.sub(lambda m: f"{m['thing']} was {m['switch']}", text)


# "did a workout yesterday but not today": the day before, not the day now (both read as the last day alone,
# which no one can meet)
_YESTERDAY_NOT_TODAY = re.compile(r"\s+yesterday\s*,?\s+(?:but|and)\s+not\s+today\b", re.IGNORECASE)


def read_yesterday_not_today(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Return the text with "<act> yesterday but not today" as the act in the last 2 days and not in the last
    day (exact on rolling days)."""
    m = _YESTERDAY_NOT_TODAY.search(text)
    act = clause_before(text, m.start()).strip() if m is not None else ""
    if m is None or not act or NEGATED.search(act) or not reads_act(act, lexicon):
        return text
    notes.append(
        f"'{act}{m.group(0)}' read as {act} in the last 2 days and not in the last day (rolling days)"
    )
    return f"{text[: m.start()]} in the last 2 days and not {act} in the last 1 days{text[m.end() :]}"


# "in that time", "during the same period": the window said before
_SAME_SPAN = re.compile(
    r"\b(?:in|during|over|within)\s+(?:that|this|the\s+same|those)\s+(?:time|period|span|window|stretch|days|weeks)\b"
    r"|\bin\s+the\s+meantime\b",
    re.IGNORECASE,
)


def read_window_refs(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Return the text with each window said by reference replaced by the last window said before it."""
    out, done = [], 0
    for m in _SAME_SPAN.finditer(text):
        before = text[done : m.start()]
        windows, rest = [], before
        while (found := extract_window(rest))[0] is not None:
            windows.append(found[0])
            rest = found[1]  # the window blanked, so the next one is found
        said = max(windows, key=lambda w: w.start, default=None)  # the last said before the reference
        if said is None or said.ahead:
            continue
        notes.append(f"'{m.group(0)}' read as {said.label}, the window said before it")
        out += [before, said.label]
        done = m.end()
    return "".join(out) + text[done:]
