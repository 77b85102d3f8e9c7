"""Rewrite idioms that place an act in a span the catalog cannot count over, and say what was read instead.

"completed 2 workouts in their first week" counts from signup (the catalog counts all time or up to now, so it
is read over all time); "haven't viewed pricing since their first workout" counts from another event's time
(read over all time, beside that event); "active last week but not this week" is some in the last 14 days and
none in the last 7 (exact on rolling weeks); "3 times in each of the last 2 weeks" is 3 in the last week and 6
in both. Each rewrite only happens when the catalog reads the act; otherwise the words stay. Acts in order
("then", "without finishing", "for the first time") are read in `order_idioms`.
"""

from __future__ import annotations

import re

from agent.catalog_planner.idiom_rewrite import count_word, substitute
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.quantities import unit_days
from agent.catalog_planner.text import normalize, tokenize
from warehouse.catalog import Catalog

NEGATED = re.compile(r"\b(?:not|never|no|haven't|hasn't|didn't|don't|doesn't|without)\b|n't\b", re.IGNORECASE)
_CLAUSE_START = re.compile(
    r"(?:[,;:]|\b(?:who|whom|whose|that|which|and|or|but|if|when|where)\b)", re.IGNORECASE
)

_ACT_IN_FIRST = re.compile(
    r"\s+(?:in|within|during|over)\s+(?:their|the|his|her|your)\s+(?:very\s+)?first\s+"
    r"(?:(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+)?(?P<unit>day|week|month)s?\b"
    r"(?:\s+(?:after|of|since)\s+(?:signing up|signup|sign-up|joining|registering|install(?:ing)?))?(?!\s+of\b)",
    re.IGNORECASE,
)


def events_read(phrase: str, lexicon: Lexicon) -> set[str]:
    """Return the catalog events the words of a phrase name."""
    return {
        e.name for m in lexicon.match(tokenize(normalize(phrase))) for e in m.entries if e.kind == "event"
    }


def reads_act(phrase: str, lexicon: Lexicon) -> bool:
    """Return True when the words name something done: an event, its count, or the days since it."""
    counts = set(lexicon.event_to_trait.values())
    return any(
        e.kind == "event"
        or (e.kind == "trait" and (e.name in counts or e.name.startswith("days_since_last_")))
        for m in lexicon.match(tokenize(normalize(phrase)))
        for e in m.entries
    )


def clause_before(text: str, end: int) -> str:
    """Return the words of the clause that ends at `end` (from its last comma, 'who', 'and', ...)."""
    head = text[:end]
    starts = [m.end() for m in _CLAUSE_START.finditer(head)]
    return head[starts[-1] if starts else 0 :]


_VERB_NEGATION = re.compile(
    r"\b(?:(?:have|has|had|did|do|does)\s+not|haven't|hasn't|hadn't|didn't|don't|doesn't|not)\s+(?:yet\s+|ever\s+)?",
    re.IGNORECASE,
)


