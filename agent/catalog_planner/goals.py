"""Read a goal or state phrase ("help users complete a second workout", "handle support issues",
"upgrade messaging") into an audience, exit criteria, a conversion metric and a channel plan.

- Conversion (the phrase names the last event of a catalog metric's funnel, e.g. "upgrade", "convert"):
  audience = not yet converted, stop = converted (the state the event leads to, found from the catalog).
- Milestone (an ordinal or number, or a goal verb, with a count): "a second workout" → audience one short
  (`workouts_completed eq 1`: users who did the first but not the second), stop at the goal (`gte 2`).
- Support (the phrase names a support or ticket entry): audience in the state, stop when it clears.
- Prevention ("reduce churn"): the state the catalog names as the event's risk (`prevention.py`).
- State (anything else the catalog can express): audience in the state, stop when it no longer holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.catalog_planner.act_stops import since_reached
from agent.catalog_planner.base_verbs import asks_for_act
from agent.catalog_planner.channels import GoalKind
from agent.catalog_planner.conditions import ConditionParse, parse_conditions
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.logic import all_of, condition_names, negate
from agent.catalog_planner.novelty_words import without_novelty
from agent.catalog_planner.prevention import prevention_audience
from agent.catalog_planner.quantities import extract_quantities, extract_window
from agent.catalog_planner.requested import without_asked_values
from agent.catalog_planner.state_history import event_stems, new_event_stop
from agent.catalog_planner.suppressions import ticket_condition
from agent.catalog_planner.text import content_stems, normalize, stem, tokenize, words
from agent.catalog_planner.topic_labels import channel_noun, without_topics
from agent.catalog_planner.verb_states import verb_state_goal
from orchestrator.spec import (
    AllOf,
    AnyOf,
    Condition,
    ConversionMetric,
    EventCondition,
    Not,
    PropertyFilter,
    StopCondition,
    TraitCondition,
)
from warehouse.catalog import Catalog

GOAL_VERBS: frozenset[str] = words(
    """
    help get drive encourage nudge push move bring increase boost reach achieve complete finish make
    turn do invite ask prompt remind convince persuade motivate guide
    """
)
_GOAL_STEMS = frozenset(stem(w) for w in GOAL_VERBS)  # "getting them to view pricing" aims as "get" does
_SUPPORT_WORDS = ("support", "ticket")
CONVERSION_WINDOW_DAYS = 7
AUDIENCE_LEFT = "audience_left"  # the fallback stop of a program whose label names no goal
FUNNEL_END = "funnel_end"  # the fallback stop of such a program inside a metric's funnel
FALLBACK_STOPS = frozenset({AUDIENCE_LEFT, FUNNEL_END})


@dataclass
class Goal:
    """What one priority item or program asks for."""

    kind: GoalKind
    audience: list[Condition] = field(default_factory=list)
    stops: list[StopCondition] = field(default_factory=list)
    conversion: ConversionMetric | None = None
    parse: ConditionParse = field(default_factory=ConditionParse)


def conversion_events(catalog: Catalog) -> list[str]:
    """Return the events that end a metric's funnel (what "convert" means in this catalog)."""
    return list(
        dict.fromkeys(m.funnel[-1] for m in catalog.metrics if m.funnel and catalog.has_event(m.funnel[-1]))
    )


def state_reached_by(event: str, catalog: Catalog, lexicon: Lexicon) -> TraitCondition | None:
    """Return the trait state an event leads to, when one of the event's synonyms names a trait value
    (`subscription_started` is "paid conversion"; "paid" glosses `subscription_status = active`)."""
    spec = catalog.event(event)
    for surface in [spec.name.replace("_", " "), *spec.synonyms]:
        stems = set(content_stems(surface))
        for key, entries in lexicon.forms.items():
            for entry in entries:
                if entry.kind == "value" and key and set(key) <= stems and entry.value is not None:
                    return TraitCondition(trait=entry.name, op="eq", value=entry.value)
    return None


def _mentions_support(parse_text: str, parse: ConditionParse) -> bool:
    names = [c.model_dump_json() for c in parse.conditions]
    return any(w in parse_text for w in _SUPPORT_WORDS) or any(w in n for n in names for w in _SUPPORT_WORDS)


def _entries(phrase: str, lexicon: Lexicon) -> list[tuple[str, str]]:
    tokens = tokenize(normalize(phrase))
    return [(e.kind, e.name) for m in lexicon.match(tokens) for e in m.entries]


