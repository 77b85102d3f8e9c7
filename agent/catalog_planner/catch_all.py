"""Read a listed program that names no people and nothing the catalog knows ("then promos", "3) weekly digest
email", "a general newsletter") after programs that do as the program for everyone the others leave, as
"everyone else gets the weekly digest" says. First, before programs that all name their people ("the tips digest,
then the save offer for at-risk users, then …"), it is for all of those people, whom it wins; first before
anything else it still refuses, naming what it could not read."""

from __future__ import annotations

import re

from agent.catalog_planner.conditions import parse_conditions
from agent.catalog_planner.goals import GOAL_VERBS, read_goal
from agent.catalog_planner.guard_phrases import take_guards
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.lists import Enumeration
from agent.catalog_planner.program_labels import LIFECYCLE_VERBS, label_and_audience
from agent.catalog_planner.program_shapes import PEOPLE_IN_LABEL
from warehouse.catalog import Catalog

# "celebrate birthdays", "upsell annual plans": a goal about people the catalog cannot read, which it refuses
_AIM = re.compile(rf"^\s*(?:{LIFECYCLE_VERBS}|{'|'.join(sorted(GOAL_VERBS))})\b", re.IGNORECASE)


# "the tips digest for everyone else", "tips digest — everyone else": the program's people are whoever the items before it leave
_FOR_THE_REST = re.compile(
    r"^(?P<label>.+?)\s*(?:\s(?:for|to)|[-:\u2013\u2014])\s+(?:everyone|everybody|anyone|anybody|all)\s+(?:else|other users|others)\s*$|"
    r"^(?P<label2>.+?)\s*(?:\s(?:for|to)|[-:\u2013\u2014])\s+(?:the rest|all the rest|the others|all others)\s*$",
    re.IGNORECASE,
)


def _for_the_rest(item: str) -> str | None:
    """Return the label of an item said for everyone else ("the tips digest for everyone else"), else None."""
    m = _FOR_THE_REST.match(item.strip(" ,;."))
    return (m["label"] or m["label2"]) if m else None


def _names_nothing(item: str, catalog: Catalog, lexicon: Lexicon) -> bool:
    """Return True when an item is a program's name with no people and no aim the catalog reads."""
    text, guards = take_guards(item)
    text = text.strip(" ,;.")
    if (
        guards or not text or PEOPLE_IN_LABEL.search(text) or _AIM.match(text)
    ):  # a guard's remnant names nothing
        return False
    return not read_goal(text, catalog, lexicon, []).audience


def with_catch_alls(listing: Enumeration, catalog: Catalog, lexicon: Lexicon) -> Enumeration:
    """Return the listing with each later item that names nothing read as "the rest get <item>"; under a
    scope the head or tail states ("for users on a free trial") such an item is the scope's, left alone."""
    said = f"{take_guards(listing.head)[0]}. {take_guards(listing.tail)[0]}"
    if PEOPLE_IN_LABEL.search(said) or parse_conditions(said, catalog, lexicon, states_only=True).conditions:
        return listing
    if all(_names_nothing(item, catalog, lexicon) for item in listing.items):
        return listing  # "A comes before B, and B before C": no program names people, so none leaves any "rest"
    items = [
        f"the rest get {_for_the_rest(item) or item.strip()}"
        if index and (_for_the_rest(item) or _names_nothing(item, catalog, lexicon))
        else item
        for index, item in enumerate(listing.items)
    ]
    people = [
        split[1] for item in items[1:] if (split := label_and_audience(take_guards(item)[0].strip(" ,;.")))
    ]
    if items and people and len(people) == len(items) - 1 and _names_nothing(items[0], catalog, lexicon):
        # "the tips digest, then the save offer for at-risk users, then …": first, it wins for all of them
        items[0] = f"{items[0].strip()} for {' or '.join(people)}"
    return Enumeration(listing.head, items, listing.tail, listing.explicit)
