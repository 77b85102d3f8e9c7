"""Draft a Policy from a decision prompt: one rule per enumerated item in priority order, a shared scope,
global suppressions (marketing opt-out; open support tickets for the marketing rules), a global frequency
cap, and the edge cases a reviewer would ask about.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from agent.catalog_planner.channels import channel_plan, stated_channels
from agent.catalog_planner.complement import everyone_else
from agent.catalog_planner.conditions import ConditionParse, parse_conditions
from agent.catalog_planner.edge_cases import edge_cases
from agent.catalog_planner.former_states import without_former_states
from agent.catalog_planner.goals import (
    FALLBACK_STOPS,
    Goal,
    goal_for_audience,
    read_goal,
    returning_goal,
    with_fallback_stop,
)
from agent.catalog_planner.guard_phrases import take_guards
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.lists import Enumeration
from agent.catalog_planner.logic import all_of, condition_names
from agent.catalog_planner.parenthetical_definitions import apply_parenthetical_definitions
from agent.catalog_planner.program_labels import label_and_audience
from agent.catalog_planner.program_marks import channel_name
from agent.catalog_planner.property_people import RECORDED_ON
from agent.catalog_planner.rank_marks import apply_rank_marks
from agent.catalog_planner.rank_sentences import apply_rank_sentences
from agent.catalog_planner.refusals import refusal_for
from agent.catalog_planner.slugs import slugify, unique
from agent.catalog_planner.stated_guards import (
    Guard,
    Misses,
    shared_stops,
    stated_stops,
    stated_suppressions,
    with_stops,
)
from agent.catalog_planner.suppressions import (
    caps_text,
    channel_caps,
    frequency_cap,
    opt_out_condition,
    ticket_condition,
    unheld_cap_cases,
)
from agent.types import Refusal
from orchestrator.spec import Condition, Policy, Rule, Suppression, TraitCondition
from warehouse.catalog import Catalog

_CHANNEL_VERB = re.compile(
    r"^\s*(e-?mail|push|text|sms)\s+(?=(?:the\s+|our\s+|all\s+)?(?:users|people|anyone|those|customers|members|"
    r"everyone|them|\w+ers|\w+ists)\b)",
    re.IGNORECASE,
)


# "onboarding emails", "a win-back push", "in-app tips": a channel noun ending the item is its channel; a
# switch on or off ("turn on push notifications") names the permission, not a channel
_CHANNEL_NOUN = re.compile(
    r"^(?!.*\b(?:turn(?:ed|s)?|switch(?:ed|es)?|enabled?|disabled?|allow(?:ed|s)?|grant(?:ed|s)?|opt(?:ed)?)\b)"
    r".*\b(e-?mails?|push(?:es)?|sms|texts?|in-app(?: messages?)?)\s*$",
    re.IGNORECASE,
)


_SENTENCE = re.compile(r"(?<=[.!?:])\s+|\n+")
_PEOPLE_FIRST = re.compile(
    r"^\s*(?:the\s+|all\s+)?(?:users|people|anyone|those|customers|members)\b", re.IGNORECASE
)
_EVERYONE = re.compile(
    r"\b(?:anyone|everyone|anybody|everybody|no one|nobody|users|people|those)\b", re.IGNORECASE
)


def build_rule(
    rule_id: str, description: str, goal: Goal, scope: list[Condition], priority: int
) -> Rule | None:
    """Assemble one rule from a goal and the shared scope (None when the goal has no audience)."""
    audience = all_of([*scope, *goal.audience])
    if audience is None:
        return None
    return Rule(
        id=rule_id,
        description=description,
        audience=audience,
        priority=priority,
        purpose="service" if goal.kind == "support" else "marketing",
        channels=channel_plan(goal.kind, rule_id),
        stop_conditions=goal.stops,
        template_key=rule_id,
        conversion=goal.conversion,
    )


def _describe(cond: Condition) -> str:
    """Return a short reading of a scope condition: `subscription_status = trial`."""
    if isinstance(cond, TraitCondition):
        symbol = {
            "eq": "=",
            "ne": "!=",
            "gt": ">",
            "gte": ">=",
            "lt": "<",
            "lte": "<=",
            "in": "in",
            "not_in": "not in",
        }
        return f"{cond.trait} {symbol.get(cond.op, cond.op)} {cond.value}"
    return cond.kind


# "Priority order for lapsed users:", "Set priorities for users who haven't worked out in 14 days:", "Churned
# users:", "high-intent visitors who viewed pricing 3+ times:", "lapsed runners:"
_HEAD_PEOPLE = re.compile(
    r"(?:\b(?:for|among)\s+|^\s*)(?P<people>(?:(?!\b(?:for|among)\b)[^,:;.])*?\b(?:users|people|customers|members|subscribers|"
    r"signups|trials|anyone|everyone|visitors|folks|fans|lovers|trialists|newcomers|runners|cyclists|yogis|lifters|"
    r"riders)\b[^,:;.]*)",
    re.IGNORECASE,
)


# A relative clause, a parenthesis or a number in the people phrase says more than the state it names.
# ("new signups in their first week": the week is said of them, beyond the state "new" names)
_CLAUSE = re.compile(
    r"\(|\d|\b(?:who|whose|that|which|with|without)\b|\b(?:in|within|during)\s+(?:their|the|its)\s+(?:first|last|past|opening)\b",
    re.IGNORECASE,
)


def scope_with_people(scope: list[Condition], head: str, catalog: Catalog, lexicon: Lexicon) -> list[Condition]:
    """Return the scope with the people the head names read in full ("for lapsed users" → the lapse) when the
    states alone miss them or misread them ("annual subscribers who haven't worked out in 30 days": read as
    states only, the negation lands on "subscribers"); the states stay when the full reading only adds to
    them ("new signups" is the state it names). Nothing changes when the phrase does not map fully."""
    m = _HEAD_PEOPLE.search(head)
    if m is None:
        return scope
    states = parse_conditions(m["people"], catalog, lexicon, states_only=True).conditions
    parsed = parse_conditions(m["people"], catalog, lexicon)
    # A relative clause ("who haven't worked out in 30 days") is never the state it follows: read it in full.
    only_adds = states and all(c in parsed.conditions for c in states) and not _CLAUSE.search(m["people"])
    if parsed.unexpressed or not parsed.conditions or only_adds:
        return scope
    kept = [c for c in scope if c not in states]
    return [*kept, *(c for c in parsed.conditions if c not in kept)]


# "… users who own an Apple Watch", "subscribers on the annual plan": what follows says who the people are
_PEOPLE_CLAUSE = re.compile(
    r"\b(?P<clause>(?:users|people|anyone|those|customers|members|subscribers|trials|signups)\s+"
    r"(?P<joiner>who|whose|that|with|without|on|in|from)\s+.+)$",
    re.IGNORECASE,
)


def _alternative(word: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:or|and|nor)\s+(?:the\s+)?{re.escape(word)}\b|\b{re.escape(word)}\s*,?\s+(?:or|and)\b", re.I)


def _unsaid_of_people(item: str, catalog: Catalog, lexicon: Lexicon) -> list[str]:
    """Return what an item's people clause says that no catalog entry reads ("who own an Apple Watch", "who
    drink coffee"); after "with" a clause of no catalog word ("with an email series") is the message."""
    m = _PEOPLE_CLAUSE.search(item)
    if m is None:
        return []
    parsed = parse_conditions(m["clause"], catalog, lexicon)
    if m["joiner"].lower() in ("who", "whose", "that"):
        return parsed.unexpressed
    if m["joiner"].lower() in ("from", "in", "on"):
        # "users from Brazil or Mexico", "on iOS or Windows": an alternative the catalog lacks, beside one it has,
        # was dropped (the people were read as Brazil's alone)
        return [u for u in parsed.unexpressed if _alternative(u).search(m["clause"])]
    return parsed.unread