_RELATIVE = re.compile(
    r"\b(?:users|people|anyone|those|customers|members)\s+(?:who|whose|that|with)\s+(.+)$", re.I
)


def _kind_said(phrase: str, event: str, catalog: Catalog) -> PropertyFilter | None:
    """Return the value of the conversion event's enum property the phrase names ("annual upgrade" → `plan eq
    annual`), else None."""
    for name, prop in catalog.event(event).properties.items():
        for value in prop.values or []:
            if re.search(rf"\b{re.escape(str(value))}\b", phrase, re.IGNORECASE):
                return PropertyFilter(property=name, op="eq", value=value)
    return None


def _conversion_goal(
    phrase: str, event: str, catalog: Catalog, lexicon: Lexicon, scope: list[Condition]
) -> Goal:
    reached = state_reached_by(event, catalog, lexicon)
    states = parse_conditions(phrase, catalog, lexicon, states_only=True)
    goal = Goal("conversion", parse=states)
    goal.audience = [c for c in states.conditions if c != reached]  # "convert to paid" names the goal
    relative = _RELATIVE.search(phrase)
    if relative:  # "upgrade trial users who viewed pricing": the clause about the people is all audience
        said = parse_conditions(relative.group(1), catalog, lexicon)
        if not said.unmatched:
            names = {event, *(n for n in [reached.trait if reached else None] if n)}
            goal.audience += [
                c for c in said.conditions if c not in goal.audience and not condition_names(c) & names
            ]
    converted = reached is not None and reached in [*scope, *goal.audience]
    kind = _kind_said(phrase, event, catalog) if converted else None
    if kind is not None:
        # "annual upgrade" for paying users: they converted already, so it is the conversion of that kind ("plan =
        # annual") they lack (the converted state stopped them at once)
        done = EventCondition(event=event, op="gte", count=1, where=[kind])
        goal.audience.append(negate(done))
        goal.stops = [
            StopCondition(
                id="converted", description=f"Stop once {event} happens with {kind.property} = {kind.value}.",
                condition=done,
            )
        ]
    elif reached is not None:
        pinned = any(
            isinstance(c, TraitCondition) and c.trait == reached.trait and c.op == "eq"
            for c in [*scope, *goal.audience]
        )
        if not pinned:
            goal.audience.append(negate(reached))
        goal.stops = [
            StopCondition(
                id="converted",
                description=f"Stop once the user converts ({reached.trait} = {reached.value}).",
                condition=reached,
            )
        ]
    else:
        done = EventCondition(event=event, op="gte", count=1)
        goal.audience.append(negate(done))
        goal.stops = [
            StopCondition(id="converted", description=f"Stop once {event} happens.", condition=done)
        ]
    goal.conversion = ConversionMetric(event=event, window_days=CONVERSION_WINDOW_DAYS)
    return goal


def _is_count(cond: Condition, catalog: Catalog) -> bool:
    if isinstance(cond, EventCondition):
        return cond.op in ("gte", "gt", "eq")
    if isinstance(cond, TraitCondition) and cond.op in ("gte", "gt", "eq"):
        spec = catalog.trait(cond.trait)
        return spec.type == "int" and spec.unit != "days"
    return False


def _counted(cond: Condition) -> object:
    return (
        cond.count
        if isinstance(cond, EventCondition)
        else cond.value
        if isinstance(cond, TraitCondition)
        else None
    )


def _milestone_goal(parse: ConditionParse, target: int, catalog: Catalog, lexicon: Lexicon) -> Goal | None:
    """Turn a count condition into 'one short of N' (audience) and 'reached N' (stop)."""
    # the count the number belongs to ("a second workout"), not another count beside it ("started a workout
    # but fewer than 2 workouts", "workout reminders for users inactive 10 days")
    counts = [c for c in parse.conditions if _is_count(c, catalog) and _counted(c) == target]
    if not counts:
        return None
    first = counts[0]
    rest = [c for c in parse.conditions if c is not first]
    goal = Goal("milestone", parse=parse)
    if isinstance(first, TraitCondition):
        reached: Condition = TraitCondition(trait=first.trait, op="gte", value=target)
        goal.audience = [TraitCondition(trait=first.trait, op="eq", value=target - 1), *rest]
        event = lexicon.trait_to_event.get(first.trait)
        label = first.trait
    else:
        assert isinstance(first, EventCondition)  # _is_count keeps only trait and event leaves
        reached = first.model_copy(update={"op": "gte", "count": target})
        goal.audience = [first.model_copy(update={"op": "eq", "count": target - 1}), *rest]
        event, label = first.event, first.event
    goal.stops = [
        StopCondition(
            id="goal_reached", description=f"Stop once {label} reaches {target}.", condition=reached
        )
    ]
    if event is not None:
        goal.conversion = ConversionMetric(event=event, window_days=CONVERSION_WINDOW_DAYS)
    return goal


