"""Read a window said by reference to the one before ("opened the app in the last 2 weeks but completed zero
workouts in that time", "… and none during the same period"): it is that window, said again (the reference was
dropped, and the act read over all time)."""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.quantities import extract_window
from warehouse.catalog import Catalog

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
