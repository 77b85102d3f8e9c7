"""Count people who did acts in order: "how many users subscribed within 7 days of starting a trial", "how many
users started a trial and then subscribed within a week", "how many users viewed pricing, then compared plans, then
started checkout".

"Within 7 days" here is the time between the two acts, not the last 7 days: read as a window it counted people
who did both recently; and "then" says an order, which read as "and" counted people who did the acts in any order.
Each person's first time doing the first act starts their clock; each next act counts from the first time it
follows the one before (so someone who did the acts in the order said, at any times, counts); a time said is the
most the last act may follow the one before it. The answer gives how many did the first act (`of_users`), how many
of them went on through every act in order (`users`) and the share. A period said of the first act ("started a
trial in October") bounds when it happened; one said after the last act alone ("… then started checkout in
October") bounds every act of the sequence. A count trait's words ("viewed pricing") are its event here. When
either side is no act with a time (a trial's end is a day count, not an event), the question is refused saying so
rather than answered as a recent window; a time after signing up is each person's first days
(`question_first_days`).
"""

from __future__ import annotations

import re

from sqlglot import exp

from agent.catalog_planner.former_states import past_state
from agent.catalog_planner.question_cohorts import group_key, keeps_cohorts
from agent.catalog_planner.question_events import counted_act, counts_as_act
from agent.catalog_planner.question_shares import Reader
from agent.catalog_planner.question_sql import audience_filter, data_end
from agent.types import Refusal
from orchestrator.compile.context import CompileContext
from orchestrator.compile.event_condition import event_counts
from orchestrator.spec import AllOf, Condition, EventCondition, TraitCondition
from warehouse.catalog import Catalog

_AMOUNT = r"(?P<n>\d+|an?|one|two|three|four|five|six|seven)\s+(?P<unit>hours?|days?|weeks?|months?)"
_PEOPLE = r"\b(?:users|people|customers|members)\b"
# "<second> within 7 days of|after <first>"
_OF = re.compile(rf"^(?P<head>.*?{_PEOPLE})\s+(?:who\s+)?(?P<second>.+?)\s+within\s+{_AMOUNT}\s+"
                 r"(?:of|after|from)\s+(?P<first>.+)$")
# "<first>, then <second>[, then <third>] [within 7 days]", "<first> and then <second> within a week of that"
_CHAIN = re.compile(rf"^(?P<head>.*?{_PEOPLE})\s+(?:who\s+)?(?:first\s+)?(?P<acts>.+?)"
                    rf"(?:\s+within\s+{_AMOUNT}(?:\s+(?:of|after)\s+(?:that|it|them))?)?$")
# "<second> after <first>" ("subscribed after viewing pricing"), "<first> before <second>": an order with no time
_AFTER = re.compile(rf"^(?P<head>.*?{_PEOPLE})\s+(?:who\s+)?(?P<second>.+?)\s+(?:only\s+)?after\s+(?:first\s+)?(?P<first>.+)$")
_BEFORE = re.compile(rf"^(?P<head>.*?{_PEOPLE})\s+(?:who\s+)?(?P<first>.+?)\s+before\s+(?P<second>.+)$")
# "users who <first> <second> within 2 days": the people's own act, then the one said within a time of it
_WHO_WITHIN = re.compile(rf"^(?P<head>.*?{_PEOPLE})\s+who\s+(?P<acts>.+?)\s+within\s+{_AMOUNT}$")
_THEN = re.compile(r",?\s+(?:and\s+)?(?:then|after that|afterwards|later|followed by)\s+")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_HOURS = {"hour": 1, "day": 24, "week": 24 * 7, "month": 24 * 30}  # a month as the catalog's 30 days
_FIRST_AT = "first_at"
_HEAD_WORDS = re.compile(r"^\s*(?:how many|number of|count of|count)\b|\b(?:users|people|customers|members)\b")


def _hours(m: re.Match[str]) -> int | None:
    if m["n"] is None:
        return None
    n = int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"]]
    return n * _HOURS[m["unit"].rstrip("s")]