_AGAIN = re.compile(r"\b(?:again|back|return(?:s|ing)? to|resume|restart)\b")
_RECENT_DAYS = 1  # "since the last run": the planner's rules are evaluated daily


def _return_to(milestone: Goal, scope: list[Condition], catalog: Catalog, lexicon: Lexicon) -> Goal:
    """Read "get them to do a workout again" / "get them back to a workout" as doing it once more: everyone in
    scope (not only those who never did it), stopping at a new occurrence, which for people waiting on a
    recency ("haven't worked out in 14 days") is that recency ending, else one in the last day."""
    reached = milestone.stops[0].condition
    done = stop_relative_to_audience(reached, scope, catalog, lexicon)
    if done == reached:
        event = (
            reached.event
            if isinstance(reached, EventCondition)
            else lexicon.trait_to_event.get(reached.trait if isinstance(reached, TraitCondition) else "")
        )
        if event is not None:
            done = EventCondition(event=event, op="gte", count=1, within_days=_RECENT_DAYS)
    stop = StopCondition(id="returned", description="Stop once they do it again.", condition=done)
    return Goal("milestone", milestone.audience[1:], [stop], milestone.conversion, milestone.parse)


def _switch_goal(parse: ConditionParse, catalog: Catalog) -> Goal | None:
    """Read "get them to turn on push notifications" as a switch to reach: the audience has it off, the stop
    is it on (a bare state would message those already there and stop the others at once)."""
    if len(parse.conditions) != 1:
        return None
    cond = parse.conditions[0]
    if not isinstance(cond, TraitCondition) or catalog.trait(cond.trait).type != "bool" or cond.op != "eq":
        return None
    return Goal(
        "milestone",
        audience=[cond.model_copy(update={"value": not cond.value})],
        stops=[
            StopCondition(
                id="goal_reached", description=f"Stop once {cond.trait} is {cond.value}.", condition=cond
            )
        ],
        parse=parse,
    )


def read_goal(phrase: str, catalog: Catalog, lexicon: Lexicon, scope: list[Condition]) -> Goal:
    """Read one goal or state phrase; `goal.parse.unmatched` says what could not be read."""
    phrase = without_asked_values(phrase, lexicon)  # "a referral ask": the referral is asked for, no trait
    phrase = without_novelty(phrase)  # "the new yoga class announcement": the message is new, not its people
    text = normalize(phrase)
    prevented = prevention_audience(phrase, catalog, lexicon)
    if prevented is not None:
        audience, stops = prevented
        return Goal("state", audience=audience, stops=stops, parse=ConditionParse(conditions=audience))
    entries = _entries(phrase, lexicon)
    converting = [n for k, n in entries if k == "event" and n in conversion_events(catalog)]
    if converting:
        return _conversion_goal(phrase, converting[0], catalog, lexicon, scope)
    moved = verb_state_goal(phrase, catalog, lexicon)
    if moved is not None:
        # "activate new users": the new ones, until they are activated
        return Goal("milestone", audience=moved[0], stops=[moved[1]], parse=moved[2])
    parse = parse_conditions(phrase, catalog, lexicon)
    if _mentions_support(text, parse):
        # The audience of a support item is the open state ("resolve support tickets" is about open ones).
        states: list[Condition] = [
            c
            for c in parse.conditions
            if isinstance(c, TraitCondition) and any(w in c.trait for w in _SUPPORT_WORDS)
        ]
        if not states:
            parse = parse_conditions("open support tickets", catalog, lexicon)
        else:
            parse.conditions = states
        cond = all_of(parse.conditions)
        goal = Goal("support", audience=list(parse.conditions), parse=parse)
        if cond is not None:
            goal.stops = [
                StopCondition(
                    id="resolved",
                    description=f"Stop when '{phrase.strip()}' no longer holds.",
                    condition=negate(cond),
                )
            ]
        return goal
    _, without_window = extract_window(text)
    quantities, _ = extract_quantities(without_window)
    tokens = tokenize(text)
    # "workout tips push": the channel noun ending a program's name is no verb aiming at a goal
    verbs = [t for t in tokens if t.text != channel_noun(phrase)]
    aimed = bool({t.text for t in verbs} & GOAL_VERBS or {t.stem for t in verbs} & _GOAL_STEMS)
    aimed = aimed or asks_for_act(phrase, catalog)  # "3) view pricing": the act asked for, not who did it
    if quantities or aimed:
        target = int(quantities[0].value) if quantities else 1
        milestone = _milestone_goal(parse, max(1, target), catalog, lexicon)
        if milestone is not None and target <= 1 and _AGAIN.search(text):
            return _return_to(milestone, scope, catalog, lexicon)
        if milestone is not None:
            return milestone
    switched = _switch_goal(parse, catalog) if aimed else None
    if switched is not None:
        return switched
    people = without_topics(phrase, list(parse.conditions), catalog)
    if people is not None:
        # "workout tips": what the message is about, no one's state; the name is left for the people said
        parse = ConditionParse(conditions=people, unmatched=[phrase.strip()] if not people else parse.unmatched)
    goal = Goal("state", audience=list(parse.conditions), parse=parse)
    cond = all_of(parse.conditions)
    if cond is not None:
        goal.stops = [
            StopCondition(
                id="state_cleared",
                description=f"Stop when '{phrase.strip()}' no longer holds.",
                condition=negate(cond),
            )
        ]
    return goal


