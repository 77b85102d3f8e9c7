"""Global guards found through the catalog's own words: marketing opt-out, open tickets, frequency caps."""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.text import normalize
from orchestrator.spec import Condition, FrequencyCap, TraitCondition

DEFAULT_CAP = FrequencyCap(max_sends=3, per_days=7)
_PERIOD_DAYS = {"day": 1, "daily": 1, "week": 7, "weekly": 7, "month": 30, "monthly": 30}


def opt_out_condition(lexicon: Lexicon) -> Condition | None:
    """Return `<consent trait> eq false` for the boolean trait the catalog calls "opted out"."""
    for phrase in ("opted out", "unsubscribed", "marketing opt in", "marketing consent"):
        for entry in lexicon.entries_for(phrase):
            if entry.kind == "trait":
                return TraitCondition(trait=entry.name, op="eq", value=False)
    return None


def ticket_condition(lexicon: Lexicon) -> Condition | None:
    """Return `<open tickets trait> gte 1` for the count trait the catalog calls "open support tickets"."""
    for phrase in ("open support tickets", "open tickets", "unresolved tickets"):
        for entry in lexicon.entries_for(phrase):
            if entry.kind == "trait":
                return TraitCondition(trait=entry.name, op="gte", value=1)
    return None


CAP = re.compile(
    r"(\d+)\s*(?:messages?|sends?|touches?|notifications?|emails?|push(?:es)?|contacts?)\s*"
    r"(?:per|a|an|each|every|/)\s*(?:(\d+)\s*days?|(day|week|month))\b|(\d+)\s*(?:messages?|sends?)\s+(daily|weekly|monthly)"
)


def frequency_cap(prompt: str) -> tuple[FrequencyCap, str]:
    """Return the cap the prompt states ("no more than 2 messages a week"), else 3 per 7 days, and its text."""
    m = CAP.search(normalize(prompt))
    if m and (m.group(1) or m.group(4)):
        sends = int(m.group(1) or m.group(4))
        days = int(m.group(2)) if m.group(2) else _PERIOD_DAYS[m.group(3) or m.group(5)]
        cap = FrequencyCap(max_sends=max(1, min(sends, 100)), per_days=max(1, min(days, 90)))
    else:
        cap = DEFAULT_CAP
    return cap, f"at most {cap.max_sends} sends per {cap.per_days} days"