def _act(words: str, read: Reader, counted_by: dict[str, str], catalog: Catalog) -> EventCondition | None:
    """Return the one act the words name, at least as many times as they say ("starting a trial", "completed
    two workouts"; "viewed pricing" is the event its count trait counts), else None."""
    cond, refusal = read(words)
    if refusal is not None:
        return None
    if isinstance(cond, TraitCondition) and cond.trait in counted_by and isinstance(cond.value, int) and (
        (cond.op == "gte" and cond.value >= 1) or (cond.op == "gt" and cond.value >= 0)
    ):
        return EventCondition(event=counted_by[cond.trait], count=cond.value + (cond.op == "gt"))
    if isinstance(cond, EventCondition) and cond.op == "gte" and cond.count >= 1:
        return cond
    if isinstance(cond, TraitCondition) and cond.op == "eq":
        # "cancelled within 30 days of subscribing": the state said is the act that puts people in it
        return past_state(cond, catalog)
    counted = counted_act(cond)
    return counted[0] if counted is not None and counted[1] is None else None


def _with_people(words: str, read: Reader, counted_by: dict[str, str]) -> tuple[EventCondition, Condition] | None:
    """Return the act and the people said beside it ("started checkout on iOS"), else None."""
    cond, refusal = read(words)
    counted = counted_act(counts_as_act(cond, counted_by)) if refusal is None else None
    return (counted[0], counted[1]) if counted is not None and counted[1] is not None else None


def _ctx() -> CompileContext:
    return CompileContext(as_of=data_end())


def _step(act: EventCondition, before: exp.Select | None, hours: int | None) -> exp.Select:
    """Return each person's time of doing `act` the times it says (the first, or the nth), at or after their time
    in `before` when given (within `hours` of it): `SELECT user_id, first_at`."""
    where = event_counts(act, _ctx(), where="question").args["where"].this
    at = exp.column("event_time", table="fct_events")
    user = exp.column("user_id", table="fct_events")
    rows = exp.select().from_("fct_events").where(where)
    if before is not None:
        started = exp.column(_FIRST_AT, table="p")
        after: exp.Expr = exp.GTE(this=at.copy(), expression=started.copy())
        if hours is not None:
            until = exp.Add(this=started.copy(),
                            expression=exp.Interval(this=exp.Literal.string(str(hours)), unit=exp.var("HOUR")))
            after = exp.and_(after, exp.LTE(this=at.copy(), expression=until))
        rows = rows.join(exp.Subquery(this=before, alias=exp.TableAlias(this=exp.to_identifier("p"))),
                         on=user.copy().eq(exp.column("user_id", table="p"))).where(after)
    if act.count == 1:
        return rows.select(user.copy(), exp.alias_(exp.Min(this=at.copy()), _FIRST_AT)).group_by(user.copy())
    # "after completing two workouts": the time of the second
    nth = exp.Window(this=exp.RowNumber(), partition_by=[user.copy()], order=exp.Order(expressions=[exp.Ordered(this=at.copy())]))
    ranked = rows.select(exp.alias_(user.copy(), "user_id"), exp.alias_(at.copy(), _FIRST_AT), exp.alias_(nth, "nth"))
    return (exp.select("user_id", _FIRST_AT).from_(exp.Subquery(this=ranked, alias=exp.TableAlias(this=exp.to_identifier("o"))))
            .where(exp.column("nth").eq(exp.Literal.number(act.count))))


def _in_order(acts: list[EventCondition], hours: int | None) -> exp.Select:
    """Return the user ids of the people who did the acts in order, the last within `hours` of the one before."""
    step = _step(acts[0], None, None)
    for i, act in enumerate(acts[1:], start=2):
        step = _step(act, step, hours if i == len(acts) else None)
    return exp.select("user_id").from_(exp.Subquery(this=step, alias=exp.TableAlias(this=exp.to_identifier("s"))))


def _one_period(acts: list[EventCondition]) -> list[EventCondition]:
    """Return the acts with a window said after the last one alone laid on every one ("… then started checkout
    in October": the sequence happened in October)."""
    *before, last = acts
    if last.within_days is None or any(a.within_days is not None for a in before):
        return acts
    return [a.model_copy(update={"within_days": last.within_days}) for a in before] + [last]


_PRONOUN = re.compile(r"\b(?:one|1|it|them|that one)\s*$")  # "one" is read as "1" before


def _same_object(acts: list[EventCondition], words: list[str]) -> list[EventCondition]:
    """Return the acts with one said of a pronoun ("opened an email, then clicked one") keeping the filters of
    the act before it (the email's channel)."""
    kept = acts[:1]
    for act, said in zip(acts[1:], words[1:], strict=True):
        before = kept[-1]
        if _PRONOUN.search(said) and not act.where and before.where:
            act = act.model_copy(update={"where": [f.model_copy() for f in before.where]})
        kept.append(act)
    return kept