def _held(cond: Condition) -> list[Condition]:
    """Return the leaves a member of the audience meets: not those under a negation ("everyone else" after a
    ticket program is everyone without the ticket, no service audience)."""
    if isinstance(cond, AllOf | AnyOf):
        return [leaf for c in cond.conditions for leaf in _held(c)]
    return [] if isinstance(cond, Not) else [cond]


def goal_for_audience(label: str, audience: ConditionParse, catalog: Catalog, lexicon: Lexicon) -> Goal:
    """Read a program's label as a goal when it names one (a conversion, a milestone, support); the stated
    audience says who. A label that names no goal ("launch offer") is only a name."""
    goal = read_goal(label, catalog, lexicon, list(audience.conditions))
    if not audience.conditions:
        return goal
    if goal.kind == "state":
        ticket = ticket_condition(lexicon)
        leaves = [leaf for c in audience.conditions for leaf in _held(c)]
        if ticket is None or ticket not in leaves:
            return returning_goal(label, audience, catalog, lexicon) or _state_goal(
                audience, catalog, lexicon
            )
        # "users with an open billing ticket get a service message": service, until the ticket clears
        resolved = StopCondition(
            id="resolved", description="Stop once the ticket is resolved.", condition=negate(ticket)
        )
        return Goal("support", audience=list(audience.conditions), stops=[resolved], parse=audience)
    goal.audience = list(audience.conditions)
    # a stop every audience member already meets ("abandoned checkout" read as a checkout milestone) is no stop
    goal.stops = [s for s in goal.stops if s.condition not in goal.audience]
    return goal


# "win-back offer", "comeback email", "reactivation": the program brings people back to a state they left
_RETURN_LABEL = re.compile(
    r"\b(?:win[- ]?back|winback|come[- ]?back|comeback|re-?subscri\w*|re-?activat\w*|reclaim\w*)\b", re.I
)


def _left(cond: Condition, reached: TraitCondition, catalog: Catalog, lexicon: Lexicon) -> bool:
    """Return True when a condition holds for people outside the converted state: another value of its trait
    ("cancelled users"), or an event leading to one ("churned users": a cancellation, whose all-time count never
    falls back to zero, so only their return can end the program)."""
    if isinstance(cond, EventCondition) and cond.op in ("gte", "gt") and not cond.where:
        cond = state_reached_by(cond.event, catalog, lexicon) or cond
    return isinstance(cond, TraitCondition) and cond.trait == reached.trait and cond != reached


def returning_goal(label: str, audience: ConditionParse, catalog: Catalog, lexicon: Lexicon) -> Goal | None:
    """Read a win-back for people who left the converted state ("win-back offer for cancelled users") as a
    conversion: it stops once they are back in it (`subscription_status = active`), not on an all-time count."""
    if not _RETURN_LABEL.search(label):
        return None
    for event in conversion_events(catalog):
        reached = state_reached_by(event, catalog, lexicon)
        left = reached is not None and any(_left(c, reached, catalog, lexicon) for c in audience.conditions)
        if reached is not None and left:
            stop = StopCondition(
                id="converted",
                description=f"Stop once the user is back ({reached.trait} = {reached.value}).",
                condition=reached,
            )
            conversion = ConversionMetric(event=event, window_days=CONVERSION_WINDOW_DAYS)
            return Goal(
                "conversion", list(audience.conditions), [stop], conversion=conversion, parse=audience
            )
    return None