def _closest_values(unsaid: list[str], head: str, catalog: Catalog, lexicon: Lexicon) -> list[str]:
    """Return the values the catalog holds of the trait the people's other alternative reads ("country = US", …)."""
    m = _PEOPLE_CLAUSE.search(head)
    parsed = parse_conditions(m["clause"], catalog, lexicon) if m else None
    traits = [c.trait for c in (parsed.conditions if parsed else []) if isinstance(c, TraitCondition)]
    return [f"{t} = {v}" for t in dict.fromkeys(traits) for v in (catalog.trait(t).values or [])] if unsaid else []


def _recorded_on_events(head: str, catalog: Catalog, lexicon: Lexicon) -> Refusal | None:
    """Return the refusal of shared people named by a value the catalog records only on events ("For annual
    subscribers": the plan is kept on subscription_started, not as what a user is now), else None."""
    m = _HEAD_PEOPLE.search(head)
    if m is None:
        return None
    parsed = parse_conditions(m["people"], catalog, lexicon)
    if not any(RECORDED_ON in s for s in parsed.suggestions):
        return None
    return refusal_for(parsed.unexpressed, parsed.suggestions, catalog, what="people phrase")


def within_scope(scope: list[Condition], own: list[Condition]) -> list[Condition]:
    """Return a program's audience under the shared scope; a scope condition on a trait the program pins
    itself gives way ("for trial users: … a win-back for users whose trial expired" is about expired users)."""
    pinned = {c.trait for c in own if isinstance(c, TraitCondition) and c.op in ("eq", "in")}
    kept = [c for c in scope if not (isinstance(c, TraitCondition) and c.trait in pinned)]
    return [*kept, *own]


