"""Find an event property's value said of people ("annual subscribers", "monthly members"): the warehouse
records the plan only on the events that carry it (`subscription_started.plan`), not as what a user is now, so
reading the people without it would widen the audience and reading it as an event would guess. The phrase is
refused by name, with the events that do record the value."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.catalog_planner.lexicon import Entry
from agent.catalog_planner.mentions import Mention
from agent.catalog_planner.program_marks import CHANNEL_WORD
from agent.catalog_planner.text import Token

_CHANNEL = re.compile(CHANNEL_WORD, re.IGNORECASE)
RECORDED_ON = "is recorded only on"  # how the refusal of such a value says where it is kept


def property_of_people(
    all_tokens: Sequence[Token], props: Sequence[tuple[Entry, ...]], unused: set[str], mentions: Sequence[Mention],
    tokens: Sequence[Token],
) -> list[tuple[str, tuple[Entry, ...]]]:
    """Return (phrase, property entries) for each unused property value right before a state of the people."""
    # only a state the people are in ("subscribers"), not a count ("billing tickets" reads elsewhere)
    states = {tokens[m.match.first].start: m for m in mentions if m.kind == "value"}
    found: list[tuple[str, tuple[Entry, ...]]] = []
    for i, (token, entries) in enumerate(zip(all_tokens, props, strict=True)):
        if not entries or token.text not in unused or _CHANNEL.fullmatch(token.text):
            # a channel is how people are reached ("email trial users"), never who they are
            continue
        names = {str(e.prop) for e in entries}  # "annual plan subscribers": the property's own name between
        after = next((t for t in all_tokens[i + 1 :] if not t.is_stopword and t.text.rstrip("s") not in names), None)
        state = states.get(after.start) if after is not None else None
        if state is None:
            continue
        # the plan of a subscription said of subscribers; "other" (a ticket's reason) says nothing of trial users
        related = tuple(e for e in entries if e.name.split("_")[0] == str(state.trait).split("_")[0])
        if related:
            end = tokens[state.match.last].end
            found.append((" ".join(t.text for t in all_tokens[i:] if t.end <= end), related))
    return found


def recorded_on(entries: Sequence[Entry]) -> str:
    """Say where a property value is recorded: "plan = annual is recorded only on subscription_started …"."""
    first = entries[0]
    events = ", ".join(sorted({e.name for e in entries}))
    return f"{first.prop} = {first.value} {RECORDED_ON} {events} events, not as a user's current state"
