"""Rewrite a state entered in a window ("became paying customers last month", "went on trial this week", "started
paying in the last 30 days") as the event that enters it in that window (`subscription_started` last month): a
state has no date, the event that leads to it does (`goals.state_reached_by`). The rule says what was read; the
people may have left the state since, as "who became paying last month" says of them too."""

from __future__ import annotations

import re

from agent.catalog_planner.idiom_rewrite import substitute
from agent.catalog_planner.lexicon import Lexicon
from warehouse.catalog import Catalog

_ENTERED = re.compile(
    r"\b(?P<verb>became|become|becomes|becoming|turned|turn|went|gone|go|started|start|starting|converted|switched|"
    r"moved)\s+(?:(?:to|into|on(?:to)?|in)\s+)?(?:(?:a|an|the)\s+)?(?P<state>[a-z][\w-]*(?:\s+[a-z][\w-]*)??)\s+"
    r"(?P<window>(?:(?:in|during|over|within)\s+)?(?:the\s+)?(?:last|past|previous|this)\s+(?:\d+\s+)?"
    r"(?:days?|weeks?|months?|wks?|mos?)\b|yesterday\b|today\b|recently\b)",
    re.IGNORECASE,
)


def _event_words(event: str, catalog: Catalog, lexicon: Lexicon) -> str | None:
    """Return words that name the event and nothing else ("subscribed" for `subscription_started`)."""
    spec = catalog.event(event)
    for words in [*spec.synonyms, spec.name.replace("_", " ")]:
        entries = {(e.kind, e.name) for e in lexicon.entries_for(words)}
        if entries == {("event", event)}:
            return words
    return None


def read_entered_states(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "became <state> <window>" as the event entering that state in the window, said in `notes`."""
    from agent.catalog_planner.goals import state_reached_by  # goals imports the parser this rewrite runs in

    if not _ENTERED.search(text):
        return text  # the map below reads every event against the whole lexicon: only when a state is entered
    entered = {
        (s.trait, str(s.value)): e.name
        for e in catalog.events
        if (s := state_reached_by(e.name, catalog, lexicon)) is not None
    }

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        values = {(e.name, str(e.value)) for e in lexicon.entries_for(m["state"]) if e.kind == "value"}
        events = {entered[v] for v in values if v in entered}
        if len(events) != 1:
            return None  # "became inactive this week": no event enters it, and the words keep their reading
        event = next(iter(events))
        if any(e.kind == "event" for e in lexicon.entries_for(f"{m['verb']} {m['state']}")):
            return None  # "started a trial this week" names the event itself
        words = _event_words(event, catalog, lexicon)
        if words is None:
            return None
        trait, value = next(v for v in values if entered.get(v) == event)
        note = (
            f"'{m.group(0)}' read as {event} {m['window']} (the event that enters {trait} = {value}: a state has "
            "no date; they may have left it since)"
        )
        return f"{words} {m['window']}", note

    return substitute(_ENTERED, text, build, notes)
