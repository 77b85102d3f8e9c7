"""Read a clause that leaves its subject to the clause before: "at least 5 workouts but nothing in the last 10
days" is no workouts in the last 10 days, "0 workouts this week but at least 4 in total" is 4 workouts in
total, and "viewed pricing this month but not in the last 3 days" is not viewed pricing in those days; and
one that leaves its object: "opened an email in the last 3 days but didn't click" did not click that email."""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.quantities import extract_quantities, extract_window
from agent.catalog_planner.text import tokenize
from orchestrator.spec import Condition, EventCondition, TraitCondition
from warehouse.catalog import Catalog

# "nothing", "none", "zero" stand for "no <the thing just counted>"
_NOTHING = re.compile(r"^\s*(?:nothing|none|zero|not any|not one)\b")
_NEGATION = re.compile(r"^\s*(?:not|never)\b")
_LEAD = re.compile(r"^\s*(?:but|yet|though|only|just)?\s*")
_AGO = re.compile(r"\bago\b")


def counted_subject(clause: str, catalog: Catalog, lexicon: Lexicon) -> str | None:
    """Return the words naming the one thing a clause counts or times ("workouts" of "0 workouts in the last
    7 days", "viewed pricing" of "viewed pricing 3 times"), or None when it names none or several."""
    _, rest = extract_window(clause)
    _, rest = extract_quantities(rest)
    tokens = tokenize(rest)
    # a count or a measure ("days since last workout is greater than 7 and less than 30")
    counted = [
        m.text
        for m in lexicon.match(tokens)
        if any(e.kind == "event" or (e.kind == "trait" and catalog.trait(e.name).type in ("int", "float")) for e in m.entries)
    ]
    return counted[0] if len(counted) == 1 else None


# words that may stand beside the count in a clause that names nothing ("at least 4 in total")
_SPAN_WORDS = frozenset(
    {"total", "times", "time", "overall", "ever", "far", "altogether", "all", "ago", "day", "days", "week", "weeks",
     "month", "months", "year", "years"}
)


def _names_nothing(clause: str) -> bool:
    """Return True when a clause says only a count, a negation and a window: no verb or noun of its own."""
    _, rest = extract_window(clause)
    _, rest = extract_quantities(rest)
    rest = _NOTHING.sub(" ", _LEAD.sub(" ", rest, count=1), count=1)
    return all(t.is_stopword or t.is_negation or t.text in _SPAN_WORDS for t in tokenize(rest))


# "… but completed none": a verb of its own whose object is "none" of the thing the clause before counted
_VERB_NONE = re.compile(r"^(?P<verb>\s*(?:\w+\s+){0,2}?\w+)\s+(?:none|nothing|zero)(?:\s+of\s+(?:them|those))?\s*$")
# "… but completed fewer than 2": a verb of its own and a count, the thing counted left to the clause before
_VERB_COUNT = re.compile(
    r"^\s*(?:but\s+|yet\s+|only\s+)?(?:[a-z]+\s+){1,2}?(?P<count>(?:(?:at least|at most|more than|fewer than|less than|"
    r"over|under|exactly|only|just)\s+)?\d+\+?)\s*$"
)
# "… but not any push", "… but never a push": the act of the clause before, denied of another object
_NEGATED_OBJECT = re.compile(r"^\s*(?:but\s+)?(?P<neg>not|never)\s+(?P<obj>(?:any|an?|the)\s+[a-z-]+(?:\s+[a-z]+)?)\s*$")


def with_subject(clause: str, subject: str) -> str | None:
    """Return the clause with the borrowed subject put where it was left out ("nothing this week", "at least
    4 in total", "completed none", "completed fewer than 2", "not any push"), or None when the clause names
    its own thing."""
    if not _names_nothing(clause):
        # a verb of its own: "completed none", "completed fewer than 2" count the thing before, by its noun;
        # "never came back again" says something else
        if verb_none := _VERB_NONE.match(clause):
            return f"{verb_none['verb']} no {subject.split()[-1]}"
        if (verb_count := _VERB_COUNT.match(clause)) and extract_quantities(verb_count["count"])[0]:
            return f"{clause.rstrip()} {subject.split()[-1]}"
        if negated := _NEGATED_OBJECT.match(clause):
            # "opened an email … but not any push": the act before, on another object
            return f"{negated['neg']} {subject.split()[0]} {negated['obj']}"
        return None
    lead = _LEAD.match(clause)
    start = lead.end() if lead else 0
    body = clause[start:]
    if nothing := _NOTHING.match(body):
        return f"{clause[:start]}no {subject}{body[nothing.end():]}"
    quantities, _ = extract_quantities(body)
    if quantities and not body[: quantities[0].start].strip() and quantities[0].unit is None:
        end = quantities[0].end
        return f"{clause[:start]}{body[:end]} {subject}{body[end:]}"
    if quantities and not body[: quantities[0].start].strip() and _AGO.search(body):
        # "signed up over a week ago but under a month ago": the second time is the same act's
        return f"{clause[:start]}{subject} {body}"
    if negation := _NEGATION.match(body):
        return f"{clause[:start]}{body[: negation.end()]} {subject}{body[negation.end():]}"
    return None


