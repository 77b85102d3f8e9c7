"""Read a stop on a one-off act ("stop once they subscribe", "… as soon as they view pricing") as the act done
since the rule could reach them, not ever: a stop condition is checked at each run against the data, and the
spec has no window "since the rule first reached this person" (`orchestrator/spec.py`), so an all-time count is
already met by anyone who did it before (a cancelled subscriber has subscribed; a trial user may have viewed
pricing), who would be stopped before the first send. The act is read as the state it enters when the catalog
names one (`subscription_started` → `subscription_status = active`): whether they are in it now is known at each
run, whatever they did before. An act that enters no state keeps its count (a short window would let them back
in a day later; `state_history.new_event_stop` reads a new one when the audience says they did it before), and so
does an audience that waits on the act never having happened ("never subscribed"): for them it is the same."""

from __future__ import annotations

from orchestrator.spec import AllOf, Condition, EventCondition, TraitCondition


def _leaves(conds: list[Condition]) -> list[Condition]:
    out: list[Condition] = []
    for cond in conds:
        out += _leaves(list(cond.conditions)) if isinstance(cond, AllOf) else [cond]
    return out


def _never_done(cond: Condition, event: str, count_trait: str | None) -> bool:
    """Return True when an audience condition says the act never happened (all time)."""
    if isinstance(cond, EventCondition):
        none = (cond.op == "eq" and cond.count == 0) or (cond.op == "lt" and cond.count == 1)
        return cond.event == event and cond.within_days is None and none
    if isinstance(cond, TraitCondition) and cond.trait == count_trait:
        return (cond.op == "eq" and cond.value == 0) or (cond.op == "lt" and cond.value == 1)
    return False


def since_reached(
    stop: Condition,
    event: str,
    count_trait: str | None,
    entered: TraitCondition | None,
    audience: list[Condition],
) -> Condition:
    """Return the state `entered` by a one-off act when `stop` counts one or more of `event` over all time and the
    audience does not wait on it never happening; else `stop`."""
    all_time = isinstance(stop, EventCondition) and stop.within_days is None and not stop.where
    if entered is None or not all_time or any(_never_done(cond, event, count_trait) for cond in _leaves(audience)):
        return stop
    return entered