def _refused(unread: str) -> Refusal:
    return Refusal(
        reason=(f"I could not express: '{unread.strip()}' (the time between two acts is counted from an act "
                "with a time, and these words name none the catalog records as an event; a trial's end, for one, "
                "is a day count)."),
        unmatched_phrases=[unread.strip()],
        suggestions=["how many users subscribed within 7 days of starting a trial"],
    )


def _said_acts(text: str) -> tuple[str, list[str], int | None] | None:
    """Return the people's words, each act's words in order, and the hours the last may follow the one before."""
    of = _OF.match(text)
    if of is not None:
        return of["head"], [of["first"], of["second"]], _hours(of)
    chain = _CHAIN.match(text)
    acts = _THEN.split(chain["acts"]) if chain is not None else []
    if chain is not None and len(acts) >= 2:
        return chain["head"], acts, _hours(chain)
    order = _AFTER.match(text) or _BEFORE.match(text)
    return (order["head"], [order["first"], order["second"]], None) if order is not None else None


def _two_acts_within(
    text: str, read: Reader, counted_by: dict[str, str], catalog: Catalog
) -> tuple[str, list[str], int | None] | None:
    """Return "users who viewed pricing started checkout within 2 days" as its people, the two acts (split where
    each side reads as one act) and the hours between them, else None (read as the last 2 days, the people who
    did the second act lately were counted, whenever they did the first)."""
    m = _WHO_WITHIN.match(text)
    if m is None:
        return None
    words = m["acts"].split()
    # the longest first act: "completed a workout in the last 30 days | opened the app" keeps its window
    for cut in range(len(words) - 1, 0, -1):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        if _act(first, read, counted_by, catalog) is not None and _act(second, read, counted_by, catalog) is not None:
            return m["head"], [first, second], _hours(m)
    return None


def act_gap(
    text: str, read: Reader, counted_by: dict[str, str], groups: list[str], catalog: Catalog
) -> exp.Select | Refusal | None:
    """Return the count of people who did acts in order (one within a time of another, or one then another), a
    refusal when the words say such a time but an act cannot be read with one, or None when the question says
    no order of acts. `counted_by`: the event each count trait counts; `groups`: the traits answered apart."""
    said = _said_acts(text) or _two_acts_within(text, read, counted_by, catalog)
    if said is None:
        return None
    head, words, hours = said
    acts = [_act(w, read, counted_by, catalog) for w in words]
    # "… then started checkout on iOS", "users on web viewed pricing then …": people said inside an act's words
    beside: list[Condition] = []
    for i, w in enumerate(words):
        with_people = _with_people(w, read, counted_by) if acts[i] is None else None
        if with_people is not None:
            acts[i] = with_people[0]
            beside.append(with_people[1])
    unread = next((w for w, a in zip(words, acts, strict=True) if a is None), None)
    if unread is not None:
        # "then" alone may join two clauses of one audience ("trial users on iOS, then Android"): only a time
        # between acts is refused here
        return _refused(unread) if hours is not None else None
    people, refusal = read(_HEAD_WORDS.sub(" ", head))
    if refusal is not None:
        return refusal
    whom = [c for c in (people, *beside) if c is not None]
    people = whom[0] if len(whom) == 1 else AllOf(conditions=whom) if whom else None
    done = _same_object([a for a in acts if a is not None], words)
    done = _one_period(done) if hours is None or len(done) > 2 else done
    did_all = exp.column("user_id").isin(_in_order(done, hours))
    flag = exp.Case(ifs=[exp.If(this=did_all, true=exp.Literal.number(1))], default=exp.Literal.number(0))
    starters = exp.select("user_id").from_(exp.Subquery(this=_step(done[0], None, None),
                                                        alias=exp.TableAlias(this=exp.to_identifier("f"))))
    select = (exp.select(*(group_key(g) for g in groups), exp.alias_(exp.Count(this=exp.Star()), "of_users"),
                         exp.alias_(exp.Sum(this=flag), "users"),
                         exp.alias_(exp.Round(this=exp.Avg(this=flag.copy()), decimals=exp.Literal.number(4)), "share"))
              .from_("user_traits").where(exp.column("user_id").isin(starters)))
    if groups:
        keys = [exp.column(g) for g in groups]
        select = keeps_cohorts(select, groups).group_by(*keys).order_by(*(k.copy() for k in keys))
    return audience_filter(select, people)
