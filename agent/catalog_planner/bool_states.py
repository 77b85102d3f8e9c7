"""Settle on/off states against events and channels: "push turned off" is the `push_enabled` state now, "turned
off push this week" the event of turning it off, and "a push reminder" a channel, not the permission."""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import NEGATIVE_POLARITY, POSITIVE_POLARITY, Entry, Match
from agent.catalog_planner.mentions import Mention
from agent.catalog_planner.program_marks import channel_name
from agent.catalog_planner.quantities import TimeWindow
from agent.catalog_planner.text import Token
from warehouse.catalog import Catalog

_CHANNEL = r"(?:push(?:es)?|e-?mails?|sms|texts?|notifications?|push notifications?)"
# A channel named alone ("a push reminder", "received a push") is how to send, not a state of the user.
_CHANNEL_WORD = re.compile(_CHANNEL, re.IGNORECASE)
_HAVING = re.compile(rf"\b(?:has|have|having|with)\s+(?:\w+\s+)?{_CHANNEL}\b", re.IGNORECASE)


def is_bool_trait(m: Mention, catalog: Catalog) -> bool:
    """Return True for a mention of a boolean trait."""
    return m.kind == "trait" and m.trait is not None and catalog.trait(m.trait).type == "bool"


def names_a_channel(m: Mention) -> bool:
    """Return True when a mention's words are only a channel name ("push")."""
    return _CHANNEL_WORD.fullmatch(m.match.text.strip()) is not None


def _state_of_event(event: str, catalog: Catalog) -> str | None:
    """Return the one bool trait whose description names the event (`push_enabled`: "latest
    push_permission_changed event"), the state the event changes."""
    names = [t.name for t in catalog.traits if t.type == "bool" and event in (t.description or "")]
    return names[0] if len(names) == 1 else None


def _is_polarity_event(m: Mention, catalog: Catalog) -> bool:
    """Return True for an uncounted event mention whose properties are all on/off (booleans)."""
    if m.kind not in ("event", "count") or m.event is None or m.quantity is not None:
        return False
    props = catalog.event(m.event).properties.values()
    return len(props) > 0 and all(p.type == "bool" for p in props)


def _channel_values(word: str, events: set[str | None], catalog: Catalog) -> tuple[Entry, ...]:
    """Return the property values an event beside a channel phrase has for it ("push notification" is the
    push channel of `message_opened`; a bare "notification" is a push)."""
    name = "push" if word.lower().startswith("notification") else channel_name(word)
    return tuple(
        Entry("property_value", event, value=name, prop=prop)
        for event in sorted(e for e in events if e)
        for prop, spec in catalog.event(event).properties.items()
        if spec.type == "enum" and name in (spec.values or [])
    )


def _as_channel_filter(m: Mention, events: set[str | None], catalog: Catalog) -> Mention | None:
    """Keep a channel word beside an event that has it as a property value ("opened a push": `message_opened`
    on the push channel) as that filter; otherwise it is how to send, and goes."""
    entries = (*m.alternatives, *m.match.entries)
    values = tuple(e for e in entries if e.kind == "property_value" and e.name in events)
    values = values or _channel_values(m.match.text.strip(), events, catalog)
    return Mention("property", m.match, alternatives=values) if values else None


def settle_bool_states(
    mentions: list[Mention], text: str, tokens: list[Token], window: TimeWindow | None, catalog: Catalog
) -> list[Mention]:
    """Return the mentions with channel words kept as states only beside on/off words or a having verb
    ("has push"), and, with no window, an on/off event read as the state it changes."""
    stems = {t.stem for t in tokens}
    said_state = bool(stems & (NEGATIVE_POLARITY | POSITIVE_POLARITY)) or bool(_HAVING.search(text))
    events = {m.event for m in mentions if m.kind in ("event", "count")}
    settled = [
        m if said_state or not (is_bool_trait(m, catalog) and names_a_channel(m)) else _as_channel_filter(m, events, catalog)
        for m in mentions
    ]
    kept = [m for m in settled if m is not None]
    if window is not None:
        return kept if _HELD.search(text) else _changes_in_window(kept, catalog)
    for m in [m for m in kept if _is_polarity_event(m, catalog)]:
        state = _state_of_event(m.event or "", catalog)
        if state is not None and not any(o.trait == state for o in kept if is_bool_trait(o, catalog)):
            # named by the event, whose words carry no polarity: the clause's on/off word sets it later
            kept.append(Mention("trait", Match(m.match.first, m.match.last, (), m.event or ""), trait=state))
    if any(is_bool_trait(m, catalog) for m in kept):
        kept = [m for m in kept if not _is_polarity_event(m, catalog)]
    return kept


# "had push enabled last month" says the state held then, not that it changed: no event reads it
_HELD = re.compile(r"\b(?:had|has|have|having|with)\b", re.IGNORECASE)


def _changes_in_window(mentions: list[Mention], catalog: Catalog) -> list[Mention]:
    """Read "enabled push in the last 3 days" as the event that changes the state, in the window: a state has
    no time, so the window would otherwise be lost (beside another event the window is that event's)."""
    if any(m.kind in ("event", "count") for m in mentions):
        return mentions
    out: list[Mention] = []
    for m in mentions:
        changed = [
            e.name for e in catalog.events if is_bool_trait(m, catalog) and _state_of_event(e.name, catalog) == m.trait
        ]
        out.append(Mention("event", m.match, event=changed[0], negated=m.negated) if len(changed) == 1 else m)
    return out
