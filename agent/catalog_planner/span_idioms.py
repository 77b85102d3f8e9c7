"""Rewrite idioms that place an act in a span the catalog cannot count over, and say what was read instead.

"completed 2 workouts in their first week" counts from signup (the catalog counts all time or up to now, so it
is read over all time); "haven't viewed pricing since their first workout" counts from another event's first
time (read over all time, beside that event); "active last week but not this week" is some in the last 14
days and none in the last 7 (exact on rolling weeks); "started checkout without finishing" is the start and
never the finish. Each rewrite only happens when the catalog reads the act; otherwise the words stay.
"""

from __future__ import annotations

import re

from agent.catalog_planner.idiom_rewrite import count_word, substitute
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.quantities import extract_window, unit_days
from agent.catalog_planner.text import normalize, tokenize
from warehouse.catalog import Catalog

_NEGATED = re.compile(r"\b(?:not|never|no|haven't|hasn't|didn't|don't|doesn't|without)\b|n't\b", re.IGNORECASE)
_CLAUSE_START = re.compile(r"(?:[,;:]|\b(?:who|whom|whose|that|which|and|or|but|if|when|where)\b)", re.IGNORECASE)

_ACT_IN_FIRST = re.compile(
    r"\s+(?:in|within|during|over)\s+(?:their|the|his|her|your)\s+(?:very\s+)?first\s+"
    r"(?:(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+)?(?P<unit>day|week|month)s?\b"
    r"(?:\s+(?:after|of|since)\s+(?:signing up|signup|sign-up|joining|registering|install(?:ing)?))?(?!\s+of\b)",
    re.IGNORECASE,
)


def events_read(phrase: str, lexicon: Lexicon) -> set[str]:
    """Return the catalog events the words of a phrase name."""
    return {e.name for m in lexicon.match(tokenize(normalize(phrase))) for e in m.entries if e.kind == "event"}


def reads_act(phrase: str, lexicon: Lexicon) -> bool:
    """Return True when the words name something done: an event, its count, or the days since it."""
    counts = set(lexicon.event_to_trait.values())
    return any(
        e.kind == "event" or (e.kind == "trait" and (e.name in counts or e.name.startswith("days_since_last_")))
        for m in lexicon.match(tokenize(normalize(phrase)))
        for e in m.entries
    )


def _clause_before(text: str, end: int) -> str:
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
        act = _clause_before(text, m.start()).strip()
        if not act or not reads_act(act, lexicon):
            continue
        start = text.rindex(act, done, m.start())
        days = round((count_word(m["n"]) if m["n"] else 1) * unit_days(m["unit"]))
        said = f"'{act}{m.group(0)}' read "
        if _NEGATED.search(act):
            act = _VERB_NEGATION.sub("never ", act, count=1)
            said += f"as never, in all: the catalog counts nothing over the first {days} days from signup, so this leaves out who did it only later"
        else:
            said += f"over all time: the catalog counts nothing over the first {days} days from signup, so acts after day {days} count too"
        notes.append(said)
        out += [text[done:start], act]
        done = m.end()
    return "".join(out) + text[done:]