def _label_and_people(item: str) -> Iterator[tuple[str, str]]:
    """Yield the ways an item names its people: all of it ("users who started checkout but did not
    subscribe"), then a label and its people ("workout reminders for users inactive 10 days")."""
    if _PEOPLE_FIRST.match(item):
        yield item, item
    split = label_and_audience(item)
    if split is not None:
        yield split


def _item_goal(item: str, scope: list[Condition], catalog: Catalog, lexicon: Lexicon) -> Goal:
    """Read one item: a program and its audience ("workout reminders for users inactive 10 days": the label
    names the goal, the people phrase the audience) or a goal phrase; the goal's audience includes the scope."""
    for label, people in _label_and_people(item):
        audience = parse_conditions(people, catalog, lexicon)
        if audience.conditions and not audience.unexpressed:
            audience.conditions = within_scope(scope, audience.conditions)
            return with_fallback_stop(goal_for_audience(label, audience, catalog, lexicon), catalog, lexicon)
    goal = read_goal(item, catalog, lexicon, scope)
    goal.audience = [*scope, *goal.audience]
    if goal.kind == "state":  # "a win-back for cancelled ones": back in the converted state ends it
        back = returning_goal(item, ConditionParse(conditions=goal.audience), catalog, lexicon)
        goal = back if back is not None else goal
    return with_fallback_stop(goal, catalog, lexicon)


def draft_policy(prompt: str, listing: Enumeration, catalog: Catalog, lexicon: Lexicon) -> Policy | Refusal:
    """Draft the policy for an enumerated decision prompt, or refuse naming the items that map to nothing."""
    # "Trial first." ranks a program (it scopes none); "priority two is …", "… (3)" rank their own item
    listing = apply_rank_sentences(apply_rank_marks(listing))
    # "For newly registered users (signed up in the last 3 days):": the definition replaces the word it defines
    listing = Enumeration(
        apply_parenthetical_definitions(listing.head, catalog, lexicon), listing.items, listing.tail, listing.explicit
    )
    head, head_guards = take_guards(listing.head)
    tail, tail_guards = take_guards(listing.tail)
    scope: list[Condition] = []
    for sentence in _SENTENCE.split(f"{head}. {tail}"):
        # each sentence alone: a negation in one ("No messages to …") never reaches a state in another
        scope += [
            c
            for c in parse_conditions(sentence, catalog, lexicon, states_only=True).conditions
            if c not in scope
        ]
    # "For subscribers who cancelled in the last 2 weeks": subscribers is who they were, not `active` now
    scope = without_former_states(scope_with_people(scope, head, catalog, lexicon), catalog)
    shared = [*head_guards, *tail_guards]
    items: list[tuple[str, list[Guard]]] = []
    for raw in listing.items:
        item, guards = take_guards(raw)
        item = item.strip(" ,;.")
        # A guard standing alone ("Stop once they subscribe.") or "never message anyone who ..." inside an
        # item speaks of every rule.
        shared += [g for g in guards if not item or (g[0] == "suppress" and _EVERYONE.search(g[1]))]
        if item:
            items.append((item, [g for g in guards if g not in shared]))
    taken: set[str] = set()
    rules: list[Rule] = []
    goals: list[Goal] = []
    # "For VIP customers who spent over $500:" a clause of the shared people the catalog cannot say is named
    # (the scope kept its states alone, and the refusal named the bare program labels instead)
    recorded = _recorded_on_events(head, catalog, lexicon)
    if recorded is not None:
        return recorded  # "For annual subscribers": read as states only, "annual" was silently dropped
    unsaid_scope = _unsaid_of_people(head, catalog, lexicon)
    if unsaid_scope:
        return refusal_for(unsaid_scope, _closest_values(unsaid_scope, head, catalog, lexicon), catalog, what="people phrase")
    failed: list[str] = []
    suggestions: list[str] = []
    misses = Misses()
    own_guards: list[tuple[list[str], list[Guard]]] = []
    for said, guards in items:
        priority = len(rules) + 1
        channel = _CHANNEL_VERB.match(said)  # "email users who ...": the verb is the channel
        item = said[channel.end() :] if channel else said
        rest = everyone_else(item, scope, [r.audience for r in rules])
        goal = rest or _item_goal(item, scope, catalog, lexicon)
        rule_id = unique(slugify(said, fallback="rule"), taken)
        rule = build_rule(rule_id, f'({priority}) "{said}"', goal, [], priority)
        unsaid = [] if rest else _unsaid_of_people(item, catalog, lexicon)
        if unsaid:
            # "upgrade subscribers who own an Apple Watch": a rule for every subscriber is broader than asked
            failed += unsaid
            continue
        if rule is None or (goal.parse.unmatched and not goal.audience):
            failed.append(said if not goal.parse.unmatched else ", ".join(goal.parse.unmatched))
            suggestions += goal.parse.suggestions
            if not scope and not goal.audience:
                # "Save offer outranks the upgrade nudge.": a program named with no people, and none shared
                hint = f"say whom '{said}' is for ('{said} for at-risk users') or whom the list is for"
                suggestions.append(f"{hint} ('For trial users: …')")
            continue
        named = channel or _CHANNEL_NOUN.search(item)
        if named:
            rule = rule.model_copy(
                update={"channels": stated_channels([channel_name(named.group(1))], rule_id)}
            )
        rules.append(with_stops(rule, stated_stops(guards, goal.audience, catalog, lexicon, misses)))
        goals.append(goal)
        own_guards.append(([rule_id], guards))
    rules = [
        with_stops(r, s)
        for r, s in zip(rules, shared_stops(shared, rules, catalog, lexicon, misses), strict=True)
    ]
    sups = stated_suppressions([("all", shared), *own_guards], catalog, lexicon, misses)
    failed = list(dict.fromkeys([*failed, *misses.phrases]))
    suggestions += misses.suggestions
    if failed or not rules:
        return refusal_for(failed or listing.items, suggestions, catalog, what="priority item")
    scope_text = " and ".join(_describe(c) for c in scope)
    return assemble_policy(prompt, listing.head, rules, goals, sups, scope_text, catalog, lexicon)


