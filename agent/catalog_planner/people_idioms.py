"""Rewrite idioms about people into the phrases the condition parser reads, and say each approximation.

Habits: "work out twice a week" is a count over the last week, "every day this week" one a day, "3 days in a
row" the streak. Time since an act: "haven't worked out since signing up" is never, "never opened the app
again" and "not since their first workout" are once, "recently stopped working out" is a lapse, and what
follows "after" happened. "active on web" is recent app use (not the `active` subscription). Ages of the
account and the trial are read in `age_idioms.py`, casual spellings first in `plain_words.py`, a workout type
inside an event's words in `event_objects.py`, changing states in `state_idioms.py`, spans the catalog cannot
count over in `span_idioms.py` and acts in order in `order_idioms.py`. Each rewrite only happens when the catalog reads what it
is about; otherwise the words stay as said (and are reported if nothing reads them).
"""

from __future__ import annotations

import re

from agent.catalog_planner.age_idioms import AGE_REWRITES
from agent.catalog_planner.daily_runs import read_daily_runs
from agent.catalog_planner.entered_states import read_entered_states
from agent.catalog_planner.event_objects import move_object_values, value_verbs
from agent.catalog_planner.idiom_rewrite import count_word, substitute
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.message_receipt import received_messages
from agent.catalog_planner.order_idioms import ORDER_REWRITES
from agent.catalog_planner.period_contrasts import read_last_against_this
from agent.catalog_planner.plain_words import PLAIN_REWRITES
from agent.catalog_planner.quantities import extract_window, unit_days
from agent.catalog_planner.shared_windows import read_spans_before, share_windows
from agent.catalog_planner.span_idioms import SPAN_REWRITES
from agent.catalog_planner.state_history import counts_days_with
from agent.catalog_planner.state_idioms import STATE_REWRITES
from agent.catalog_planner.sub_counts import read_sub_counts
from agent.catalog_planner.text import content_stems, normalize, tokenize
from agent.catalog_planner.window_refs import (
    read_window_refs,
    read_windows_said_otherwise,
    read_yesterday_not_today,
)
from warehouse.catalog import Catalog