# words that leave the object to the clause before: "… but didn't click (it / one / any of them)"
_OBJECT_WORDS = frozenset({"but", "yet", "though", "one", "1", "any", "anything", "them", "it", "of"})
_PRONOUNS = frozenset({"it", "them", "one", "1"})


def same_object(
    clause: str, said: list[Condition], before: list[Condition], catalog: Catalog, lexicon: Lexicon
) -> list[Condition] | None:
    """Return the clause's one negated event (or one done to "it") with the filters (and window) of the event
    before it, when the clause names no object of its own: in "opened an email in the last 3 days but didn't
    click", the click not done is on that email, over those days ("never" keeps all time); else None."""
    if len(said) != 1:
        return None
    event = said[0]
    if isinstance(event, TraitCondition) and event.op == "eq" and event.value == 0:
        # "didn't complete it" read alone is the all-time count; about a thing before, it is that event
        counted = lexicon.trait_to_event.get(event.trait)
        event = EventCondition(event=counted, op="eq", count=0) if counted else event
    if not isinstance(event, EventCondition):
        return None
    window, rest = extract_window(clause)
    tokens = tokenize(rest)
    # "… but didn't click", or done to a pronoun: "got a push this week and clicked it"
    denied = event.op == "eq" and event.count == 0
    done_to_it = event.op == "gte" and event.count == 1 and any(t.text in _PRONOUNS for t in tokens)
    # "… but never clicked one in the last 30 days": the clause's own window stays, the object's filters follow
    own_window = event.within_days if window is not None else None
    if not (denied or done_to_it) or event.where or (event.within_days is not None and own_window is None):
        return None
    matched = {i for m in lexicon.match(tokens) for i in range(m.first, m.last + 1)}
    if any(
        not (t.is_stopword or t.is_negation or t.text in _OBJECT_WORDS) for i, t in enumerate(tokens) if i not in matched
    ):
        return None
    # events named for one thing (message_opened, message_clicked) act on the same object; a start and
    # another event's finish (checkout_started, subscription_started) do not share it
    thing = event.event.split("_")[0]
    # "started a workout in the last 7 days but didn't complete one": the window alone follows, as filters do
    previous = [
        c
        for c in before
        if isinstance(c, EventCondition)
        and (c.where or c.within_days is not None)
        and c.event != event.event
        and c.event.split("_")[0] == thing
    ]
    if not previous:
        return None
    own = set(catalog.event(event.event).properties)
    where = [f for f in previous[-1].where if f.property in own]
    finishes = previous[-1].event.endswith("_started") and event.event == f"{thing}_completed"
    if own_window is not None:
        return [event.model_copy(update={"where": where})] if where else None
    if not where and (previous[-1].within_days is None or not finishes):
        # the window alone follows the finish of what was started ("started a workout this week but didn't
        # complete one"), not another act on the same thing ("cancelled in 90 days and have not resubscribed")
        return None
    never = any(t.text == "never" for t in tokens)
    return [event.model_copy(update={"where": where, "within_days": None if never else previous[-1].within_days})]


# "… but clicked none (of them)": the act denied of what the clause before named
_DONE_TO_NONE = re.compile(r"\b(?P<verb>[a-z]+)\s+(?:none|nothing)(?:\s+of\s+(?:them|those|these|it))?\s*$")
# "… but haven't completed one", "… and finished any of them": the object left to the clause before
_PRONOUN_OBJECT = re.compile(r"\s+(?:one|1|any|it|them)(?:\s+of\s+(?:them|those|these))?\s*$")


def with_pronoun_object(clause: str, previous: str, catalog: Catalog, lexicon: Lexicon) -> str | None:
    """Return a clause whose object is a pronoun for the thing the clause before named, said in full: "clicked
    none" is "not clicked" (of that thing), "haven't completed one" after "saved a yoga workout" is "haven't
    completed workout" (the filters and window of that workout follow it); None when it has no such object."""
    if done := _DONE_TO_NONE.search(clause):
        return f"{clause[: done.start()]}not {done['verb']}"
    subject = counted_subject(previous, catalog, lexicon)
    pronoun = _PRONOUN_OBJECT.search(clause)
    if pronoun is None or subject is None or not clause[: pronoun.start()].strip():
        return None
    return f"{clause[: pronoun.start()]} {subject.split()[-1]}"