def _without_fallback_stop(rule: Rule) -> Rule:
    """Drop the fallback stop (the audience no longer holding, the funnel's end) of a rule that has a stop of
    its own ("until they complete a second workout"): it only answers when nothing else ends the program."""
    own = [s for s in rule.stop_conditions if s.id not in FALLBACK_STOPS]
    if not own or len(own) == len(rule.stop_conditions):
        return rule
    return rule.model_copy(update={"stop_conditions": own})


def _spare_service(sup: Suppression, service: list[Rule], marketing: list[str]) -> Suppression:
    """Return a stated suppression for every rule narrowed to the marketing rules when it names what a
    service rule's audience is made of: "hold off on marketing while a ticket is open" must not silence
    the support follow-up for users with an open ticket."""
    if sup.applies_to != "all" or not marketing:
        return sup
    if any(condition_names(sup.condition) & condition_names(r.audience) for r in service):
        return sup.model_copy(update={"applies_to": marketing})
    return sup


def assemble_policy(
    prompt: str,
    head: str,
    rules: list[Rule],
    goals: list[Goal],
    stated: list[Suppression],
    scope_text: str,
    catalog: Catalog,
    lexicon: Lexicon,
) -> Policy:
    """Wrap ordered rules in a policy: the stated suppressions, then the catalog's guards (opt-out, open
    tickets for the marketing rules), the frequency cap, and the edge cases a reviewer would ask about."""
    marketing = [r.id for r, g in zip(rules, goals, strict=True) if g.kind != "support"]
    has_support = len(marketing) < len(rules)
    service = [r for r in rules if r.id not in marketing]
    sups = [_spare_service(s, service, marketing) for s in stated]
    taken = {s.id for s in sups}
    said = [s.condition for s in sups]
    opt_out = opt_out_condition(lexicon)
    if opt_out is not None and marketing and opt_out not in said and "marketing_opt_out" not in taken:
        sups.append(
            Suppression(
                id="marketing_opt_out",
                description="Never send marketing to users who opted out.",
                condition=opt_out,
                applies_to=marketing if has_support else "all",
            )
        )
    ticket = ticket_condition(lexicon)
    if ticket is not None and marketing and ticket not in said and "open_support_ticket" not in taken:
        sups.append(
            Suppression(
                id="open_support_ticket",
                description="Hold marketing while a support ticket is open.",
                condition=ticket,
                applies_to=marketing if has_support else "all",
            )
        )
    rules = [_without_fallback_stop(r) for r in rules]
    cap, _ = frequency_cap(prompt, of_one_channel=False)  # "2 pushes a week" is push's cap, not every channel's
    by_channel = channel_caps(prompt)
    return Policy(
        id=f"{slugify(head, fallback='priority')}_policy",
        description=f'Priority policy for: "{prompt.strip()}"',
        rules=rules,
        suppressions=sups,
        frequency_cap=cap,
        channel_caps=by_channel,
        edge_cases=[
            *edge_cases(rules, goals, sups, caps_text(cap, by_channel), scope_text, catalog),
            *unheld_cap_cases(prompt),  # "2 messages a day and 5 a week": the second is said, never dropped silently
        ],
    )