_TIMES = {"once": 1, "twice": 2, "thrice": 3}
_FREQUENCY = re.compile(
    # "3+ times a week", "3 or more times per week": the bound is kept, the period becomes a window
    r"\b(?:(?P<word>once|twice|thrice)|(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?P<more>\+|\s+or\s+(?:more|fewer|less))?\s+times?)"
    r"\s+(?:a|an|per|each|every)\s+(?P<period>day|week|month)\b",
    re.IGNORECASE,
)
_NEGATED_VERB = r"(?:have not|has not|haven't|hasn't|had not|hadn't|did not|didn't|not)"
_SINCE_JOINING = (
    r"since\s+(?:(?:they|he|she)\s+)?(?:first\s+)?(?:signing up|signed up|sign[- ]?up|signup|joining|joined|"
    r"registering|registered|installing|installed)\b"
)
# "… since signing up 7+ days ago", "… since they joined more than 2 weeks ago": the signup's age, said after it
_JOINED_AGO = (
    r"(?:\s+(?P<ago>(?:(?:at least|more than|over|less than|under|within)\s+)?(?:\d+\+?|an?)\s+"
    r"(?:days?|weeks?|months?|years?)\s+ago))?"
)
_SINCE_START = re.compile(
    rf"\b{_NEGATED_VERB}\s+(?P<verb>[^,;.]+?)\s+{_SINCE_JOINING}{_JOINED_AGO}", re.IGNORECASE
)
_SINCE_SIGNUP = re.compile(rf"\s+{_SINCE_JOINING}{_JOINED_AGO}", re.IGNORECASE)
_TIME_SINCE = re.compile(r"\b(?:days?|weeks?|months?|time)\s*$", re.IGNORECASE)
_SINCE_FIRST = re.compile(
    rf"\b{_NEGATED_VERB}\s+(?P<verb>[^,;.]+?)\s+since\s+(?:their|the|his|her)\s+(?:very\s+)?first\s+"
    r"(?P<thing>[a-z]+(?:\s+[a-z]+)?)\b",
    re.IGNORECASE,
)
_EVERY = re.compile(r"\s+(?:every|each)\s+(?P<period>day|week|month)\b", re.IGNORECASE)
_EACH_OF = re.compile(
    r"\s+(?:on\s+)?(?:each|every one|all)\s+of\s+the\s+(?:last|past)\s+(?P<n>\d+|two|three|four|five|six|seven)\s+days\b",
    re.IGNORECASE,
)
_AGAIN = re.compile(rf"\b(?:never|{_NEGATED_VERB})\s+(?P<verb>[^,;.]+?)\s+again\b", re.IGNORECASE)
_STOPPED = re.compile(
    r"\b(?P<recent>(?:recently|just|lately)\s+)?(?:stopped|quit|quitted|gave up)\s+(?P<verb>[a-z]+ing(?:\s+out)?)\b",
    re.IGNORECASE,
)
_LAPSE_DAYS = 7
_ACTIVE_ON = re.compile(
    r"(?<!\bnot )\b(?:recently\s+)?active\s+(?:(?P<app>(?:in|on|using)\s+(?:the\s+)?app)\b\s*|(?=(?:on|in|from|via)\s+))",
    re.IGNORECASE,
)
_ACTIVE_DAYS = 7
# "whose subscription is active in Germany": a thing is active, not the people
_THING_IS = re.compile(r"\b(?:whose\s+[a-z]+(?:\s+[a-z]+)?|subscription|plan|membership|account|status)\s+(?:is|was)?\s*$")
_AFTER = re.compile(
    rf"\b(?P<neg>never|{_NEGATED_VERB})\s+(?P<verb>[^,;.]+?)\s+(?:again\s+)?after\s+(?P<then>[^,;.]+)", re.IGNORECASE
)
def read_people_idioms(text: str, catalog: Catalog, lexicon: Lexicon) -> tuple[str, list[str]]:
    """Return the text with people idioms rewritten into phrases the catalog reads, and the approximations."""
    notes: list[str] = []
    for rewrite in (
        read_sub_counts,  # "did 10 workouts, 5 of them yoga": two counts over one window
        read_window_refs,  # "… but completed zero workouts in that time": the window said before
        read_windows_said_otherwise,  # "more recently than 7 days ago", "had push turned on this week"
        read_yesterday_not_today,  # "did a workout yesterday but not today"
        read_last_against_this,  # "3+ workouts last week but none this week": the week before this one
        *PLAIN_REWRITES,
        received_messages,
        move_object_values,
        value_verbs,
        *STATE_REWRITES,
        read_entered_states,  # "became paying customers last month": the event that enters the state then
        share_windows,  # "completed a strength workout and a cardio workout this week": both this week
        read_spans_before,  # "… in the 30 days before": back from now through the nearer span
        read_daily_runs,  # "worked out every day for a week", "… yesterday and today": days in a row
        _daily,
        _unknown,
        _frequency,
        _every,
        _since_start,
        _since_first,
        *ORDER_REWRITES,
        *SPAN_REWRITES,
        _since_signup,
        _again,
        _after,
        _stopped,
        _active_on,
        _in_a_row,
        *AGE_REWRITES,
    ):
        text = rewrite(text, catalog, lexicon, notes)
    return text, notes


def _reads(phrase: str, lexicon: Lexicon) -> bool:
    """Return True when words of the phrase name a catalog event: these idioms are about things done
    ("stopped paying" names a state, and keeps its own reading)."""
    return any(e.kind == "event" for m in lexicon.match(tokenize(normalize(phrase))) for e in m.entries)


