"""Parse condition phrases ("completed 3 workouts in the last week, not on iOS, no open tickets") into
spec conditions, and name every phrase that maps to nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.catalog_planner.average_nouns import read_average_nouns
from agent.catalog_planner.bool_states import names_a_channel, settle_bool_states
from agent.catalog_planner.bound_pairs import share_bound_tail
from agent.catalog_planner.clause_shapes import (
    detach_relative,
    frames_a_value,
    missing_value_suggestions,
    nth_in_window,
    take_lacked_places,
)
from agent.catalog_planner.countdown_words import expiry_as_end
from agent.catalog_planner.definitions import defined_by, split_defining_clause
from agent.catalog_planner.elided_subjects import (
    counted_subject,
    same_object,
    with_pronoun_object,
    with_subject,
)
from agent.catalog_planner.former_states import replaced_by
from agent.catalog_planner.lexicon import NEGATIVE_POLARITY, POSITIVE_POLARITY, Lexicon, Match
from agent.catalog_planner.logic import all_of, any_of, condition_names, excluded_alongside, merge_same_trait
from agent.catalog_planner.mentions import (
    Mention,
    act_not_counted,
    attach_negations,
    attach_quantities,
    drop_head_nouns,
    drop_verbs_of_other_things,
    one_per_entry,
    resolve,
    window_for,
)
from agent.catalog_planner.origin_acts import split_origin_acts
from agent.catalog_planner.people_idioms import read_people_idioms
from agent.catalog_planner.pronoun_counts import PronounCount, resolve_pronoun_count
from agent.catalog_planner.property_measures import (
    about_an_average,
    hours_as_minutes,
    length_filters,
    take_lengths,
)
from agent.catalog_planner.property_people import property_of_people, recorded_on
from agent.catalog_planner.quantities import (
    Quantity,
    TimeWindow,
    extract_quantities,
    extract_ranks,
    extract_window,
    relative_day_bound,
)
from agent.catalog_planner.score_words import read_score_words
from agent.catalog_planner.state_durations import read_state_durations
from agent.catalog_planner.text import normalize, tokenize
from agent.catalog_planner.unread import read_as_context, unread_indices, unread_words
from agent.catalog_planner.window_traits import window_names_a_trait
from orchestrator.spec import AllOf, AnyOf, Condition, EventCondition, PropertyFilter, Scalar, TraitCondition
from warehouse.catalog import Catalog, TraitSpec

# "3 or more", "5 and up" are comparisons, not alternatives.
_SPLIT = re.compile(
    r"(,|;|\band\b(?!\s+(?:up|above|below|under)\b)|\bor\b(?!\s+(?:more|fewer|less|above|higher|below|lower)\b(?!\s+than))"
    r"|\bbut\b|&|\bplus\b|\bas well as\b|\balong with\b|\bnor\b)"
)


@dataclass
class ConditionParse:
    """Conditions read from a phrase, the phrases that matched nothing, and the readings chosen."""

    conditions: list[Condition] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    readings: list[str] = field(default_factory=list)
    # Words of clauses that did yield a condition but that no catalog entry took ("credit card" in
    # "credit card expired"); a question refuses on them, a rule tolerates labels and framing words.
    leftover: list[str] = field(default_factory=list)
    bare: list[str] = field(default_factory=list)  # enum traits named without a value
    # Readings the catalog cannot say exactly, for the rule description ("open billing tickets").
    approximations: list[str] = field(default_factory=list)
    # Phrases of clauses that gave conditions which no entry read ("own an apple watch" beside "in Germany").
    unread: list[str] = field(default_factory=list)
    # Unread words before a clause's first catalog phrase: a label's ("send the win-back offer to …"), or, in
    # a phrase known to be all audience, words about the people the catalog cannot say.
    lead: list[str] = field(default_factory=list)

    @property
    def unexpressed(self) -> list[str]:
        """Return every phrase said and not expressed: an audience made of these is broader than asked."""
        return self.unmatched + [u for u in self.unread if u not in self.unmatched]

    @property
    def condition(self) -> Condition | None:
        return all_of(self.conditions)

    def extend(self, other: ConditionParse) -> None:
        self.unmatched += [u for u in other.unmatched if u not in self.unmatched]
        self.suggestions += [s for s in other.suggestions if s not in self.suggestions]
        self.readings += [r for r in other.readings if r not in self.readings]
        self.leftover += [w for w in other.leftover if w not in self.leftover]
        self.approximations += [a for a in other.approximations if a not in self.approximations]
        self.unread += [u for u in other.unread if u not in self.unread]
        self.lead += [u for u in other.lead if u not in self.lead]


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _compare(q: Quantity | None, negated: bool) -> tuple[str, Scalar | list[Scalar]] | None:
    """Return (op, value) for a quantity, inverted when negated; None without a quantity."""
    if q is None:
        return None
    op = "gte" if q.op == "ordinal" else q.op
    value: Scalar | list[Scalar] = (
        [_number(q.value), _number(q.high or q.value)] if op == "between" else _number(q.value)
    )
    if negated and op != "between":
        op = {"eq": "ne", "ne": "eq", "gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt"}[op]
    # "0 open tickets", "zero workouts" (a bare 0 reads "at least 0", which is everyone) and "not a single
    # ticket" (fewer than 1) both mean none; "less than 1 week" is a time, converted to days later.
    if ((op == "gte" and value == 0) or (op == "lt" and value == 1)) and not q.is_time:
        op, value = "eq", 0
    return op, value


_COUNTDOWN = frozenset({"left", "remain", "until", "end", "expir", "due"})
# a days trait that counts from the last time something was done: named bare ("lapsed"), it is a lapse
_RECENCY = re.compile(r"\bdays since the (?:last|latest|most recent)\b", re.IGNORECASE)
LAPSE_DAYS = 14


_GROWS = re.compile(r"\bdays since\b", re.IGNORECASE)


def only_grows(spec: TraitSpec) -> bool:
    """Return True for a days trait nothing the user does resets (`days_since_signup`, days since the first
    identify): unlike a recency, a streak or a countdown, its bound never stops holding once it holds."""
    return spec.unit == "days" and _GROWS.search(spec.description or "") is not None and not counts_since_last(spec)


def counts_since_last(spec: TraitSpec) -> bool:
    """Return True for a days trait counted from the last time something was done (`days_since_last_workout`):
    doing it again resets it, unlike an age that only grows (`days_since_signup`)."""
    return spec.unit == "days" and _RECENCY.search(spec.description or "") is not None


def _trait_condition(
    m: Mention,
    window: TimeWindow | None,
    catalog: Catalog,
    out: ConditionParse,
    countdown: bool = False,
    ago: bool = False,
) -> Condition | None:
    assert m.trait is not None
    spec = catalog.trait(m.trait)
    if m.kind == "value":
        if len(m.values) > 1:
            return TraitCondition(trait=spec.name, op="not_in" if m.negated else "in", value=list(m.values))
        value: Scalar = m.values[0]
        if m.rank and spec.values and value in spec.values:
            # Enum values are listed in order: "at least medium" is medium and everything after it.
            i = spec.values.index(str(value))
            # "below high" leaves out the value itself
            ranked: list[Scalar] = list(
                {"up": spec.values[i:], "down": spec.values[: i + 1], "above": spec.values[i + 1 :]}.get(
                    m.rank, spec.values[:i]
                )
            )
            if len(ranked) > 1:
                return TraitCondition(trait=spec.name, op="not_in" if m.negated else "in", value=ranked)
            if len(ranked) == 1:
                return TraitCondition(trait=spec.name, op="ne" if m.negated else "eq", value=ranked[0])
        return TraitCondition(trait=spec.name, op="ne" if m.negated else "eq", value=value)
    if spec.type == "bool":
        return TraitCondition(trait=spec.name, op="eq", value=(m.negated == m.negative_form))
    if spec.type == "enum":
        if "none" in (spec.values or []):
            return TraitCondition(trait=spec.name, op="eq" if m.negated else "ne", value="none")
        if m.negated:
            # "no preferred workout type": an enum with no `none` value is missing (null) when there is none
            return TraitCondition(trait=spec.name, op="is_null")
        out.unmatched.append(m.match.text)
        out.suggestions += [f"{spec.name} = {v}" for v in spec.values or []]
        out.bare.append(m.match.text)
        return None
    negated = m.negated or m.inner_negation
    cmp = _compare(m.quantity, m.negated)
    if cmp is not None and m.quantity is not None and m.quantity.is_time and spec.unit == "days":
        days = _number(m.quantity.days())
        # "inactive for 2-4 weeks": both ends of a range are in the unit said
        cmp = (cmp[0], days if cmp[0] != "between" else [days, _number(m.quantity.high_days())])
    if cmp is not None and m.quantity is not None and m.quantity.bare and ago and spec.unit == "days" and not m.negated:
        cmp = ("eq", cmp[1])  # "signed up 3 days ago" is that day, as "yesterday" is 1 day ago
    elif cmp is not None and m.quantity is not None and m.quantity.bare and countdown and spec.unit == "days":
        # "2 days left in their trial", "trial ends in 3 days": a countdown reaches the number from above
        cmp = ("gt" if m.negated else "lte", cmp[1])
    if cmp is None and window is not None and spec.unit == "days":
        cmp = relative_day_bound(window, negated)
        out.readings.append(f"'{m.match.text} {window.label}' read as {spec.name} {cmp[0]} {cmp[1]}")
    if cmp is None:
        if negated and (spec.min or 0) > 0:
            # "no CSAT": a measure that cannot be 0 is missing, not zero
            return TraitCondition(trait=spec.name, op="is_null")
        if m.inner_negation and not m.negated and spec.unit == "days" and _NULL_WHEN_NEVER.search(spec.description or ""):
            # "trial users who haven't worked out", no period said: never did it, which the trait keeps as null
            # (at least 1 day since the last one left out everyone who never worked out, and took in anyone who
            # worked out yesterday)
            out.readings.append(f"'{m.match.text}' with no period read as never: {spec.name} is null")
            return TraitCondition(trait=spec.name, op="is_null")
        if m.inner_negation and not m.negated and spec.unit == "days":
            # "hasn't worked out" names days since a workout by its absence: some days, never 0 (today)
            cmp = ("gte", 1)
        elif negated:
            cmp = ("eq", 0)
        elif counts_since_last(spec):
            # "lapsed users", "inactive users": a lapse is longer than a day off (at least 1 was everyone who
            # skipped today); with no number said, the planner's lapse threshold, said in the rule
            cmp = ("gte", LAPSE_DAYS)
            out.approximations.append(
                f"'{m.match.text}' read as {spec.name} >= {LAPSE_DAYS} (no number was said: a lapse is taken as "
                f"{LAPSE_DAYS} days, the span after which the catalog no longer counts a workout as recent; "
                "say a number to change it)"
            )
        elif spec.type == "int":
            cmp = ("gte", 1)
        else:
            out.unmatched.append(m.match.text)
            out.suggestions.append(f"{spec.name} with a number, e.g. '{spec.name.replace('_', ' ')} over 50'")
            return None
    op, val = cmp
    return TraitCondition(trait=spec.name, op=op, value=val)  # type: ignore[arg-type]


_AGO = re.compile(r"\bago\b")
# a days-since trait whose description says it is null for people who never did the act
_NULL_WHEN_NEVER = re.compile(r"\bnull when\b[^.;]*\bnever\b", re.IGNORECASE)


def _before_span(m: Mention, window: TimeWindow | None, filters: list[PropertyFilter]) -> Condition | None:
    """Read "started a trial more than 10 days ago" as done, and not in the last 10 days: the last time was
    before the span (a window ends now, so "over 10 days ago" is not a window of 10 days); "10-14 days ago" is
    one in the last 14 days and none in the 9 days before the 10th."""
    q = m.quantity
    if window is not None or q is None or not q.is_time or q.bare or q.op not in ("gt", "gte", "between"):
        return None  # a bare "3 days ago" stays the window it always was: in the last 3 days
    if m.negated or m.inner_negation:
        return None
    assert m.event is not None
    days = max(1, round(q.days()))
    if q.op == "between":
        # "started a trial 10-14 days ago": one in the last 14 days, none in the 9 before day 10
        latest = EventCondition(event=m.event, op="gte", count=1, within_days=round(q.high_days()), where=filters)
        if days <= 1:
            return latest
        return AllOf(
            conditions=[latest, EventCondition(event=m.event, op="eq", count=0, within_days=days - 1, where=filters)]
        )
    return AllOf(
        conditions=[
            EventCondition(event=m.event, op="gte", count=1, where=filters),
            EventCondition(event=m.event, op="eq", count=0, within_days=days, where=filters),
        ]
    )


def _last_in_span(m: Mention, window: TimeWindow | None, filters: list[PropertyFilter]) -> Condition | None:
    """Read "haven't opened the app in 3 to 6 weeks" as the last time falling in that span: none in the
    first 3 weeks and one in the 6 (read as the first number alone, the span's end was lost)."""
    q = m.quantity
    negated = m.negated or m.inner_negation
    if window is not None or q is None or not q.is_time or q.op != "between" or not negated:
        return None
    assert m.event is not None
    return AllOf(
        conditions=[
            EventCondition(event=m.event, op="eq", count=0, within_days=max(1, round(q.days())), where=filters),
            EventCondition(event=m.event, op="gte", count=1, within_days=round(q.high_days()), where=filters),
        ]
    )


def _event_condition(
    m: Mention, window: TimeWindow | None, filters: list[PropertyFilter], ago: bool = False
) -> Condition:
    assert m.event is not None
    if ago and (before := _before_span(m, window, filters)) is not None:
        return before
    if (span := _last_in_span(m, window, filters)) is not None:
        return span
    within = window_for(m, window)
    cmp = _compare(m.quantity, m.negated or m.inner_negation)
    if cmp is not None and cmp[0] == "between" and isinstance(cmp[1], list):
        low, high = (int(v) for v in cmp[1])
        return AllOf(
            conditions=[
                EventCondition(event=m.event, op="gte", count=low, within_days=within, where=filters),
                EventCondition(event=m.event, op="lte", count=high, within_days=within, where=filters),
            ]
        )
    if cmp is None:
        op, count = ("eq", 0) if (m.negated or m.inner_negation) else ("gte", 1)
    else:
        op, count = cmp[0], int(cmp[1])  # type: ignore[arg-type]
    return EventCondition(event=m.event, op=op, count=count, within_days=within, where=filters)  # type: ignore[arg-type]


def _has_polarity(surface: str) -> bool:
    stems = {t.stem for t in tokenize(surface)}
    return bool(stems & (NEGATIVE_POLARITY | POSITIVE_POLARITY))


def _said_polarity(stems: set[str]) -> bool | None:
    """Return True when a clause says on ("enabled"), False when it says off ("turned off"), None for
    neither or both."""
    off, on = bool(stems & NEGATIVE_POLARITY), bool(stems & POSITIVE_POLARITY)
    return None if off == on else on


def _polarity_filters(event: str, said: bool | None, catalog: Catalog) -> list[PropertyFilter]:
    """Filter an event's boolean property by the clause's on/off words: "turned push off" is
    `push_permission_changed where enabled eq false`."""
    if said is None:
        return []
    props = [name for name, spec in catalog.event(event).properties.items() if spec.type == "bool"]
    return [PropertyFilter(property=props[0], op="eq", value=said)] if len(props) == 1 else []


_OPEN_STATE = re.compile(r"\b(?:not yet|unresolved|open|currently|pending|outstanding)\b", re.IGNORECASE)
_RECENT_DAYS = 30


def _counts_open(trait: str | None, catalog: Catalog) -> bool:
    """Return True for a count of things open now ("created and not yet resolved"), not of all time."""
    return trait is not None and bool(_OPEN_STATE.search(catalog.trait(trait).description or ""))


def _open_with_property(
    m: Mention, where: list[PropertyFilter], catalog: Catalog, out: ConditionParse
) -> Condition:
    """Read "open billing tickets": the catalog keeps no reason on open tickets, so say the closest honest
    thing: the open count holds and such a ticket was created in the last 30 days (negated: either fails)."""
    trait = _trait_condition(m, None, catalog, out)
    event = _event_condition(m, TimeWindow(_RECENT_DAYS, "last 30 days", 0, 0), where)
    said = ", ".join(f"{f.property} {f.value}" for f in where)
    out.approximations.append(
        f"'{m.match.text}' with {said}: the catalog keeps no {said.split()[0]} on {m.trait}, so this is read as "
        f"{m.trait} and a {m.event} event with {said} in the last {_RECENT_DAYS} days"
    )
    if trait is None:
        return event
    return AnyOf(conditions=[trait, event]) if m.negated else AllOf(conditions=[trait, event])


_OWN_DAYS = re.compile(r"\b(?:in|on|over) the (?:last )?\d+ (?:calendar )?days\b")


def _timed(cond: Condition, catalog: Catalog) -> bool:
    """Return True when a condition can carry a window: a windowed event, or a trait counted in days."""
    if isinstance(cond, EventCondition):
        return cond.within_days is not None
    if isinstance(cond, TraitCondition):
        spec = catalog.trait(cond.trait)
        # a count over its own days ("messages in the 7 days before the run time") takes the window as said
        return spec.unit == "days" or bool(_OWN_DAYS.search(spec.description or ""))
    if isinstance(cond, (AllOf, AnyOf)):
        return any(_timed(c, catalog) for c in cond.conditions)
    return False


def parse_clause(
    text: str,
    catalog: Catalog,
    lexicon: Lexicon,
    *,
    states_only: bool = False,
    hints: frozenset[str] = frozenset(),
    keep_window: bool = False,
    read_lengths: bool = True,
) -> ConditionParse:
    """Parse one clause (no 'and'/'or'/commas) of normalised text into conditions; `hints` are the stems
    of the alternatives around it, which settle a value several traits share ("medium or high intent")."""
    out = ConditionParse()
    said_text = text
    # "a workout longer than 40 minutes": a length filters the event, before "40 minutes" can read as a time
    text, lengths = take_lengths(text) if read_lengths and not about_an_average(text) else (hours_as_minutes(text), [])
    window, rest = extract_window(text)
    windowed_traits = set() if window is None or keep_window else window_names_a_trait(text, catalog)
    if windowed_traits:
        window, rest = None, text  # "messages this week" is the catalog's weekly count, not a windowed event
    ranks, rest = extract_ranks(rest, _ordered_values(catalog))
    said_numbers = rest
    quantities, rest = extract_quantities(rest)
    # Property values ("billing") are set aside so they do not split the synonym around them
    # ("open billing tickets" reads "open tickets" filtered on billing).
    all_tokens = tokenize(rest)
    props = [lexicon.property_only(t) or lexicon.property_between(all_tokens, i) for i, t in enumerate(all_tokens)]
    tokens = [t for t, p in zip(all_tokens, props, strict=True) if not p]
    matches = lexicon.match(tokens)
    mentions, ambiguous = resolve(tokens, matches, catalog, lexicon, hints, windowed=window is not None)
    mentions = drop_verbs_of_other_things(drop_head_nouns(mentions, tokens), tokens)
    mentions, own_acts = split_origin_acts(mentions, tokens, catalog)
    for act in own_acts:
        # "users who refer a friend": not where they came from (`utm_source = referral`), and not recorded
        out.unmatched.append(act.match.text)
        out.suggestions.append(f"{act.trait} = {act.values[0]} (how a user arrived, not what they do)")
    mentions += [
        Mention("property", Match(0, 0, p, t.text), alternatives=p)
        for t, p in zip(all_tokens, props, strict=True)
        if p
    ]
    for amb in ambiguous:
        out.unmatched.append(amb.phrase)
        out.suggestions += amb.options
    if states_only:
        mentions = [
            m
            for m in mentions
            if m.kind == "value"
            or (m.kind == "trait" and catalog.trait(m.trait or "").type == "bool" and not names_a_channel(m))
        ]
    mentions = settle_bool_states(mentions, text, all_tokens, window, catalog)
    if windowed_traits:
        # "were sent no messages this week": the weekly count is of that event, which it already says
        counted_by = " ".join(catalog.trait(t).description or "" for t in windowed_traits)
        mentions = [
            m
            for m in mentions
            if not (m.kind in ("event", "count") and m.event and re.search(rf"\b{m.event}\b", counted_by))
        ]
    events = {m.event for m in mentions if m.kind in ("count", "event")}
    filters: dict[str, list[PropertyFilter]] = {}
    unused_props: set[str] = set()  # "annual" beside no event that has a plan: said, and read by nothing
    for m in list(mentions):
        for alt in m.alternatives:
            if alt.name in events and alt.prop is not None:
                filters.setdefault(alt.name, []).append(
                    PropertyFilter(property=alt.prop, op="eq", value=str(alt.value))
                )
                if m in mentions:
                    mentions.remove(m)
        if m.kind == "property" and m in mentions:
            mentions.remove(m)
            if not any(alt.name in events for alt in m.alternatives):
                unused_props.add(m.match.text)
    for phrase, entries in property_of_people(all_tokens, props, unused_props, mentions, tokens):
        # "annual subscribers": no current plan is recorded; dropping "annual" would widen the audience
        out.unmatched.append(phrase)
        out.suggestions.append(recorded_on(entries))
    if lengths:
        by_event = length_filters(lengths, {e for e in events if e}, catalog)
        if not by_event:  # "whose average workout is longer than 40 minutes": a trait's value, read as one
            return parse_clause(said_text, catalog, lexicon, states_only=states_only, hints=hints,
                                keep_window=keep_window, read_lengths=False)
        for measured, length_said in by_event.items():
            filters.setdefault(measured, []).extend(length_said)
    for m in mentions:
        m.rank = ranks.get(m.match.text.split()[-1]) if m.kind == "value" else None
    untaken = [q for q in attach_quantities(mentions, quantities, tokens, catalog) if not q.ordinal]  # "… first" ranks
    in_matches = {i for match in matches for i in range(match.first, match.last + 1)}
    unplaced = attach_negations(mentions, tokens, unread_indices(tokens, matches), in_matches)
    clause_stems = {t.stem for t in all_tokens}
    polarity = _said_polarity(clause_stems)
    for m in mentions:
        if polarity is not None and m.kind == "trait" and not _has_polarity(m.match.text):
            # "push turned off", "notifications on": the clause's on/off word sets a boolean trait
            m.negative_form = not polarity
    mentions = one_per_entry(mentions)
    for m in mentions:
        if (
            m.kind == "event"
            and m.event in lexicon.event_to_trait
            and window is None
            and not filters.get(m.event)
            # "never opened a ticket" is no ticket ever, not none open now
            and not act_not_counted(tokens[m.match.first], catalog.trait(lexicon.event_to_trait[m.event]).description or "")
        ):
            m.kind, m.trait = "count", lexicon.event_to_trait[m.event]
        if m.kind in ("count", "event") and m.event is not None:
            time_number = m.quantity is not None and m.quantity.is_time
            use_event = m.kind == "event" or window is not None or time_number or bool(filters.get(m.event))
            if use_event:
                where = filters.get(m.event) or _polarity_filters(m.event, polarity, catalog)
                if (
                    m.kind == "count"
                    and not window
                    and not time_number
                    and _OPEN_STATE.search(text)
                    and _counts_open(m.trait, catalog)
                ):
                    out.conditions.append(_open_with_property(m, where, catalog, out))
                    continue
                event = _event_condition(m, window, where, ago=bool(_AGO.search(text)))
                out.conditions.append(nth_in_window(m, window, event, lexicon, out.approximations))
                continue
        if window is None and frames_a_value(m, mentions, tokens, catalog):
            continue  # "signed up via TikTok": the value is the condition
        cond = _trait_condition(m, window, catalog, out, countdown=bool(clause_stems & _COUNTDOWN),
                                ago=bool(_AGO.search(text)))
        if cond is not None:
            out.conditions.append(cond)
    if windowed_traits and not windowed_traits & {n for c in out.conditions for n in condition_names(c)}:
        # "were sent 5 messages this week": another reading took the words, so the window is the event's
        return parse_clause(said_text, catalog, lexicon, states_only=states_only, hints=hints, keep_window=True,
                            read_lengths=read_lengths)
    if window is not None and out.conditions and not states_only and not any(_timed(c, catalog) for c in out.conditions):
        out.unread.append(window.label)  # "trial expired in the last 7 days": a state has no time to put it on
    if out.conditions and out.bare:
        # "users whose device has push enabled": a bare enum trait beside a condition only sets the scene;
        # alone ("users by device") it is still refused with its values.
        out.readings += [f"'{b}' names no value and was read as context" for b in out.bare]
        out.unmatched = [u for u in out.unmatched if u not in out.bare]
        out.bare = []
    context = read_as_context(tokens, mentions, catalog, polarity is not None)
    # "bought the annual plan": the name of a property the clause filters on says which property, no more
    filtered = {f.property for said in filters.values() for f in said}
    context |= {i for i, t in enumerate(tokens) if t.text.rstrip("s") in filtered}
    words = unread_words(tokens, all_tokens, matches, context)
    qualifiers = words.qualifiers(unplaced, unused_props)
    # "subscribers for more than 60 days": a number no condition took is said and not expressed
    numbers = [said_numbers[q.start : q.end].strip() for q in untaken]
    reported: set[int] = set()
    # "not a second one", "got a push yesterday": a negation, a number or a window applied to nothing is unread
    lost = words.everything or unplaced or numbers or (window is not None and bool(matches))
    if not out.conditions and not out.unmatched and lost and not states_only:
        reported = words.everything
        phrase = " ".join([words.phrase(words.everything, unplaced, unused_props), *numbers]).strip() or text.strip()
        out.unmatched.append(phrase)
        out.suggestions += catalog.closest(phrase, n=3)
    qualifiers = " ".join(
        [qualifiers, *(n for n, q in zip(numbers, untaken, strict=True) if q.start > words.first_start)]
    ).strip()
    if out.conditions and qualifiers and not states_only:
        # kept apart: a label may say it ("a win-back offer"), an audience not ("who own an Apple Watch")
        out.unread.append(qualifiers)
        out.suggestions += catalog.closest(qualifiers, n=3)
    # "customers over 40 who use iOS": a number before the first catalog phrase that no condition took is a
    # label's ("the 3-day reminder"), or said of the people
    early = " ".join(n for n, q in zip(numbers, untaken, strict=True) if q.start <= words.first_start)
    for lead in (words.lead(unused_props), early):
        if out.conditions and not states_only and lead:
            out.lead.append(lead)  # "annual" in "the annual plan who haven't worked out": a label, or the people's
    # Words foreign to the catalog and not reported above (labels, or every word of a states-only reading)
    rest_words = words.everything - reported - (set() if states_only else words.after)
    if foreign := [tokens[i].text for i in sorted(rest_words) if not lexicon.knows(tokens[i].stem)]:
        out.leftover.append(" ".join(foreign))
    return out


def _parts(text: str) -> list[list[str]]:
    """Split text into AND-groups of OR-parts on commas, 'and', 'or', ... ('between 2 and 4' is kept)."""
    text = re.sub(r"\bbetween\s+(\d+(?:\.\d+)?)\s+and\s+(\d)", r"between \1 to \2", text)
    groups: list[list[str]] = []
    pending_or = False
    for piece in _SPLIT.split(text):
        if _SPLIT.fullmatch(piece or ""):
            pending_or = pending_or or piece.strip() in ("or", "nor")
            continue
        if not piece.strip(" .:!?()"):
            continue
        if pending_or and groups:
            groups[-1].append(piece)
        else:
            groups.append([piece])
        pending_or = False
    return groups


_NEGATION_WORD = re.compile(r"\b(?:not|never|no|without|neither|exclud\w*|except)\b")
# an exception's list: "except trial users and those with open tickets" excepts both
_EXCEPTING = re.compile(r"\b(?:except|exclud\w*|other than|apart from|aside from|besides|but not|not including)\b")
_EXCEPTED_MORE = re.compile(
    r"^\s*(?:those|anyone|anybody|people|users|folks|customers|members|(?:the\s+)?ones|whoever)\b", re.IGNORECASE
)


def _negation_carried(group: list[str]) -> bool:
    """Return True when only the first of several alternatives is negated ("haven't A or B")."""
    return (
        len(group) > 1
        and bool(_NEGATION_WORD.search(group[0]))
        and not any(_NEGATION_WORD.search(p) for p in group[1:])
    )


def parse_conditions(
    text: str, catalog: Catalog, lexicon: Lexicon, *, states_only: bool = False
) -> ConditionParse:
    """Parse a phrase of several clauses joined by commas, 'and' and 'or' into ANDed conditions."""
    text, approximated = read_people_idioms(
        share_bound_tail(read_average_nouns(read_state_durations(text), catalog, lexicon)), catalog, lexicon
    )
    text, readings = read_score_words(expiry_as_end(text, lexicon), catalog, lexicon)
    text, lacked = take_lacked_places(text, catalog)  # "New Zealand" whole, never the "new" stage
    parsed = _defined_by_clause(text, catalog, lexicon, states_only) or _parse_groups(
        text, catalog, lexicon, states_only=states_only
    )
    parsed.unmatched += lacked
    parsed.suggestions = [*missing_value_suggestions(lacked, catalog), *parsed.suggestions]
    parsed.readings += readings
    parsed.approximations += approximated
    return parsed


def _defined_by_clause(
    text: str, catalog: Catalog, lexicon: Lexicon, states_only: bool
) -> ConditionParse | None:
    """Read "new users who signed up less than 3 days ago" as the clause alone: an age word the catalog
    defines by a count (`new`) followed by a time clause is defined by that clause (`definitions.py`)."""
    split = None if states_only else split_defining_clause(normalize(text))
    if split is None:
        return None
    head = _parse_groups(split[0], catalog, lexicon, states_only=False)
    clause = _parse_groups(split[1], catalog, lexicon, states_only=False)
    if (
        head.unexpressed
        or clause.unexpressed
        or not defined_by(split[0], head.conditions, clause.conditions, catalog)
    ):
        return None
    clause.readings.append("a time clause after a stage word defines it; the catalog's stage is not added")
    return clause


_RELATIVE = re.compile(r"\b(?:who|whose|that|which)\b")
_RELATIVE_OPENING = re.compile(r"^\s*(?:who|whose|that|which)\b")


def _relative_parts(group: list[str], catalog: Catalog, lexicon: Lexicon, states_only: bool) -> list[list[str]]:
    """Split a lone clause at its relative pronouns when every part stands as a condition on its own.

    "users with a 5+ day streak who haven't worked out today" is two conditions: read as one clause, the
    window and the negation of the second part reached the first. "users who completed 3 workouts" stays
    one clause (its head, "users", says nothing on its own), and so does "lapsed users who haven't worked
    out in 10 days" (both parts name one trait: the relative clause says what the head means).
    """
    if len(group) != 1 or not _RELATIVE.search(group[0]):
        return [group]
    pieces = [p for p in re.split(rf"(?={_RELATIVE.pattern})", group[0]) if p.strip(" .,:;!?()")]  # keeps "who"
    if len(pieces) < 2:
        return [group]
    seen: set[str] = set()
    said: list[list[Condition]] = []
    for piece in pieces:
        parsed = parse_clause(piece, catalog, lexicon, states_only=states_only)
        names = {n for c in parsed.conditions for n in condition_names(c)}
        head = said[0] if said else []
        ended = {n for c in head if replaced_by(c, parsed.conditions, catalog) for n in condition_names(c)}
        if ended and len(pieces) == 2 and parsed.conditions and not parsed.unexpressed and not (names & seen) - ended:
            # "subscribers (in France) who cancelled": the head's state is who they were, and the clause the state
            # they are in now; `_parse_groups` drops the head's (read as one clause, the head's `active` won)
            return [[p] for p in pieces]
        if not parsed.conditions or parsed.unexpressed or names & seen:
            return [group]
        seen |= names
        said.append(parsed.conditions)
    return [[piece] for piece in pieces]


_SENTENCE_STOP = re.compile(r"[\s.!?]+$")


def _ordered_values(catalog: Catalog) -> frozenset[str]:
    """Return the values of the catalog's enums whose values rise in order (low, medium, high), which "below"
    and "above" compare."""
    return frozenset(
        str(v)
        for t in catalog.traits
        if t.type == "enum" and {"low", "high"} <= {str(v) for v in t.values or []}
        for v in t.values or []
    )


def _with_elided_subject(clause: str, previous: str, catalog: Catalog, lexicon: Lexicon) -> ConditionParse | None:
    """Parse a clause that names nothing with the subject of the clause before ("… but nothing this week"),
    when the clause alone reads as nothing and with the subject reads in full."""
    clause = _SENTENCE_STOP.sub("", clause)  # "… but completed none." ends the sentence, not the clause's words
    alone = parse_clause(clause, catalog, lexicon)
    if alone.conditions or not alone.unexpressed:
        return None
    subject = counted_subject(previous, catalog, lexicon)
    completed = with_subject(clause, subject) if subject else None
    if completed is None:
        return None
    window = extract_window(previous)[0]
    if window is not None and extract_window(completed)[0] is None and not _ALL_TIME.search(completed):
        completed = f"{completed} {window.label}"  # "2 workouts this week but completed fewer than 2": this week
    parsed = parse_clause(completed, catalog, lexicon)
    if not parsed.conditions or parsed.unexpressed:
        return None
    parsed.readings.append(f"'{clause.strip()}' read as '{completed.strip()}': it counts what the clause before did")
    return parsed


_PEOPLE_LEAD = re.compile(r"^\s*(?:(?:users|people|with|who|that|have|has|had)\s+)*", re.IGNORECASE)


def _borrowed_forward(
    group: list[str], parsed: list[ConditionParse], catalog: Catalog, lexicon: Lexicon
) -> list[ConditionParse]:
    """Read an alternative that names nothing with the thing the next one counts: "fewer than 10 or more than
    50 workouts" is fewer than 10 workouts (alone, "fewer than 10" was refused)."""
    out = list(parsed)
    for i in range(len(group) - 1):
        if out[i].conditions or not out[i].unexpressed:
            continue
        lead = _PEOPLE_LEAD.match(group[i])
        start = lead.end() if lead else 0
        subject = counted_subject(group[i + 1], catalog, lexicon)
        elided = with_subject(group[i][start:], subject) if subject else None
        completed = f"{group[i][:start]}{elided}" if elided else None
        borrowed = parse_clause(completed, catalog, lexicon) if completed else None
        if borrowed is not None and borrowed.conditions and not borrowed.unexpressed:
            borrowed.readings.append(f"'{group[i].strip()}' read as '{completed}': it counts what the next part names")
            out[i] = borrowed
    return out


def _with_pronoun_object(clause: str, previous: str, catalog: Catalog, lexicon: Lexicon) -> str | None:
    """Return the clause with its pronoun object said in full, when alone it reads as nothing whole."""
    clause = _SENTENCE_STOP.sub("", clause)
    alone = parse_clause(clause, catalog, lexicon)
    if alone.conditions and not alone.unexpressed:
        return None  # "… and clicked it" reads already
    if _with_elided_subject(clause, previous, catalog, lexicon) is not None:
        return None  # "saved 3 workouts but completed none": no workouts, counted as the clause before counts
    return with_pronoun_object(clause, previous, catalog, lexicon)


def _pronoun_count(clause: str, previous: str, catalog: Catalog, lexicon: Lexicon) -> PronounCount | None:
    """Return a clause whose pronoun has a count after it said in full ("… and opened it 10 times")."""

    def reads(text: str) -> list[Condition] | None:
        parsed = parse_clause(f"who {text}", catalog, lexicon)  # said of the people: every word is held
        return parsed.conditions if parsed.conditions and not parsed.unexpressed and not parsed.leftover else None

    return resolve_pronoun_count(_SENTENCE_STOP.sub("", clause), previous, lexicon, reads)


# "… since", "… since then", "… since they cancelled": counted from another event's time
_SINCE_THEN = re.compile(r"\bsince(?:\s+then|\s+(?:they|he|she)\s+[a-z]+(?:\s+[a-z]+)?)?\s*[.!?]?\s*$")
_ALL_TIME = re.compile(r"\b(?:never|ever|all[- ]time|in total|total|lifetime)\b")


def _shared_window(
    group: list[str],
    parsed: list[ConditionParse],
    catalog: Catalog,
    lexicon: Lexicon,
    hints: frozenset[str],
    states_only: bool,
) -> list[ConditionParse]:
    """Give a window said after the last of several alternatives to the untimed events before it: "did a
    HIIT or strength workout in the last 10 days" times both workouts, not only the strength one."""
    window = extract_window(group[-1])[0] if len(group) > 1 else None
    if window is None or group[-1][window.end :].strip(" .,;:!?()"):
        return parsed  # no window, or one inside the last alternative rather than after the list
    out = list(parsed)
    for i, (part, said) in enumerate(zip(group[:-1], parsed[:-1], strict=True)):
        # an all-time event, or the count trait of one ("compared plans" is plan_comparisons)
        untimed = said.conditions and all(
            (isinstance(c, EventCondition) and c.within_days is None)
            or (isinstance(c, TraitCondition) and c.trait in lexicon.trait_to_event)
            for c in said.conditions
        )
        if not untimed or extract_window(part)[0] is not None or _ALL_TIME.search(part):
            continue  # "never worked out or …": an all-time word keeps its own span
        timed = parse_clause(f"{part} {window.label}", catalog, lexicon, states_only=states_only, hints=hints)
        if timed.conditions and not timed.unexpressed:
            timed.readings.append(f"'{window.label}' said after the alternatives applies to '{part.strip()}' too")
            out[i] = timed
    return out


def _parse_groups(text: str, catalog: Catalog, lexicon: Lexicon, *, states_only: bool) -> ConditionParse:
    """Parse the clauses of a phrase into ANDed conditions."""
    out = ConditionParse()
    split = detach_relative(_parts(normalize(text)))  # "in Brazil or Germany who …": the clause is of both
    groups = [g for group in split for g in _relative_parts(group, catalog, lexicon, states_only)]
    excluded: Condition | None = None  # the lone value the group before excludes
    previous = ""  # the clause before, whose subject a clause that names none borrows
    before: list[Condition] = []  # its conditions, whose object a clause that names none is about
    excepting = False  # an exception opened before: "except trial users and those with open tickets"
    relative: list[Condition] = []  # what the clauses after "who" say the people are now
    for group in groups:
        if excepting and _EXCEPTED_MORE.match(group[0]) and not _NEGATION_WORD.search(group[0]):
            group = [f"not {part}" for part in group]  # the list of excepted people goes on
        else:
            excepting = bool(_EXCEPTING.search(group[-1]))
        negated = _negation_carried(group)
        if negated:
            group = [group[0], *(f"not {part}" for part in group[1:])]
        if len(group) == 1 and (counted := _pronoun_count(group[0], previous, catalog, lexicon)) is not None:
            if counted.clause is None:  # "users who opened it 5 times": the pronoun names nothing said
                out.unmatched.append(counted.said)
                out.suggestions.append(f"name what '{counted.said}' is about: nothing said before it is a thing done")
                previous, before = group[-1], []
                continue
            group = [counted.clause]  # "installed the app and opened it 10 times": opened the app 10 times
            out.readings.append(counted.said)
        if len(group) == 1 and previous and (object_said := _with_pronoun_object(group[0], previous, catalog, lexicon)):
            group = [object_said]  # "opened 2 emails but clicked none", "saved a yoga workout but didn't do one"
        hints = frozenset(t.stem for part in group for t in tokenize(part) if not t.is_stopword)
        parsed = [
            parse_clause(part, catalog, lexicon, states_only=states_only, hints=hints) for part in group
        ]
        parsed = _shared_window(group, parsed, catalog, lexicon, hints, states_only)
        parsed = _borrowed_forward(group, parsed, catalog, lexicon)  # "fewer than 10 or more than 50 workouts"
        if len(group) == 1 and previous and (borrowed := _with_elided_subject(group[0], previous, catalog, lexicon)):
            parsed = [borrowed]  # "at least 5 workouts but nothing in the last 10 days"
        if len(group) == 1 and (same := same_object(group[0], parsed[0].conditions, before, catalog, lexicon)):
            parsed[0].conditions = same  # "opened an email in the last 3 days but didn't click"
            parsed[0].readings.append(f"'{group[0].strip()}' is said of what the clause before names")
        previous, before = group[-1], [c for p in parsed for c in p.conditions]
        if len(group) == 1 and _RELATIVE_OPENING.match(group[0]):
            relative += before
        lone = parsed[0].conditions[0] if len(group) == 1 and len(parsed[0].conditions) == 1 else None
        carried = excluded_alongside(excluded, lone) if lone and not _NEGATION_WORD.search(group[0]) else None
        if carried is not None:
            parsed[0].conditions = [carried]
            out.readings.append("a negation before a list of values applies to each")
        excluded = carried or lone
        for p in parsed:
            out.extend(p)
        if negated:
            # "haven't viewed pricing or compared plans" = not A and not B (De Morgan)
            out.conditions += [c for p in parsed for c in p.conditions]
            out.readings.append("a negation before 'or' applies to every alternative")
        else:
            out.conditions += any_of([p.conditions for p in parsed])
    # "subscribers who cancelled": a state the relative clause moved people out of is who they were
    out.conditions = [c for c in out.conditions if c in relative or not replaced_by(c, relative, catalog)]
    for part in (part for group in groups for part in group):
        if _SINCE_THEN.search(part):
            # "cancelled … and haven't opened the app since": counted from another event, which no window says
            out.unmatched.append(part.strip(" ,.;:"))  # the whole clause: its time is another event's
    merged = merge_same_trait(out.conditions)
    if len(merged) < len(out.conditions):
        out.readings.append("values of one trait merged into one list (in / not_in)")
    out.conditions = merged
    out.suggestions = [*missing_value_suggestions(out.unmatched, catalog), *out.suggestions]
    return out
