"""Group a count of acts by what each act carries: "messages sent by channel", "tickets by reason", "workouts of
each type", "app opens per day", "trials started each week".

A trait groups people (question.py); an event's own property or its calendar day belongs to each act, so the
grouping is read from the event rows: per user and key, the acts in the question's window (the orchestrator's
own event CTE, so the window and filters mean what they mean in a rule), joined to `user_traits` as every count
of acts is. "How many users …" counts the people with such an act under each key (a person may be under two).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import exp

from agent.catalog_planner.question_events import counted_act
from agent.catalog_planner.question_shares import Reader, and_leaves
from agent.catalog_planner.question_sql import audience_filter, data_end
from agent.types import Refusal
from orchestrator.compile.context import COUNT_COLUMN, CompileContext
from orchestrator.compile.event_condition import event_counts, property_value
from orchestrator.spec import Condition, EventCondition
from warehouse.catalog import Catalog

_COUNTS = "e"
_MARKER = r"(?:(?:broken down|split|grouped)\s+by|by|per|(?:on|for|in|of)\s+each|each|across)\s+(?:the\s+|their\s+|every\s+)?"
# "per day", "on each day of the last week", "daily", "day by day": the act's calendar day; "per week", "each
# week", "week by week": the calendar week (from Monday) it fell in ("every week" alone is a condition on people)
_DAY = re.compile(rf"\b(?:{_MARKER}(?:calendar\s+)?(?:day|date|week)(?:\s+of\b)?|daily|day[- ]by[- ]day|"
                  r"week[- ]by[- ]week)\b")
# what says the acts are counted, not a measure of them ("how many", "total", "breakdown of")
_COUNT_WORDS = re.compile(
    r"\b(?:how many|number of|count of|count|total(?: number of)?|break ?-?down(?: of)?|distribution of|"
    r"unique|distinct)\b"
)
_DAY_KEY = "day"
DAILY_ACTIVE = re.compile(r"\b(?:(?:how many|number of)\s+)?(?:daily active users|daus?)\b")
# a measure of the acts other than their count ("average workouts per day", "share of messages by channel")
# is not a breakdown of the count: left to the question's other shapes
_OTHER_MEASURE = re.compile(
    r"\b(?:average|avg|mean|median|max\w*|min\w*|highest|lowest|share|percent\w*|proportion|fraction|ratio|rate)\b|%"
)


@dataclass(frozen=True)
class _Key:
    """A grouping of acts: the property said (or the day) and where its words are."""

    prop: str | None  # None: the calendar day
    start: int
    end: int


def _aliases(catalog: Catalog) -> dict[str, str]:
    """Return each way of naming an enum/bool event property ("ticket reason", "reason") -> its name."""
    names: dict[str, str] = {}
    for event in catalog.events:
        for prop, spec in event.properties.items():
            if spec.type not in ("enum", "bool"):
                continue
            words = prop.split("_")
            # "reason", "ticket reason", "message channel", "workout type": the last word with the act's own
            names.setdefault(" ".join(words), prop)
            names.setdefault(words[-1], prop)
            for w in event.name.split("_"):
                names.setdefault(f"{w} {words[-1]}", prop)
    return names


def _key_in(text: str, catalog: Catalog) -> _Key | None:
    """Return the act grouping a question says ("by channel", "of each type", "per day"), if any."""
    day = _DAY.search(text)
    if day:
        return _Key(None, day.start(), day.end())
    aliases = _aliases(catalog)
    prop = re.search(rf"\b{_MARKER}({_alternatives(aliases)})s?\b", text)
    return _Key(aliases[prop.group(1)], prop.start(), prop.end()) if prop else None


def _alternatives(aliases: dict[str, str]) -> str:
    """Return the aliases as one regex alternation, longest first ("ticket reason" before "reason")."""
    return "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))


def groups_acts(text: str, catalog: Catalog) -> bool:
    """Return True when normalised text groups acts by their property or day ("clicks by channel", "daily")."""
    return _key_in(text, catalog) is not None


def _carriers(prop: str, catalog: Catalog) -> list[str]:
    """Return the events that record a property."""
    return [e.name for e in catalog.events if prop in e.properties]


# Reads a trait named at the start of the words: its name and where its words end ("platform and …" → device_os, 8)
TraitAt = Callable[[str], tuple[str, int] | None]


@dataclass(frozen=True)
class _Grouping:
    """One grouping said: the act's day, an act's property (with the trait the same words name, if any), or a
    trait of the people."""

    words: str
    day: bool = False
    prop: str | None = None
    trait: str | None = None
    unit: str = _DAY_KEY  # of a calendar grouping: "day" or "week"


_GROUP_START = re.compile(rf"\b{_MARKER}")
# "by channel and by day", "per country & source", "by reason, platform": a grouping after another
_GROUP_JOIN = re.compile(rf"\s*(?:,\s*(?:and\s+)?|&\s*|\band\s+)((?:{_MARKER})?)")
_DAY_WORDS = re.compile(r"(?:calendar\s+)?(?:day|date|week)\b(?:\s+of\b)?")
_DAY_ALONE = re.compile(r"\b(?:daily|day[- ]by[- ]day|week[- ]by[- ]week)\b")


def _unit(words: str) -> str:
    """Return the calendar unit words group by: "week" when they say it, else "day"."""
    return "week" if "week" in words else _DAY_KEY


def _grouping_at(
    text: str, said: int, pos: int, aliases: dict[str, str], trait_at: TraitAt
) -> tuple[_Grouping, int] | None:
    """Return the grouping whose words start at `pos` (its marker at `said`) and where they end, or None."""
    day = _DAY_WORDS.match(text, pos)
    prop = re.compile(rf"({_alternatives(aliases)})s?\b").match(text, pos)
    trait = trait_at(text[pos:])
    if day:
        return _Grouping(text[said : day.end()].strip(), day=True, unit=_unit(day.group(0))), day.end()
    if prop:
        named = _Grouping(text[said : prop.end()].strip(), prop=aliases[prop.group(1)], trait=trait[0] if trait else None)
        return named, prop.end()
    if trait:
        return _Grouping(text[said : pos + trait[1]].strip(), trait=trait[0]), pos + trait[1]
    return None


def _groupings(text: str, catalog: Catalog, trait_at: TraitAt) -> tuple[list[_Grouping], str]:
    """Return every grouping the text says ("by channel and by day", "per day by platform", "by reason and
    country") and the text without their words; a word after "and" that names no grouping stays ("by country
    and at risk")."""
    aliases = _aliases(catalog)
    found: list[_Grouping] = []
    for alone in reversed(list(_DAY_ALONE.finditer(text))):
        found.append(_Grouping(alone.group(0), day=True, unit=_unit(alone.group(0))))
        text = text[: alone.start()] + " " + text[alone.end() :]
    pos = 0
    while (start := _GROUP_START.search(text, pos)) is not None:
        item = _grouping_at(text, start.start(), start.end(), aliases, trait_at)
        if item is None:
            pos = start.end()
            continue
        run, end = [item[0]], item[1]
        while (joint := _GROUP_JOIN.match(text, end)) and (
            more := _grouping_at(text, joint.start(1), joint.end(), aliases, trait_at)
        ):
            run.append(more[0])
            end = more[1]
        found += [g for g in run if g not in found]
        text = text[: start.start()] + " " + text[end:]
        pos = start.start() + 1
    return found, text


def _grouped_acts(
    act: EventCondition, keys: list[_Grouping], people: Condition | None, count_people: bool, traits: list[str]
) -> exp.Select:
    """Return SELECT keys, [traits,] SUM(acts) | COUNT(people) FROM user_traits JOIN <acts per user and keys>
    GROUP BY keys[, traits]."""
    values: list[tuple[str, exp.Expr]] = [
        (key.unit, exp.cast(_calendar_key(key.unit), exp.DataType.build("DATE")))
        if key.day
        else (str(key.prop), property_value(str(key.prop), None))
        for key in keys
    ]
    per_user = event_counts(act, CompileContext(as_of=data_end()), where="question")
    per_user.set(
        "expressions",
        [exp.column("user_id"), *(exp.alias_(v, name) for name, v in values), *per_user.expressions[1:]],
    )
    per_user.set("group", exp.Group(expressions=[exp.column("user_id"), *(v.copy() for _, v in values)]))
    counts = exp.Subquery(this=per_user, alias=exp.TableAlias(this=exp.to_identifier(_COUNTS)))
    total: exp.Expr = (
        exp.alias_(exp.Count(this=exp.Star()), "users")
        if count_people
        else exp.alias_(exp.Sum(this=exp.column(COUNT_COLUMN, table=_COUNTS)), act.event)
    )
    columns = [*(exp.column(name, table=_COUNTS) for name, _ in values), *(exp.column(t) for t in traits)]
    select = exp.select(*columns, total).from_("user_traits").join(counts, using=["user_id"], join_type="inner")
    return audience_filter(select, people).group_by(*(c.copy() for c in columns)).order_by(*(c.copy() for c in columns))


def _calendar_key(unit: str) -> exp.Expr:
    """Return the act's calendar day, or the Monday of its week."""
    if unit == "week":
        return exp.func("date_trunc", exp.Literal.string("week"), exp.column("event_time"))
    return exp.column("event_time")


def _foreign_refusal(foreign: list[_Grouping], act: str, catalog: Catalog) -> Refusal:
    """Refuse a grouping by a property the counted act does not record ("workouts by plan")."""
    said = [g.words.strip() for g in foreign]
    why = "; ".join(f"'{g.words.strip()}' is recorded by {', '.join(_carriers(str(g.prop), catalog))}" for g in foreign)
    own = sorted(catalog.event(act).properties) or ["none"]
    return Refusal(
        reason=(
            f"I could not express: {', '.join(repr(s) for s in said)} ({why}, not by {act}, which records "
            f"{', '.join(own)}; a trait of the people, such as platform or country, groups any act)."
        ),
        unmatched_phrases=said,
        suggestions=[f"{act.replace('_', ' ')} by {p.replace('_', ' ')}" for p in own if p != "none"]
        + [f"{act.replace('_', ' ')} by platform"],
    )


def act_breakdown(
    text: str,
    catalog: Catalog,
    read: Reader,
    counts_people: Callable[[str], bool],
    trait_at: TraitAt,
) -> exp.Select | Refusal | None:
    """Return the count of the question's act grouped by its properties or day (and any trait said beside); a
    refusal when a grouping is an act's and no act that records it is counted; None when the question groups
    no act (a trait's name, "by workout type" of app opens, groups people)."""
    # "daily active users", "DAU": people who opened the app, each day (an "active" user is otherwise a payer)
    text = DAILY_ACTIVE.sub("how many users opened the app per day", text)
    groupings, rest = _groupings(text, catalog, trait_at)
    act_keys = [g for g in groupings if g.day or g.prop]
    if not act_keys or _OTHER_MEASURE.search(text):
        return None
    counting = _COUNT_WORDS.search(rest)
    count_people = counting is not None and counts_people(rest[counting.end() :])
    cond, refusal = read(_COUNT_WORDS.sub(" ", rest))
    counted = None if refusal else counted_act(cond)
    if counted is not None:
        act, people = counted
        recorded = catalog.event(act.event).properties
        keys = [g for g in groupings if g.day or g.prop in recorded]
        traits = [str(g.trait) for g in groupings if g not in keys and g.trait]
        foreign = [g for g in groupings if g not in keys and not g.trait]
        if foreign:
            return _foreign_refusal(foreign, act.event, catalog)
        # no key of the act's own: a trait's name groups people ("app opens by workout type")
        return _grouped_acts(act, keys, people, count_people, list(dict.fromkeys(traits))) if keys else None
    if all(g.trait for g in act_keys if not g.day) and not any(g.day for g in act_keys):
        return None
    if all(g.day and g.unit == "week" for g in act_keys):
        return None  # "signed up each week" groups people by their signup week (`question_cohorts`), not acts
    if refusal is not None:
        return refusal
    key = next(g for g in act_keys if not g.trait or g.day)
    said = key.words.strip()
    named = sorted({c.event for c in and_leaves(cond) if isinstance(c, EventCondition)})
    why = (
        f"it groups one act at a time, and the question names {len(named)}: {', '.join(named)}; ask for each"
        if len(named) > 1
        else f"it groups acts by their {key.prop}, and the question counts none of the acts that record it: "
        f"{', '.join(_carriers(key.prop, catalog))}"
        if key.prop
        else f"it groups acts by the {key.unit} they happened, and the question counts no act"
    )
    return Refusal(
        reason=f"I could not express: '{said}' ({why}).",
        unmatched_phrases=[said],
        suggestions=[
            "how many messages were sent in the last 7 days by channel",
            "how many support tickets were created in the last 30 days by reason",
            "how many workouts were completed per day in the last 14 days",
        ],
    )


def ranked_acts(
    group_text: str,
    measure_text: str,
    desc: bool,
    limit: int,
    catalog: Catalog,
    read: Reader,
    counts_people: Callable[[str], bool],
) -> exp.Select | Refusal | None:
    """Return an act's property values ranked by how often the act happened ("which channel gets the most
    clicks", "top 2 ticket reasons by tickets created last week"), or None when the grouping is no act's."""
    words = re.sub(r"s\b", "", group_text.strip())  # "channels", "ticket reasons"
    if _key_in(f"by {words}", catalog) is None:
        return None
    counted = act_breakdown(f"how many {measure_text} by {words}", catalog, read, counts_people, lambda _: None)
    if not isinstance(counted, exp.Select):
        return counted
    key, value = (e.alias_or_name for e in counted.expressions[:2])
    order = [exp.Ordered(this=exp.column(value), desc=desc), exp.column(key)]
    # a ranking names values: acts that recorded none are not one of them
    kept = counted.where(exp.Not(this=exp.Is(this=exp.column(key, table=_COUNTS), expression=exp.Null())))
    return kept.order_by(*order, append=False).limit(limit)


def most_common(
    words: str, desc: bool, limit: int, catalog: Catalog, read: Reader, counts_people: Callable[[str], bool]
) -> exp.Select | Refusal | None:
    """Return "top 3 ticket reasons in the last 30 days": the values of a property only one act records, ranked
    by how often that act happened; None when the words start with no such property."""
    aliases = _aliases(catalog)
    named = re.match(rf"\s*(?:the\s+)?({_alternatives(aliases)})s?\b", words)
    if named is None:
        return None
    prop = aliases[named.group(1)]
    acts = [e for e in catalog.events if prop in e.properties]
    # "the most popular workout type": the thing the property is of ("workouts") is one act's own plural noun
    # (`workout_completed` is "workouts"; a started or saved one is not), so that act ranks it
    noun = f"{named.group(1).split()[0]}s"
    own = [e for e in acts if noun in e.synonyms] if len(named.group(1).split()) > 1 else []
    if len(own) == 1:
        # the plural noun is read as that act (its first synonym, "completed a workout", as the count trait)
        return ranked_acts(named.group(1), f"{noun} {words[named.end() :]}", desc, limit, catalog, read, counts_people)
    if len(acts) > 1:
        # "top 3 channels": by messages sent, delivered, opened or clicked? the question must say
        return Refusal(
            reason=(
                f"I could not express: '{named.group(0).strip()}' (its {prop} is recorded by several acts: "
                f"{', '.join(e.name for e in acts)}; say which ranks it)."
            ),
            unmatched_phrases=[named.group(0).strip()],
            suggestions=[f"top 3 {named.group(1)}s by {e.name.replace('_', ' ')} in the last 30 days" for e in acts],
        )
    if not acts or not acts[0].synonyms:
        return None
    act_words = acts[0].synonyms[0]  # a phrase the reader takes as the act ("opened a ticket")
    return ranked_acts(named.group(1), f"{act_words} {words[named.end() :]}", desc, limit, catalog, read, counts_people)