def _frequency(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "twice a week" as "2 times in the last 7 days": a habit is read over its most recent period."""

    def build(m: re.Match[str]) -> tuple[str, str]:
        n = _TIMES[m["word"].lower()] if m["word"] else count_word(m["n"])
        days = round(unit_days(m["period"]))
        more = m["more"] or ""
        bound = "at most" if re.search(r"fewer|less", more) else "at least"
        return (
            f"{n}{more} times in the last {days} days",
            f"'{m.group(0)}' read as {bound} {n} in the last {days} days (the catalog keeps no habit over time)",
        )

    return substitute(_FREQUENCY, text, build, notes)


def _since_start(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "haven't worked out since signing up" as "never worked out": since the start is all time."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        if not _reads(m["verb"], lexicon):
            return None
        signed = f" and signed up {m['ago']}" if m["ago"] else ""  # "… since signing up 7+ days ago"
        return f"never {m['verb']}{signed}", f"'{m.group(0)}' read as never (since signing up is all time){signed}"

    return substitute(_SINCE_START, text, build, notes)


# "at least once a day for the past week", "daily this week": every day of the span
_ONCE_A_DAY = re.compile(
    r"\s+(?:(?:at least\s+)?once\s+(?:a|an|per|each)\s+day|daily)\b(?=\s+(?:for\s+|over\s+|in\s+|during\s+)?"
    r"(?:the\s+)?(?:this|last|past|previous)\b)",
    re.IGNORECASE,
)


def _daily(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "once a day for the past week" as "every day for the past week", which `_every` reads (as a
    frequency it left the span unread)."""
    return _ONCE_A_DAY.sub(" every day", text)


# "whose preferred workout type is unknown", "with CSAT missing": a value not recorded
_UNKNOWN = re.compile(
    r"\b(?P<thing>(?:[a-z]+\s+){0,3}[a-z]+)\s+(?:(?:is|are)\s+)?(?:still\s+)?(?:unknown|missing|not set|blank|null|"
    r"not recorded)\b",
    re.IGNORECASE,
)


def _unknown(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "whose preferred workout type is unknown" as "no preferred workout type" (a value the catalog does
    not record, `is_null`); the words stay when they end in no trait's name."""

    def one(m: re.Match[str]) -> str:
        words = m["thing"].split()
        for size in range(len(words), 0, -1):
            named = " ".join(words[-size:])
            if any(e.kind == "trait" for e in lexicon.entries_for(named)):
                return " ".join([*words[:-size], "no", named])
        return m.group(0)

    return _UNKNOWN.sub(one, text)


def _every(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "work out every day" as "work out 1 times in the last 1 days"; "every day" after words that name
    no event ("remind them every day") is not about the people and stays."""

    def one(m: re.Match[str]) -> str:
        before = " ".join(text[: m.start()].split()[-4:])
        if not _reads(before, lexicon):
            return m.group(0)
        days = round(unit_days(m["period"]))
        window, _ = extract_window(text[m.end() :].lower())
        if window is not None and not text[m.end() : m.end() + window.start].strip() and days == 1:
            # "every day this week": as many as the window has days (each day once is the least it takes)
            notes.append(f"'{m.group(0).strip()} {window.label}' read as at least {window.days} {window.label}")
            return f" {window.days} times"
        notes.append(f"'{m.group(0).strip()}' read as at least once in the last {days} days")
        return f" 1 times in the last {days} days"

    def each(m: re.Match[str]) -> str:
        if not _reads(" ".join(text[: m.start()].split()[-4:]), lexicon):
            return m.group(0)
        n = count_word(m["n"])
        notes.append(f"'{m.group(0).strip()}' read as at least {n} in the last {n} days")
        return f" {n} times in the last {n} days"

    text = _EACH_OF.sub(each, text)
    return _EVERY.sub(one, text)


def _since_first(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "haven't come back since their first workout" as "completed a workout exactly 1 time": nothing
    since the first means it is the only one (when the verb names another event, the words stay)."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        firsts = _events_read(m["thing"], lexicon)
        since = _events_read(m["verb"], lexicon)
        if len(firsts) != 1 or (since and since != firsts):
            return None
        event = catalog.event(firsts.pop())
        said = next((s for s in event.synonyms if _events_read(s, lexicon) == {event.name}), None)
        if said is None:
            return None
        return f"{said} exactly 1 time", f"'{m.group(0)}' read as exactly one {event.name} in all"

    return substitute(_SINCE_FIRST, text, build, notes)


def _since_signup(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Drop "since signing up" after a count or a state ("completed 5 workouts since signing up"): counts are
    of all time, and the words would otherwise read as a signup age of at least a day."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        if not lexicon.match(tokenize(normalize(text[: m.start()]))):
            return None  # "had push enabled since signing up" is the state now, as well
        if _TIME_SINCE.search(text[: m.start()]):
            return None  # "days since signup < 10" names the signup age itself
        if m["ago"]:
            # "fewer than 3 workouts since they signed up 2 weeks ago": all time, and the signup's age
            return f" and signed up {m['ago']}", f"'{m.group(0).strip()}' read as all time, signed up {m['ago']}"
        return "", f"'{m.group(0).strip()}' read as all time"

    return substitute(_SINCE_SIGNUP, text, build, notes)


def _events_read(phrase: str, lexicon: Lexicon) -> set[str]:
    return {e.name for m in lexicon.match(tokenize(phrase)) for e in m.entries if e.kind == "event"}


def _again(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "never opened the app again" as "opened the app exactly 1 time": they did it once, then not again."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        if not _reads(m["verb"], lexicon):
            return None
        return (
            f"{m['verb']} exactly 1 time",
            f"'{m.group(0)}' read as exactly once in all (the first time, and not again)",
        )

    return substitute(_AGAIN, text, build, notes)


def _stopped(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "recently stopped working out" as "have not working out in the last 7 days": a lapse, not activity."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        if not _reads(m["verb"], lexicon):
            return None
        return (
            f"have not {m['verb']} in the last {_LAPSE_DAYS} days",
            f"'{m.group(0)}' read as none in the last {_LAPSE_DAYS} days (the catalog keeps no date a habit stopped)",
        )

    return substitute(_STOPPED, text, build, notes)


def _app_open_event(catalog: Catalog) -> str | None:
    """Return the words of the catalog's app-open event ("opened the app"), the mark of an active user."""
    for event in catalog.events:
        if {"app", "open"} <= set(content_stems(event.name.replace("_", " "))):
            return next((s for s in event.synonyms if "open" in s and "app" in s), None)
    return None


def _active_on(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "active on web" as "opened the app in the last 7 days on web": beside a platform or place, "active" is
    recent use, not the `active` subscription."""
    said = _app_open_event(catalog)

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        if said is None or _THING_IS.search(text[: m.start()]):
            return None
        window = extract_window(text[m.end() :])[0]
        if m["app"] and window is not None and not text[m.end() : m.end() + window.start].strip():
            # "active in the app in the last 3 days": the time said is the one the app was opened in
            return f"{said} ", f"'{m.group(0).strip()}' read as {said}"
        return (
            f"{said} in the last {_ACTIVE_DAYS} days ",
            f"'{m.group(0).strip()}' read as {said} in the last {_ACTIVE_DAYS} days",
        )

    return substitute(_ACTIVE_ON, text, build, notes)


_IN_A_ROW = re.compile(
    r"\b(?P<verb>[a-z]+(?:\s+[a-z]+){0,3}?)\s+(?:for\s+)?(?P<n>\d+|two|three|four|five|six|seven|ten)\s+"
    r"(?:days in a row|days running|consecutive days|straight days|days straight)\b",
    re.IGNORECASE,
)
def _in_a_row(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "worked out 3 days in a row" as "a streak of at least 3 days" where the catalog keeps a streak
    of that event (the current one: a run that has ended is not kept), else as 3 in the last 3 days."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        events = _events_read(m["verb"], lexicon)
        streaks = [
            t.name
            for t in catalog.traits
            if t.unit == "days"
            and any("streak" in syn or "consecutive" in syn for syn in t.synonyms)
            # a streak of days with one of that act ("… with at least one completed workout"), not a saved workout
            and any(counts_days_with(t.name, e, catalog) for e in events)
        ]
        n = count_word(m["n"])
        if not events:
            return None
        kinds = [e for match in lexicon.match(tokenize(normalize(m["verb"]))) for e in match.entries]
        if len(streaks) != 1 or any(e.kind == "property_value" for e in kinds):
            # no streak of it kept, or of one kind ("a yoga workout"), which the streak of every workout is not:
            # once a day over the last n days is the least it takes
            said = f"{m['verb']} {n} times in the last {n} days"
            return said, f"'{m.group(0)}' read as at least {n} in the last {n} days"
        return f"a streak of at least {n} days", f"'{m.group(0)}' read as the current {streaks[0]} of at least {n}"

    return substitute(_IN_A_ROW, text, build, notes)


_ACTIVE_PEOPLE = re.compile(
    r"\b(?:recently\s+)?active\s+(?P<people>users|people|customers|members)\s+(?P<on>on|using|via)\s+(?P<what>[a-z]+)\b",
    re.IGNORECASE,
)


def read_active_people(text: str, catalog: Catalog, lexicon: Lexicon) -> tuple[str, list[str]]:
    """Rewrite "active users on iOS" as "users on iOS who opened the app in the last 7 days": with a platform
    the people are active users of the app, not `active` subscribers (whole prompts: the words straddle the
    program and the audience)."""
    said = _app_open_event(catalog)
    notes: list[str] = []

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        platform = any(e.kind == "value" for match in lexicon.match(tokenize(normalize(m["what"]))) for e in match.entries)
        if said is None or not platform:
            return None
        return (
            f"{m['people']} {m['on']} {m['what']} who {said} in the last {_ACTIVE_DAYS} days",
            f"'{m.group(0)}' read as {said} in the last {_ACTIVE_DAYS} days",
        )

    return substitute(_ACTIVE_PEOPLE, text, build, notes), notes


def _after(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "never came back after cancelling" as "cancelling and never came back": what follows "after"
    happened (the negation is not its own), and words no catalog entry reads are then reported, not lost."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        if lexicon.match(tokenize(normalize(m["verb"]))):
            return None  # "haven't worked out after cancelling": read as said
        return f"{m['then']} and {m['neg']} {m['verb']}", f"'{m.group(0)}' read as {m['then']}, then not {m['verb']}"

    return substitute(_AFTER, text, build, notes)

