"""Rewrite idioms about acts in order, which the catalog cannot order, and say what was read instead.

"started checkout without finishing" is the start and never the finish; "cancelled and then resubscribed" is
both events; "logged in yesterday for the first time" is exactly once in all; "last opened the app more than
10 days ago" is once and not since (exact); "subscribed after their trial" is both events. Each rewrite only happens when the catalog reads the acts.
"""

from __future__ import annotations

import re

from agent.catalog_planner.idiom_rewrite import substitute
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.quantities import extract_window
from agent.catalog_planner.span_idioms import NEGATED, clause_before, events_read, reads_act
from warehouse.catalog import Catalog

_WITHOUT_FINISHING = re.compile(
    r"\b(?P<verb>[a-z][a-z0-9 ]*?)\s+(?:(?:but\s+(?:did not|didn't|never)\s+|without\s+(?:ever\s+)?|and\s+(?:did not|didn't|never)\s+)"
    r"(?P<finish>finish|finish(?:ed|ing)|complet(?:e|ed|ing)|buy|buying|bought|pay|paying|paid|purchas(?:e|ed|ing)|"
    r"follow(?:ed|ing)? through|check(?:ed|ing)? out|go(?:ing)? through|went through|convert(?:ed|ing)?|upgrad(?:e|ed|ing)|"
    r"subscrib(?:e|ed|ing))(?:\s+(?:it|them|one|with it))?|(?:but|and|then)\s+(?:later\s+)?abandoned\s+(?:it|them))\b",
    re.IGNORECASE,
)
_STARTED = "_started"


# "… but never bought", "… without upgrading": the finish said is a purchase, whatever was started
_PURCHASE_WORDS = re.compile(r"^(?:buy|bought|pay|paid|purchas|convert|upgrad|subscrib|check)", re.IGNORECASE)


def _finish_of(started: str, finish_word: str, catalog: Catalog, lexicon: Lexicon) -> str | None:
    """Return the event that finishes a started one: the `_completed` event of the same thing ("started a
    workout", "saved a workout" → `workout_completed`), else, for a start or a purchase word ("started checkout
    but didn't buy"), the purchase it leads to; a saved workout never completed is no unpaid purchase."""
    names = {e.name for e in catalog.events}
    twin = started.rsplit("_", 1)[0] + "_completed"
    if twin in names and twin != started and not _PURCHASE_WORDS.match(finish_word):
        return twin
    if not (started.endswith(_STARTED) or _PURCHASE_WORDS.match(finish_word)):
        return None
    bought = {e.name for e in lexicon.entries_for("purchase") if e.kind == "event"}
    return next(iter(bought)) if len(bought) == 1 and started not in bought else None


def _without_finishing(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Read "started checkout without finishing" as the start at least once and the finish never, and say so
    (the catalog cannot order events: a finish before the start excludes as well)."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        verb = clause_before(m["verb"], len(m["verb"])).strip()
        started = events_read(verb, lexicon)
        if len(started) != 1 or NEGATED.search(verb):
            return None
        finish = _finish_of(next(iter(started)), m["finish"] or "", catalog, lexicon)
        if finish is None:
            return None
        said = next((s for s in catalog.event(finish).synonyms if events_read(s, lexicon) == {finish}), None)
        if said is None:
            return None
        lead = m["verb"][: len(m["verb"]) - len(verb)]
        window, _ = extract_window(verb)
        if window is not None and not re.search(r"\b(?:never|ever)\b", m.group(0)[len(m["verb"]) :], re.IGNORECASE):
            # "started a workout in the last 7 days but didn't finish": the finish not done in those days
            same_thing = finish.split("_")[0] == next(iter(started)).split("_")[0]
            return (
                # a finish of the same thing leaves its object to the start ("it"): its window and filters follow
                # (`elided_subjects`); another thing's finish ("didn't buy") is timed here
                f"{lead}{verb} but did not {said.split()[0]} it" if same_thing else f"{lead}{verb} and not {said} {window.label}",
                f"'{m.group(0)[len(lead) :].strip()}' read as {next(iter(started))} and no {finish} {window.label} "
                "(the catalog cannot order events: a finish before the start in those days excludes too)",
            )
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
        act = clause_before(text, m.start()).strip()
        window, bare = extract_window(act)
        if not act or NEGATED.search(act) or not reads_act(bare, lexicon):
            continue
        start, end = text.rindex(act, done, m.start()), m.end()
        following, _ = extract_window(text[end:])
        if window is None and following is not None and not text[end : end + following.start].strip():
            window, act, end = (
                following,
                f"{act} {text[end + following.start : end + following.end].strip()}",
                end + following.end,
            )
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


# "… then opened it 3 times": the act is on the thing before, which `pronoun_counts` says in full
_DONE_TO_IT = re.compile(r"(?:[a-z]+\s+){1,2}it\b", re.IGNORECASE)


def _then(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Read "cancelled and then resubscribed" as both acts done, the first as its event (not the state it left,
    which the later act changed), and say so: the catalog cannot order events."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        first = clause_before(m["first"], len(m["first"])).strip()
        before, after = events_read(first, lexicon), events_read(m["second"], lexicon)
        if len(before) != 1 or not after or NEGATED.search(first) or _DONE_TO_IT.match(m["second"]):
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


_AFTER_THING = re.compile(
    r"\b(?P<verb>[a-z][a-z ]*?)\s+after\s+(?:their|the|a|an|his|her)\s+(?:free\s+)?(?P<thing>[a-z]+(?:\s+[a-z]+)?)\b",
    re.IGNORECASE,
)


def _after_thing(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Read "subscribed after their trial" as subscribed and a trial started, and say so: "their trial" there is
    an event before the act, not the trial state now (which the act may have ended)."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        verb = clause_before(m["verb"], len(m["verb"])).strip()
        # "their trial" names no event alone: it is the one that starts it
        acts = events_read(verb, lexicon)
        things = events_read(m["thing"], lexicon) or events_read(f"started a {m['thing']}", lexicon)
        if not acts or len(things) != 1 or NEGATED.search(verb):
            return None
        lead = m["verb"][: len(m["verb"]) - len(verb)]
        if acts == things and m["thing"].lower().startswith("first "):
            return f"{lead}{verb} at least 2 times", f"'{m.group(0)[len(lead) :]}' read as at least 2 in all"
        if acts & things:
            return None
        thing = next(iter(things))
        said = next((s for s in catalog.event(thing).synonyms if events_read(s, lexicon) == {thing}), None)
        if said is None:
            return None
        return (
            f"{lead}{verb} and {said}",
            f"'{m.group(0)[len(lead) :]}' read as {', '.join(sorted(acts))} and a {thing}, both at any time (the "
            "catalog cannot order events)",
        )

    return substitute(_AFTER_THING, text, build, notes)


ORDER_REWRITES = (_after_thing, _last_ago, _then, _first_time, _without_finishing)
