"""Split a share question's words into its population and its target ("of users who viewed pricing | started
checkout")."""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.catalog_planner.former_states import past_state, replaced_by
from agent.catalog_planner.refusals import refusal_for
from agent.types import Refusal
from orchestrator.spec import AllOf, Condition, TraitCondition
from warehouse.catalog import Catalog

# Reads words as an audience: its condition, or the refusal naming what no catalog entry takes
Reader = Callable[[str], tuple[Condition | None, Refusal | None]]

# A join that starts a share's target ("of trial users *have* push enabled"); a relative pronoun starts the
# population's own clause instead ("of users *who* viewed pricing started checkout").
_SHARE_JOIN = re.compile(r"^(?:(?:have|has|had|are|is|were|was|with|did|do|does|went on to)\s+)+")
_AND = re.compile(r"^and\s+")
# A word that starts a modifier of the population ("… in their first week", "… on iOS") or ends it mid-phrase
_MODIFIER = re.compile(
    r"(?:in|on|from|during|over|within|at|for|since|before|after|of|by|to|the|a|an|their|this|last|past|"
    r"first|any|some|more|less|than|or|and|not|no|who|that|which)\b"
)
# Words that name people and nothing more ("what share of *users* on iOS": no population clause)
PEOPLE_NOUNS = re.compile(
    r"\s*(?:of\s+)?(?:(?:our|the|all|distinct|unique)\s+)?(?:users?|people|persons?|customers?|members?|subscribers?|"
    r"accounts?|folks|trialists|learners|athletes|buyers|payers|churners|signups|sign ups|new users)\b"
)


def and_leaves(cond: Condition | None) -> list[Condition]:
    """Return the conditions an audience ANDs together."""
    if cond is None:
        return []
    return [leaf for c in cond.conditions for leaf in and_leaves(c)] if isinstance(cond, AllOf) else [cond]


def _ends(kept: list[Condition], target: Condition, catalog: Catalog) -> bool:
    """Return whether the target ends a state the population holds ("trial users with … converted"): a former
    state, read below from the cut that keeps the population's whole clause, never a population of no one."""
    return any(replaced_by(k, and_leaves(target), catalog) for k in kept)


def share_split(phrase: str, read: Reader, catalog: Catalog) -> tuple[Condition | None, Condition] | Refusal:
    """Split "<population> <target>" into the population's audience and the rest of the whole phrase's.

    The population may carry its own clause ("users who viewed pricing started checkout") and the join may be
    a bare verb ("users opted in to marketing"), so no single word marks the cut. Cuts are tried at a join
    word ("have", "are", "with"), then before any other word but a modifier's, each from the right, then
    after bare people ("users on iOS"). A cut counts when both sides read with nothing left over and the
    population's conditions are some of the whole phrase's; the target is the whole phrase's others, so what
    the whole reads in context ("received a push and opened it": the push) is kept. Failing that, a cut whose
    sides each read in full (see below).
    """
    whole, refusal = read(_SHARE_JOIN.sub("", phrase))
    leaves = and_leaves(whole)
    cuts = [w.start() for w in reversed(list(re.finditer(r"\S+", phrase))[1:])]
    joined = [c for c in cuts if _SHARE_JOIN.match(phrase[c:])]
    plain = [c for c in cuts if c not in joined and not _MODIFIER.match(phrase[c:])]
    # "users who signed up last week and completed a workout": the "and" a period's end was given
    # (`question_never_acts`) joins the population to the target, tried last
    anded = [c for c in cuts if _AND.match(phrase[c:])]
    for cut in joined + plain + anded if refusal is None else []:
        head, tail = phrase[:cut], _SHARE_JOIN.sub("", _AND.sub("", phrase[cut:]))
        if _MODIFIER.fullmatch(head.split()[-1]):
            continue
        population, p_refusal = read(head)
        target, t_refusal = read(tail)
        kept = and_leaves(population)
        rest = [leaf for leaf in leaves if leaf not in kept]
        if p_refusal or t_refusal or target is None or not rest or any(k not in leaves for k in kept) or _ends(
            kept, target, catalog
        ):
            continue
        return population, rest[0] if len(rest) == 1 else AllOf(conditions=rest)
    # Read at once, the whole phrase may take a word otherwise ("cancelled users had …": the cancellation
    # event, not the state) or not at all (a window said on both sides: "opened the app in the last 7 days
    # completed a workout in the last 7 days"): then a cut at a join word, or failing the whole, before any
    # word, whose two sides each read in full is what was asked.
    for cut in joined if refusal is None else joined + plain:
        head = phrase[:cut]
        if _MODIFIER.fullmatch(head.split()[-1]):
            continue
        population, p_refusal = read(head)
        target, t_refusal = read(_SHARE_JOIN.sub("", phrase[cut:]))
        if p_refusal is None and t_refusal is None and population is not None and target is not None and not _ends(
            and_leaves(population), target, catalog
        ):
            return population, target
    if refusal is not None:
        return refusal  # a word no entry takes, named as in any question
    if whole is not None and PEOPLE_NOUNS.match(phrase):
        return None, whole
    for cut in plain if refusal is None else []:
        # "what share of trial users converted": the people are who they were before the act ended the state
        population, p_refusal = read(phrase[:cut])
        target, t_refusal = read(phrase[cut:])
        kept = and_leaves(population)
        ended = [k for k in kept if replaced_by(k, and_leaves(target), catalog)]
        if p_refusal or t_refusal or target is None or not ended:
            continue
        # "what share of trial users who viewed pricing twice subscribed": the state is who they were, and the
        # rest of their clause still says who they are (cut after "trial", the views joined the target)
        began = [b for k in ended if isinstance(k, TraitCondition) and (b := past_state(k, catalog)) is not None]
        held = began + [k for k in kept if k not in ended]
        return (held[0] if len(held) == 1 else AllOf(conditions=held) if held else None), target
    return refusal_for(
        [phrase], [], catalog, what="share (say whose share of what: 'of <people> who have <condition>')"
    )
