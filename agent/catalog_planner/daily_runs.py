"""Rewrite an act said of every day of a span ("worked out every day for a week", "opened the app daily for the
last 5 days", "worked out yesterday and today") as a run of days in a row, which `people_idioms._in_a_row` reads
as the streak the catalog keeps of that act, or else as once a day at least (said in the notes). Read as they
were, "every day for a week" was refused ('1 week') and "yesterday and today" was the last day alone."""

from __future__ import annotations

import re

from agent.catalog_planner.idiom_rewrite import count_word
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.quantities import unit_days
from agent.catalog_planner.text import normalize, tokenize
from warehouse.catalog import Catalog

_NUMBER = r"\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|fourteen|thirty"
# "every day for a week", "each day for the past 5 days", "daily over the last two weeks", "every day this week"
_EVERY_DAY_OF = re.compile(
    r"\s+(?:(?:at least\s+)?once\s+(?:a|per|each)\s+day|every\s+(?:single\s+)?day|each\s+day|daily)\s+"
    r"(?:(?:for|over|in|during|across)\s+)?(?:(?P<this>this)\s+(?P<unit1>week)|(?:the\s+)?(?:(?:last|past|previous)\s+)?"
    rf"(?P<n>{_NUMBER})?\s*(?P<unit>days?|weeks?))\b",
    re.IGNORECASE,
)
# "worked out yesterday and today", "opened the app both today and yesterday": each of the two days
_BOTH_DAYS = re.compile(
    r"\b(?P<verb>[a-z]+(?:\s+[a-z]+){0,3}?)\s+(?:both\s+|on\s+)?(?:yesterday\s+(?:and|&)\s+(?:also\s+)?today|"
    r"today\s+(?:and|&)\s+(?:also\s+)?yesterday)\b",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^(?:(?:users|people|customers|members|who|that|which|and|have|has|both)\s+)+", re.IGNORECASE)


def _names_an_act(phrase: str, lexicon: Lexicon) -> bool:
    return any(e.kind == "event" for m in lexicon.match(tokenize(normalize(phrase))) for e in m.entries)


def read_daily_runs(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Return the text with every day of a span, and yesterday and today, said as days in a row."""

    def every(m: re.Match[str]) -> str:
        if not _names_an_act(" ".join(text[: m.start()].split()[-4:]), lexicon):
            return m.group(0)  # "remind them every day for a week": how often to send, not what they did
        unit = m["unit1"] or m["unit"]
        n = 1 if m["this"] or not m["n"] or m["n"].lower() in ("a", "an") else count_word(m["n"])
        days = round(n * unit_days(unit))
        notes.append(f"'{m.group(0).strip()}' read as {days} days in a row")
        return f" {days} days in a row"

    def both(m: re.Match[str]) -> str:
        verb = _LEAD.sub("", m["verb"]).strip()
        if not verb or not _names_an_act(verb, lexicon):
            return m.group(0)
        notes.append(f"'{m.group(0).strip()}' read as {verb} 2 days in a row, one of them today")
        return f"{m['verb']} 2 days in a row and {verb} today"

    return _BOTH_DAYS.sub(both, _EVERY_DAY_OF.sub(every, text))