def _acts_in_first_days(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Read "completed 2 workouts in their first week" over all time ("haven't worked out in their first week"
    as never), and say so: the span counts from signup, which the catalog cannot count over ("users in their
    first week" alone is the account's age, read later)."""
    out, done = [], 0
    for m in _ACT_IN_FIRST.finditer(text):
        act = clause_before(text, m.start()).strip()
        if not act or not reads_act(act, lexicon):
            continue
        start = text.rindex(act, done, m.start())
        days = round((count_word(m["n"]) if m["n"] else 1) * unit_days(m["unit"]))
        said = f"'{act}{m.group(0)}' read "
        if NEGATED.search(act):
            act = _VERB_NEGATION.sub("never ", act, count=1)
            said += f"as never, in all: the catalog counts nothing over the first {days} days from signup, so this leaves out who did it only later"
        else:
            said += f"over all time: the catalog counts nothing over the first {days} days from signup, so acts after day {days} count too"
        notes.append(said)
        out += [text[done:start], act]
        done = m.end()
    return "".join(out) + text[done:]


_SINCE_FIRST_OTHER = re.compile(
    r"\b(?P<verb>[a-z][^,;.]*?)\s+since\s+(?P<since>(?P<first>(?:their|the|his|her)\s+(?:very\s+)?first)\s+"
    r"(?P<thing>[a-z]+(?:\s+[a-z]+)?)|(?:they|he|she)\s+(?:(?:last|first)\s+)?(?P<did>[a-z]+(?:\s+(?:(?:the|a|an|their)\s+)?[a-z]+)?)|"
    r"(?P<doing>[a-z]+ing(?:\s+(?:(?:the|a|an|their)\s+)?[a-z]+)?)|"
    r"(?:their|the|his|her)\s+(?P<own>[a-z]+(?:\s+[a-z]+)?\s+(?:started|began|begun|ended|expired|was cancelled)))\b",
    re.IGNORECASE,
)


def _since_first_other(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Read "haven't viewed pricing since their first workout" (or "since they cancelled") as never viewed
    pricing (all time) and a workout done, and say so: the catalog cannot count from an event's time (the same
    event on both sides, "not since their first workout", is read by `people_idioms`; "since signing up" is
    all time, exactly)."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        verb = clause_before(m["verb"], len(m["verb"])).strip()
        thing = m["thing"] or m["did"] or m["doing"] or m["own"]
        firsts, acts = events_read(thing, lexicon), events_read(verb, lexicon)
        if len(firsts) != 1 or not acts or acts & firsts:
            return None
        first = catalog.event(next(iter(firsts)))
        said = next((s for s in first.synonyms if events_read(s, lexicon) == {first.name}), None)
        if said is None:
            return None
        lead = m["verb"][: len(m["verb"]) - len(verb)]
        act = ", ".join(sorted(acts))
        scope = (
            f"no {act} in all: narrower, it leaves out who did it only before"
            if NEGATED.search(verb)
            else f"a {act} at any time: broader, it takes in one before"
        )
        when = "their first" if m["first"] else "a"
        return (
            f"{lead}{verb} and {said}",
            f"'{verb} since {m['since']}' read as {scope} {when} "
            f"{first.name} (the catalog cannot count from an event's time)",
        )

    return substitute(_SINCE_FIRST_OTHER, text, build, notes)


_BUT_NOT_NOW = re.compile(
    r"\b(?P<verb>[a-z][a-z ]*?)\s+(?:in\s+)?(?:the\s+)?(?:last|previous|past|prior)\s+(?P<period>week|month)\s*,?\s+"
    r"(?:but|and)\s+not\s+(?:(?:in|during)\s+)?this\s+(?P=period)\b",
    re.IGNORECASE,
)
_ACTIVE = re.compile(r"^(?:(?:were|was|are|is|been)\s+)?(?:active|engaged)$", re.IGNORECASE)


def app_open_words(catalog: Catalog, lexicon: Lexicon) -> str | None:
    """Return the words of the catalog's app-open event ("opened the app"), what being active is read as."""
    for event in catalog.events:
        if "open" in event.name and "app" in event.name:
            return next((s for s in event.synonyms if events_read(s, lexicon) == {event.name}), None)
    return None


def _last_but_not_this(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Read "worked out last week but not this week" as at least one in the last 14 days and none in the last
    7: exact on rolling weeks (calendar weeks are not kept); "active" is opening the app."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        verb = clause_before(m["verb"], len(m["verb"])).strip()
        lead = m["verb"][: len(m["verb"]) - len(verb)]
        if _ACTIVE.match(verb):
            opened = app_open_words(catalog, lexicon)
            if opened is None:
                return None
            verb = opened
        elif not events_read(verb, lexicon):
            return None
        days = round(unit_days(m["period"]))
        return (
            f"{lead}{verb} in the last {2 * days} days and not {verb} in the last {days} days",
            f"'{m.group(0).strip()}' read as {verb} {days + 1} to {2 * days} days ago and not in the last {days} "
            f"days (rolling {m['period']}s, not calendar ones)",
        )

    return substitute(_BUT_NOT_NOW, text, build, notes)


_EACH_PERIOD = re.compile(
    r"\b(?P<verb>[a-z][a-z ]*?)\s+(?:at least\s+)?(?P<n>\d+|once|twice|one|two|three|four|five)\s*(?:times?|(?P<noun>workouts?|sessions?))?\s+"
    r"(?:in\s+|during\s+)?(?:each|every one|all)\s+of\s+the\s+(?:last|past)\s+(?P<k>\d+|two|three|four)\s+(?P<unit>weeks|months)\b",
    re.IGNORECASE,
)


def _each_period(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Read "worked out 3 times in each of the last 2 weeks" as at least 3 in the last week and 6 in the last
    two, and say so: the catalog counts back from now, so an earlier period is not counted on its own."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        verb = clause_before(m["verb"], len(m["verb"])).strip()
        lead = m["verb"][: len(m["verb"]) - len(verb)]
        n, k, days = count_word(m["n"]), count_word(m["k"]), round(unit_days(m["unit"]))
        if reads_act(verb, lexicon):
            said = (f"{verb} at least {n} times", f"{verb} at least {n * k} times")
        elif m["noun"] and reads_act(m["noun"], lexicon):
            # "users with at least one workout in each of the last 2 weeks": the noun names the act counted
            noun = f"{m['noun'].rstrip('s')}s"
            # the verb stays on both: "started at least one workout …" counts starts in the longer span too
            said = (f"{verb} at least {n} {noun}", f"{verb} at least {n * k} {noun}")
        else:
            return None
        return (
            f"{lead}{said[0]} in the last {days} days and {said[1]} in the last {days * k} days",
            f"'{m.group(0)[len(lead) :]}' read as at least {n} in the last {days} days and {n * k} in the last "
            f"{days * k} (an earlier {m['unit'].rstrip('s')} is not counted on its own)",
        )

    return substitute(_EACH_PERIOD, text, build, notes)


SPAN_REWRITES = (_each_period, _last_but_not_this, _since_first_other, _acts_in_first_days)