def _state_goal(audience: ConditionParse, catalog: Catalog, lexicon: Lexicon) -> Goal:
    """A program whose label names no goal: it stops once its audience no longer holds."""
    return with_fallback_stop(
        Goal("state", audience=list(audience.conditions), parse=audience), catalog, lexicon
    )


def _funnel_stop(audience: list[Condition], catalog: Catalog, lexicon: Lexicon) -> StopCondition | None:
    """Return the conversion stop of an audience that took a step of a metric's funnel ("abandoned checkout",
    "viewed pricing 3+ times"): an all-time count never stops holding, reaching the funnel's end does."""
    leaves = [leaf for c in audience for leaf in (c.conditions if isinstance(c, AllOf) else [c])]
    counted = {
        leaf.event if isinstance(leaf, EventCondition) else lexicon.trait_to_event.get(leaf.trait, "")
        for leaf in leaves
        if isinstance(leaf, EventCondition | TraitCondition) and leaf.op in ("gte", "gt")
    }
    for metric in catalog.metrics:
        # a step only this metric's funnel takes ("viewed pricing" leads to paying; a workout leads to both)
        others = {e for m in catalog.metrics if m is not metric for e in m.funnel}
        steps = set(metric.funnel[:-1]) - others
        if metric.funnel and counted & steps and catalog.has_event(metric.funnel[-1]):
            end = metric.funnel[-1]
            reached = state_reached_by(end, catalog, lexicon) or EventCondition(event=end, op="gte", count=1)
            return StopCondition(id=FUNNEL_END, description=f"Stop once {end} happens.", condition=reached)
    return None


def _ended(cond: Condition, catalog: Catalog, lexicon: Lexicon) -> Condition:
    """Return when an audience no longer holds: its negation, or for an all-time count of an event that leads to
    a state ("churned users": a cancellation ever) that state ending, since the count never falls back."""
    if isinstance(cond, EventCondition) and cond.op in ("gte", "gt") and cond.within_days is None and not cond.where:
        state = state_reached_by(cond.event, catalog, lexicon)
        if state is not None:
            return negate(state)
    return negate(cond)


def with_fallback_stop(goal: Goal, catalog: Catalog, lexicon: Lexicon) -> Goal:
    """Return the goal with a stop when it has none (a reviewer asks when each program ends): reaching the
    end of the funnel the audience is in, else the audience no longer holding."""
    cond = all_of(goal.audience)
    if goal.stops or cond is None:
        return goal
    ended = _ended(cond, catalog, lexicon)
    stop = _funnel_stop(goal.audience, catalog, lexicon) or StopCondition(
        id=AUDIENCE_LEFT, description="Stop once the audience no longer holds.", condition=ended
    )
    return Goal(goal.kind, goal.audience, [stop], goal.conversion, goal.parse)


def stop_relative_to_audience(
    stop: Condition, audience: list[Condition], catalog: Catalog, lexicon: Lexicon
) -> Condition:
    """Read "stop once they complete a workout" for an audience that waits on a recency ("haven't worked
    out in 14 days") as that recency ending (`days_since_last_workout lt 14`): an all-time "at least one"
    is already true for lapsed users and would stop them at once; "once they subscribe" is the state the act
    enters (`act_stops.since_reached`)."""
    if isinstance(stop, TraitCondition) and stop.op == "gte" and stop.value == 1:
        event = lexicon.trait_to_event.get(stop.trait)
    elif (
        isinstance(stop, EventCondition) and stop.op == "gte" and stop.count == 1 and stop.within_days is None
    ):
        event = stop.event
    else:
        return stop
    if event is None:
        return stop
    stems = event_stems(event)
    for cond in audience:
        if isinstance(cond, EventCondition) and cond.event == event and cond.op == "eq" and cond.count == 0:
            return cond.model_copy(update={"op": "gte", "count": 1})  # "none in 14 days" ends with one
        if (
            isinstance(cond, TraitCondition)
            and cond.op in ("gte", "gt")
            and catalog.trait(cond.trait).unit == "days"
            and stems & event_stems(cond.trait)
        ):
            return negate(cond)
    # a state whose members did it before ("at_risk": 2 or more workouts but none in 10 days) waits on a new one
    count_trait = next((t for t, e in lexicon.trait_to_event.items() if e == event), None)
    entered = state_reached_by(event, catalog, lexicon)
    return new_event_stop(event, audience, catalog, count_trait) or since_reached(
        stop, event, count_trait, entered, audience
    )
