"""Rewrite a count with a count of one kind among it ("did 10 workouts, 5 of them yoga", "at least 10 workouts in
the last 30 days, at least 5 of which were HIIT") as two counts: "10 workouts and 5 yoga workouts", both over the
window said of the first. Read as said, the "5" named nothing and the prompt was refused."""

from __future__ import annotations

import re

from agent.catalog_planner.idiom_rewrite import count_word
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.text import normalize, tokenize
from warehouse.catalog import Catalog

_SUB_COUNT = re.compile(
    r"\b(?P<noun>[a-z]+s)(?P<window>\s+(?:(?:in|over|during|within)\s+)?(?:the\s+)?(?:last|past|previous|this)\s+[^,;.]*?)?"
    r"\s*(?:,|\band\b|\bwith\b|\(|-|\u2014)\s*(?:and\s+|with\s+)?(?P<bound>(?:at least|more than|over|at most|fewer than|"
    r"under)\s+)?(?P<m>\d+|two|three|four|five|six|seven|eight|nine|ten)(?P<plus>\+)?\s+of\s+(?:them|those|these|which|"
    r"whom)\s+(?:(?:were|was|are|being|is)\s+)?(?P<kind>[a-z-]+)(?:\s+(?:ones|sessions|workouts))?\)?",
    re.IGNORECASE,
)


def read_sub_counts(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Return the text with each "N things, M of them <kind>" said as two counts, the kind's over the same window."""

    def one(m: re.Match[str]) -> str:
        kinds = [e for match in lexicon.match(tokenize(normalize(m["kind"]))) for e in match.entries]
        if not any(e.kind == "property_value" for e in kinds):
            return m.group(0)  # "… 2 of them completed": an act of them (`pronoun_counts.py`), no kind
        window = m["window"] or ""
        said = f"{m['bound'] or ''}{count_word(m['m'])}{m['plus'] or ''} {m['kind']} {m['noun']}{window}"
        notes.append(f"'{m.group(0).strip()}' read as {said.strip()}")
        # the window said once after both counts is both's (said after each, the second was refused)
        return f"{m['noun']} and {said}"

    return _SUB_COUNT.sub(one, text)