_SINCE_FIRST_OTHER = re.compile(
    r"\b(?P<verb>[a-z][^,;.]*?)\s+since\s+(?:(?P<first>(?:their|the|his|her)\s+(?:very\s+)?first)\s+"
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
        verb = _clause_before(m["verb"], len(m["verb"])).strip()
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
            if _NEGATED.search(verb)
            else f"a {act} at any time: broader, it takes in one before"
        )
        when = "their first" if m["first"] else "a"
        return (
            f"{lead}{verb} and {said}",
            f"'{verb} since {m.group(0)[m.end('verb') - m.start() :].strip()[6:]}' read as {scope} {when} "
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
        verb = _clause_before(m["verb"], len(m["verb"])).strip()
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


_WITHOUT_FINISHING = re.compile(
    r"\b(?P<verb>[a-z][a-z ]*?)\s+(?:(?:but\s+(?:did not|didn't|never)\s+|without\s+(?:ever\s+)?|and\s+(?:did not|didn't|never)\s+)"
    r"(?:finish|finish(?:ed|ing)|complet(?:e|ed|ing)|buy|buying|bought|pay|paying|paid|purchas(?:e|ed|ing)|"
    r"follow(?:ed|ing)? through|check(?:ed|ing)? out|go(?:ing)? through|went through|convert(?:ed|ing)?|upgrad(?:e|ed|ing)|"
    r"subscrib(?:e|ed|ing))(?:\s+(?:it|them|one|with it))?|(?:but|and|then)\s+(?:later\s+)?abandoned\s+(?:it|them))\b",
    re.IGNORECASE,
)
_STARTED = "_started"


def _finish_of(started: str, catalog: Catalog, lexicon: Lexicon) -> str | None:
    """Return the event that finishes a started one: its `_completed` twin, else the purchase it leads to."""
    names = {e.name for e in catalog.events}
    if started.endswith(_STARTED):
        twin = started[: -len(_STARTED)] + "_completed"
        if twin in names:
            return twin
    bought = {e.name for e in lexicon.entries_for("purchase") if e.kind == "event"}
    return next(iter(bought)) if len(bought) == 1 and started not in bought else None


def _without_finishing(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Read "started checkout without finishing" as the start at least once and the finish never, and say so
    (the catalog cannot order events: a finish before the start excludes as well)."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        verb = _clause_before(m["verb"], len(m["verb"])).strip()
        started = events_read(verb, lexicon)
        if len(started) != 1 or _NEGATED.search(verb):
            return None
        finish = _finish_of(next(iter(started)), catalog, lexicon)
        if finish is None:
            return None
        said = next((s for s in catalog.event(finish).synonyms if events_read(s, lexicon) == {finish}), None)
        if said is None:
            return None
        lead = m["verb"][: len(m["verb"]) - len(verb)]
        return (
            f"{lead}{verb} and never {said}",
            f"'{m.group(0)[len(lead) :].strip()}' read as {next(iter(started))} and no {finish} in all (the catalog cannot order "
            f"events: a {finish} before it excludes too)",
        )

    return substitute(_WITHOUT_FINISHING, text, build, notes)


_FIRST_TIME = re.compile(r"\s+for\s+the\s+(?:very\s+)?(?:first|1st)\s+time(?:\s+ever)?\b", re.IGNORECASE)


def _first_time(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Read "logged in yesterday for the first time" as logged in yesterday and exactly once in all, and say
    so: the catalog keeps no date of a first time (a second time the same day leaves them out)."""
    out, done = [], 0
    for m in _FIRST_TIME.finditer(text):
        act = _clause_before(text, m.start()).strip()
        window, bare = extract_window(act)
        if not act or _NEGATED.search(act) or not reads_act(bare, lexicon):
            continue
        start, end = text.rindex(act, done, m.start()), m.end()
        following, _ = extract_window(text[end:])
        if window is None and following is not None and not text[end : end + following.start].strip():
            window, act, end = following, f"{act} {text[end + following.start : end + following.end].strip()}", end + following.end
        said = f"{act} and {bare.strip()} exactly 1 time" if window is not None else f"{act} exactly 1 time"
        notes.append(
            f"'{text[start:end].strip()}' read as exactly once in all{' and ' + window.label if window else ''} (the catalog "
            "keeps no date of a first time, so a second time since leaves them out)"
        )
        out += [text[done:start], said]
        done = end
    return "".join(out) + text[done:]


_THEN = re.compile(
    r"\b(?P<first>[a-z][a-z ]*?)\s*,?\s+(?:and\s+)?(?:then|later|afterwards?|after that)\s+(?P<second>[a-z]+(?:\s+[a-z]+){0,3})",
    re.IGNORECASE,
)


def _then(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Read "cancelled and then resubscribed" as both acts done, the first as its event (not the state it left,
    which the later act changed), and say so: the catalog cannot order events."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        first = _clause_before(m["first"], len(m["first"])).strip()
        before, after = events_read(first, lexicon), events_read(m["second"], lexicon)
        if len(before) != 1 or not after or _NEGATED.search(first):
            return None
        event = next(iter(before))
        lead = m["first"][: len(m["first"]) - len(first)]
        return (
            f"{lead}{event.replace('_', ' ')} and {m['second']}",
            f"'{m.group(0)[len(lead) :]}' read as a {event} and then {', '.join(sorted(after))}, both at any time (the catalog "
            "cannot order events)",
        )

    return substitute(_THEN, text, build, notes)


_LAST_AGO = re.compile(
    r"\blast\s+(?P<verb>(?:[a-z]+ed|saw|did|went|got|ran|bought|made)\b[a-z ]*?)\s+(?:more than|over|at least)\s+(?P<n>\d+)\s+(?P<unit>days?|weeks?|months?)\s+ago\b",
    re.IGNORECASE,
)


def _last_ago(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "last opened the app more than 10 days ago" as "opened the app and not opened the app in the last
    10 days": done once, and not since (exact; "their last workout was …" is a noun, read as the days since)."""

    def one(m: re.Match[str]) -> str:
        if not events_read(m["verb"], lexicon):
            return m.group(0)
        return f"{m['verb']} at least 1 time and not {m['verb']} in the last {m['n']} {m['unit']}"

    return _LAST_AGO.sub(one, text)


_EACH_PERIOD = re.compile(
    r"\b(?P<verb>[a-z][a-z ]*?)\s+(?:at least\s+)?(?P<n>\d+|once|twice|one|two|three|four|five)\s*(?:times?|workouts?|sessions?)?\s+"
    r"(?:in\s+|during\s+)?(?:each|every one|all)\s+of\s+the\s+(?:last|past)\s+(?P<k>\d+|two|three|four)\s+(?P<unit>weeks|months)\b",
    re.IGNORECASE,
)


def _each_period(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Read "worked out 3 times in each of the last 2 weeks" as at least 3 in the last week and 6 in the last
    two, and say so: the catalog counts back from now, so an earlier period is not counted on its own."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        verb = _clause_before(m["verb"], len(m["verb"])).strip()
        if not reads_act(verb, lexicon):
            return None
        lead = m["verb"][: len(m["verb"]) - len(verb)]
        n, k, days = count_word(m["n"]), count_word(m["k"]), round(unit_days(m["unit"]))
        return (
            f"{lead}{verb} at least {n} times in the last {days} days and {verb} at least {n * k} times in the last "
            f"{days * k} days",
            f"'{m.group(0)[len(lead) :]}' read as at least {n} in the last {days} days and {n * k} in the last "
            f"{days * k} (an earlier {m['unit'].rstrip('s')} is not counted on its own)",
        )

    return substitute(_EACH_PERIOD, text, build, notes)


SPAN_REWRITES = (_last_ago, _each_period, _then, _first_time, _without_finishing, _last_but_not_this, _since_first_other, _acts_in_first_days)
