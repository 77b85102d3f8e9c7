"""Read casual spellings the way they are meant before any idiom: "havent" is "haven't", "at least a month"
is "at least 1 month", "favourite" is "favorite", and "haven't worked out yet" is never (the parser reads a bare "haven't worked out" as
not today). Each happens whatever the catalog; "yet" only where the words name something done."""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.quantities import unit_days
from agent.catalog_planner.span_idioms import reads_act
from agent.catalog_planner.text import NUMBER_WORDS
from warehouse.catalog import Catalog

_BARE_CONTRACTION = re.compile(
    r"\b(?P<verb>have|has|had|did|do|does|is|are|was|were|could|would|should)nt\b|\b(?P<odd>wont|cant)\b",
    re.IGNORECASE,
)
_ODD = {"wont": "won't", "cant": "can't"}


def _contractions(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "havent", "didnt" as "haven't", "didn't": a dropped apostrophe must not drop the negation."""
    return _BARE_CONTRACTION.sub(lambda m: f"{m['verb']}n't" if m["verb"] else _ODD[m["odd"].lower()], text)


_BRITISH = re.compile(
    r"\b(?P<stem>favo|behavio|colo|hono)u(?P<end>r\w*)|\bprogramme(?P<s>s?)\b", re.IGNORECASE
)
_DOUBLE_L = re.compile(r"\b(?P<stem>trial|cancel|travel|label|model)l(?P<end>ing|ists?)\b", re.IGNORECASE)
# "14d", "3 wks", "2mo", "48h", "7days": a shorthand or glued unit is the unit's word
_SHORT_UNITS = re.compile(
    r"\b(?P<n>\d+(?:\.\d+)?)(?:\s*(?P<unit>mins?|hrs?|secs?|wks?|mos?|yrs?)|(?P<glued>d|h|days?|weeks?|months?))\b",
    re.IGNORECASE,
)
# "last wk", "over a mo", "per wk": a shorthand unit after a word that takes a unit and no number
_BARE_SHORT_UNITS = re.compile(
    r"\b(?P<lead>last|past|this|next|previous|prior|a|an|one|per|each|every)\s+(?P<unit>wk|mo|yr|hr)s?\b(?!['-])",
    re.IGNORECASE,
)
_BARE_UNIT_WORDS = {"wk": "week", "mo": "month", "yr": "year", "hr": "hour"}
# "more than 2 workouts per week" is a count in a week, as "2 workouts a week" is ("workouts per" alone was
# taken for "minutes per workout")
_COUNT_PER_SPAN = re.compile(
    r"\b(?P<count>\d+\s+[a-z-]+(?:\s+[a-z-]+)?)\s+per\s+(?P<unit>day|week|month)\b", re.IGNORECASE
)
# "2x this week", "3 x": a count of times
_TIMES_X = re.compile(r"\b(?P<n>\d+)\s?x\b", re.IGNORECASE)
_UNIT_WORDS = {
    "min": "minutes", "hr": "hours", "sec": "seconds", "wk": "weeks", "mo": "months", "yr": "years",
    "d": "days", "h": "hours", "day": "days", "week": "weeks", "month": "months",
}
# "an average workout lasts 10 minutes": the length is the measure ("lasts" would read "last workout")
_LASTS = re.compile(r"\b(?:lasts|lasted|lasting)\b", re.IGNORECASE)
_FORTNIGHT = re.compile(r"\b(?:(?:a|one)\s+)?fortnight\b", re.IGNORECASE)


def _british(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite British spellings the catalog writes the American way ("favourite" → "favorite"), "a fortnight"
    as "2 weeks", "10 mins" as "10 minutes", "14d" as "14 days", "last wk" as "last week", "2x" as "2 times", and a duration that "lasts" as one that "is"."""
    text = _BRITISH.sub(lambda m: f"{m['stem']}{m['end']}" if m["stem"] else f"program{m['s']}", text)
    text = _DOUBLE_L.sub(
        lambda m: f"{m['stem']}{m['end']}" if m["stem"].lower() == "trial" else m.group(0), text
    )
    text = _TIMES_X.sub(lambda m: f"{m['n']} times", text)
    text = _SHORT_UNITS.sub(
        lambda m: f"{m['n']} {_UNIT_WORDS[(m['unit'] or m['glued']).lower().rstrip('s')]}", text
    )
    text = _BARE_SHORT_UNITS.sub(lambda m: f"{m['lead']} {_BARE_UNIT_WORDS[m['unit'].lower()]}", text)
    text = _COUNT_PER_SPAN.sub(lambda m: f"{m['count']} a {m['unit']}", text)
    text = _LASTS.sub("is", text)
    return _FORTNIGHT.sub("2 weeks", text)


_AN_AMOUNT = re.compile(
    r"\b(?P<cmp>at least|at most|more than|less than|longer than|shorter than|fewer than|over|under|no more than|"
    r"no less than|within|up to)\s+an?\s+(?P<unit>day|week|fortnight|month|year)\b",
    re.IGNORECASE,
)


# "14 days ago or more", "30 days ago or earlier": the comparison said after "ago" is the number's
_AGO_OR = re.compile(
    r"\b(?P<n>\d+)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\s+or\s+(?P<cmp>more|longer|earlier|before|"
    r"less|fewer|later|sooner)\b",
    re.IGNORECASE,
)
# "joined a month ago": the article is the number
_AN_AGO = re.compile(r"\b(?:an?|one)\s+(?P<unit>day|week|month|year)\s+ago\b", re.IGNORECASE)

_LONG = re.compile(
    r"\b(?P<amount>(?:\d+|an?|one)\s+(?:day|week|month|year)s?)\s+(?:long|old)\b", re.IGNORECASE
)


_DASH_RANGE = re.compile(
    r"(?<!\bfrom )(?<!\bbetween )\b(?P<low>\d+)\s*(?:-|–|—|\s+to\s+)\s*(?P<high>\d+)\s+"
    r"(?P<unit>(?:days?|weeks?|months?|workouts?|times?)\b)",
    re.IGNORECASE,
)


# "3 days to go", "under a week remaining": the time still left, which the catalog says as "days left"
_TO_GO = re.compile(
    rf"\b(?P<amount>(?:\d+|an?|{'|'.join(n for n in NUMBER_WORDS if ' ' not in n)})\s+(?:days?|weeks?))\s+"
    r"(?:to go|remaining|still left)\b",
    re.IGNORECASE,
)


# "no workouts in the last 14 days and no app opens in the last 7": a span whose unit was said before
_UNITLESS_SPAN = re.compile(
    r"\b(?P<span>(?:in|within|over|during|for)\s+the\s+(?:last|past|previous|prior)\s+\d+)"
    r"(?=\s*(?:[,;.!?)]|$|\b(?:and|or|but|who|with)\b))",
    re.IGNORECASE,
)
_SPAN_UNIT = re.compile(r"\b(?:last|past|previous|prior)\s+\d+\s+(?P<unit>hours?|days?|weeks?|months?)\b", re.IGNORECASE)


def _span_unit(text: str) -> str:
    """Give a span said without its unit the unit of the span said before it (days when none was)."""

    def unit(m: re.Match[str]) -> str:
        said = list(_SPAN_UNIT.finditer(text, 0, m.start()))
        return f"{m['span']} {said[-1]['unit'].lower().rstrip('s') + 's' if said else 'days'}"

    return _UNITLESS_SPAN.sub(unit, text)


# "7 days left exactly", "3 workouts exactly": the comparison said after what it compares
_EXACTLY_AFTER = re.compile(r"\b(?P<n>\d+)\s+(?P<words>(?:[a-z]+\s+){0,2}[a-z]+)\s+exactly\b", re.IGNORECASE)
# "2 or 3 workouts", "a CSAT of 1 or 2": two numbers as alternatives are the range they span
_EITHER_NUMBER = re.compile(r"(?<![\d.])\b(?P<low>\d+)\s+or\s+(?P<high>\d+)\b(?![.\d])(?!\s*(?:%|percent))")
_ONCE_OR_TWICE = re.compile(r"\bonce or twice\b", re.IGNORECASE)
# "between a week and a fortnight": the articles are ones, in days so both ends share a unit
_BETWEEN_UNITS = re.compile(
    r"\bbetween\s+(?P<n>an?|\d+)\s+(?P<unit>days?|weeks?|months?)\s+and\s+(?P<m>an?|\d+)\s+(?P<unit2>days?|weeks?|months?)\b",
    re.IGNORECASE,
)


def _between_units(m: re.Match[str]) -> str:
    def days(n: str, unit: str) -> int:
        return round((1 if n.lower() in ("a", "an") else int(n)) * unit_days(unit))

    return f"between {days(m['n'], m['unit'])} and {days(m['m'], m['unit2'])} days"


# "signed up via Facebook or TikTok in the last 30 days": the span is the act's, said after the list of ways
_LIST_THEN_SPAN = re.compile(
    r"\b(?P<list>(?:via|through|using|from|on)\s+[\w-]+(?:\s*,\s*[\w-]+)*\s+or\s+[\w-]+)\s+"
    r"(?P<span>(?:in|within|during|over)\s+the\s+(?:last|past|previous)\s+(?:\d+\s+)?(?:days?|weeks?|months?|fortnight)|"
    r"this\s+(?:week|month))\b",
    re.IGNORECASE,
)


def _an_amount(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "at least a month" as "at least 1 month" (the article is the number), "7 days long" as "7
    days" (the length is the amount), "3-7 days" as "between 3 and 7 days", and "3 days to go" (or
    "remaining") as "3 days left", "in the last 7" as the unit said before it ("… in the last 14 days"), "between a week and a
    fortnight" in days, and "2 or 3 workouts" as between 2 and 3."""
    text = _span_unit(_TO_GO.sub(lambda m: f"{m['amount']} left", text))
    # the span goes before the list, so "or" splits the list alone, not the list and the span
    text = _LIST_THEN_SPAN.sub(lambda m: f"{m['span']} {m['list']}", text)
    text = _BETWEEN_UNITS.sub(_between_units, _EXACTLY_AFTER.sub(r"exactly \g<n> \g<words>", text))
    text = _ONCE_OR_TWICE.sub("between 1 and 2 times", text)
    text = _EITHER_NUMBER.sub(
        lambda m: f"between {m['low']} and {m['high']}" if int(m["low"]) < int(m["high"]) else m.group(0), text
    )
    text = _AN_AMOUNT.sub(lambda m: f"{m['cmp']} 1 {m['unit']}", text)
    text = _AN_AGO.sub(lambda m: f"1 {m['unit']} ago", text)
    text = _AGO_OR.sub(
        lambda m: f"{m['n']} or {'more' if m['cmp'].lower() in ('more', 'longer', 'earlier', 'before') else 'fewer'} "
        f"{m['unit']} ago",
        text,
    )
    text = _DASH_RANGE.sub(lambda m: f"between {m['low']} and {m['high']} {m['unit']}", text)
    return _LONG.sub(lambda m: m["amount"], text)


_NOT_YET = re.compile(
    r"\b(?:(?:have|has|had|did|do|does)\s+not|haven't|hasn't|hadn't|didn't|don't|doesn't)\s+(?:yet\s+)?"
    r"(?P<verb>[a-z][a-z ]*?)\s+yet\b(?!\s+(?:this|today|in|within|during|since))"
    r"|\bnot\s+yet\s+(?P<verb2>[a-z][a-z ]*?)(?=\s*(?:[,;.!?]|$|\band\b|\bor\b|\bbut\b))",
    re.IGNORECASE,
)


def _not_yet(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "haven't worked out yet" (and "not yet worked out") as "never worked out": yet is so far, ever."""

    def one(m: re.Match[str]) -> str:
        verb = m["verb"] or m["verb2"]
        return f"never {verb}" if reads_act(verb, lexicon) else m.group(0)

    return _NOT_YET.sub(one, text)


_DESPITE = re.compile(r"\s*,?\s*\b(?:despite|in spite of|even though|although|though)\b\s*", re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"(?:[\s,.!?;:-]+\b(?:thx|thanks|thank you|ty|cheers|pls|please|asap|tia)\b[\s.!?]*)+$|^\s*(?:hey|hi|hello)\b(?:\s+(?:team|all|folks|there))?\s*[,:!-]*\s*",
    re.IGNORECASE,
)


def _despite(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "haven't upgraded despite viewing pricing" as "… and viewing pricing": a concession is both
    holding; and drop greetings and sign-offs ("hey team -", "thx"), which say nothing of the people."""
    return _SIGN_OFF.sub("", _DESPITE.sub(" and ", text))


_LIKING = re.compile(r"\b(?:love|loves|enjoy|enjoys|adore|adores|(?:are|is)\s+(?:really\s+)?into)\s+(?:doing\s+)?", re.I)


def _liking(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "love cycling", "are into yoga" as "like …" before a value of the trait the catalog names by
    liking (a preferred kind): 'love' was refused, though the catalog reads "like cycling"."""
    liked = [t for t in catalog.traits if {"like", "likes"} & {s.lower() for s in t.synonyms}]
    values = {
        w.lower()
        for t in liked
        for v in t.values or []
        for w in (str(v).replace("_", " "), *t.value_synonyms.get(str(v), []))
    }

    def one(m: re.Match[str]) -> str:
        after = text[m.end() :].lower()
        return "like " if any(re.match(rf"{re.escape(v)}\b", after) for v in values) else m.group(0)

    return _LIKING.sub(one, text)


PLAIN_REWRITES = (_contractions, _british, _an_amount, _despite, _not_yet, _liking)
