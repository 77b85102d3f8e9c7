"""Group a count of acts by what each act carries: "messages sent by channel", "tickets by reason", "workouts of
each type", "app opens per day".

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
# "per day", "on each day of the last week", "daily", "day by day": the act's calendar day
_DAY = re.compile(rf"\b(?:{_MARKER}(?:calendar\s+)?(?:day|date)(?:\s+of\b)?|daily|day[- ]by[- ]day)\b")
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


def _grouped_acts(
    act: EventCondition, key: _Key, people: Condition | None, count_people: bool, traits: list[str]
) -> exp.Select:
    """Return SELECT key, [traits,] SUM(acts) | COUNT(people) FROM user_traits JOIN <acts per user and key>
    GROUP BY key[, traits]."""
    name = key.prop or _DAY_KEY
    value: exp.Expr = (
        exp.cast(exp.column("event_time"), exp.DataType.build("DATE"))
        if key.prop is None
        else property_value(key.prop, None)
    )
    per_user = event_counts(act, CompileContext(as_of=data_end()), where="question")
    per_user.set("expressions", [exp.column("user_id"), exp.alias_(value, name), *per_user.expressions[1:]])
    per_user.set("group", exp.Group(expressions=[exp.column("user_id"), value.copy()]))
    counts = exp.Subquery(this=per_user, alias=exp.TableAlias(this=exp.to_identifier(_COUNTS)))
    total: exp.Expr = (
        exp.alias_(exp.Count(this=exp.Star()), "users")
        if count_people
        else exp.alias_(exp.Sum(this=exp.column(COUNT_COLUMN, table=_COUNTS)), act.event)
    )
    keys = [exp.column(name, table=_COUNTS), *(exp.column(t) for t in traits)]
    select = exp.select(*keys, total).from_("user_traits").join(counts, using=["user_id"], join_type="inner")
    return audience_filter(select, people).group_by(*(k.copy() for k in keys)).order_by(*(k.copy() for k in keys))


# "… per day by platform": a trait said beside the act's key groups the people too
_TRAIT_GROUP = re.compile(r"\b(?:by|per|across|(?:for|in) each)\s+(?:the\s+)?([a-z_]+(?:\s+[a-z_]+)?)")


def _beside_traits(rest: str, trait_of: Callable[[str], str | None]) -> tuple[list[str], str]:
    """Return the traits a second grouping names ("by platform") and the words without it."""
    traits: list[str] = []
    for m in reversed(list(_TRAIT_GROUP.finditer(rest))):
        trait = trait_of(m.group(1).split()[0]) or trait_of(m.group(1))
        if trait is not None and trait not in traits:
            traits.insert(0, trait)
            words = m.group(1).split()
            # cut the marker and the trait's own words ("by platform", "per country"), keeping what follows
            cut = m.end() if trait_of(words[0]) is None else m.start(1) + len(words[0])
            rest = rest[: m.start()] + " " + rest[cut:]
    return traits, rest


def act_breakdown(
    text: str,
    catalog: Catalog,
    read: Reader,
    counts_people: Callable[[str], bool],
    trait_of: Callable[[str], str | None],
) -> exp.Select | Refusal | None:
    """Return the count of the question's act grouped by its property or day; a refusal when the grouping is
    an act's and no act that records it is counted; None when the question groups no act (a trait's name, "by
    workout type" of app opens, groups people)."""
    # "daily active users", "DAU": people who opened the app, each day (an "active" user is otherwise a payer)
    text = DAILY_ACTIVE.sub("how many users opened the app per day", text)
    key = _key_in(text, catalog)
    if key is None or _OTHER_MEASURE.search(text):
        return None
    traits, rest = _beside_traits(text[: key.start] + " " + text[key.end :], trait_of)
    counting = _COUNT_WORDS.search(rest)
    count_people = counting is not None and counts_people(rest[counting.end() :])
    cond, refusal = read(_COUNT_WORDS.sub(" ", rest))
    counted = None if refusal else counted_act(cond)
    said = text[key.start : key.end].strip()
    if counted is not None and (key.prop is None or key.prop in catalog.event(counted[0].event).properties):
        act, people = counted
        return _grouped_acts(act, key, people, count_people, traits)
    if key.prop is not None and trait_of(said) is not None:
        return None
    if refusal is not None:
        return refusal
    named = sorted({c.event for c in and_leaves(cond) if isinstance(c, EventCondition)})
    why = (
        f"it groups one act at a time, and the question names {len(named)}: {', '.join(named)}; ask for each"
        if len(named) > 1
        else f"it groups acts by their {key.prop}, and the question counts none of the acts that record it: "
        f"{', '.join(_carriers(key.prop, catalog))}"
        if key.prop
        else "it groups acts by the day they happened, and the question counts no act"
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
