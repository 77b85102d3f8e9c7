"""Read a state the words after it leave as who people were: "paying customers who cancelled", "subscribers
who cancelled last month", "trial users who converted". Both at once would be no one (a cancelled subscriber is
no longer `active`; a trial user who converted is `active` now), so the state is the past the act ended.

An act ends a state when it is named for another value of the state's trait (`subscription_cancelled` for
`cancelled`) or when the description's gloss of another value says the act (`active (a subscription started
…)` for `subscription_started`). The past state is kept as the event named for its value when the catalog has
exactly one act that leads into it (`trial` → `trial_started`, `active` → `subscription_started`); otherwise the
act alone says enough.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.catalog_planner.lexicon import value_glosses
from agent.catalog_planner.state_history import event_stems
from agent.catalog_planner.text import content_stems
from orchestrator.spec import AllOf, Condition, EventCondition, TraitCondition
from warehouse.catalog import Catalog

# what a gloss says did not happen, or happened under a bound ("new (fewer than 2 completed workouts)": a workout
# does not move people into new), is no act that leads into the value
_NEGATION = re.compile(r"\b(?:not|no|never|without|fewer|less)\b")


def _leads_into(event: str, value: str, trait: str, catalog: Catalog) -> bool:
    """Return True when the act puts people in `value`: named for it, or said by its gloss."""
    if value in event.split("_"):
        return True
    stems = event_stems(event)
    # "a subscription started and not cancelled since": only what the gloss says happened, not what did not;
    # "a free trial started less than 14 days ago": the act before the bound
    glosses = [_NEGATION.split(g)[0] for g in value_glosses(value, catalog.trait(trait).description or "")]
    return bool(stems) and any(stems <= set(content_stems(g)) for g in glosses)


def replaced_by(head: Condition, clause: Sequence[Condition], catalog: Catalog) -> bool:
    """Return True when the clause gives the head's one-value state another value, or an act that moves people
    into another value of it (see the module docstring)."""
    if not isinstance(head, TraitCondition) or head.op != "eq" or catalog.trait(head.trait).type != "enum":
        return False
    others = [str(v) for v in catalog.trait(head.trait).values or [] if str(v) != str(head.value)]
    return any(
        (isinstance(c, TraitCondition) and c.trait == head.trait and c.op == "eq" and c.value != head.value)
        or (
            isinstance(c, EventCondition)
            and c.op != "eq"
            and not _leads_into(c.event, str(head.value), head.trait, catalog)
            and any(_leads_into(c.event, v, head.trait, catalog) for v in others)
        )
        for c in clause
    )


def without_former_states(conditions: Sequence[Condition], catalog: Catalog) -> list[Condition]:
    """Return the conditions without a state the others end ("subscribers who cancelled in the last 2 weeks":
    subscribers is who they were, not `active` now beside the cancellation)."""
    return [c for c in conditions if not replaced_by(c, [o for o in conditions if o is not c], catalog)]


def past_state(head: TraitCondition, catalog: Catalog) -> EventCondition | None:
    """Return 'did the one act that puts people in the state at least once' (`trial` → `trial_started`,
    `active` → `subscription_started` by its gloss), or None when no single act does."""
    acts = [e.name for e in catalog.events if _leads_into(e.name, str(head.value), head.trait, catalog)]
    return EventCondition(event=acts[0], op="gte", count=1) if len(acts) == 1 else None


def settle_former_states(cond: Condition | None, catalog: Catalog) -> Condition | None:
    """Replace each state of an all-of that its siblings leave as the past by the event that began it (or drop
    it): "subscribers who cancelled last month" counts the cancellations, not active users who cancelled."""
    leaves = list(cond.conditions) if isinstance(cond, AllOf) else [cond] if cond is not None else []
    settled: list[Condition] = []
    for leaf in leaves:
        others = [c for c in leaves if c is not leaf]
        if isinstance(leaf, TraitCondition) and replaced_by(leaf, others, catalog):
            began = past_state(leaf, catalog)
            if began is not None and began not in others:
                settled.append(began)
            continue
        settled.append(leaf)
    if len(settled) == len(leaves) and all(a is b for a, b in zip(settled, leaves, strict=True)):
        return cond
    return settled[0] if len(settled) == 1 else AllOf(conditions=settled) if settled else None
