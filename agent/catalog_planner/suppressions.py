"""Global guards found through the catalog's own words: marketing opt-out, open tickets, frequency caps."""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.program_marks import CHANNEL_WORD
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
    r"(\d+)\s*(?:marketing\s+)?(?:messages?|sends?|touches?|notifications?|emails?|push(?:es)?|contacts?)\s*"
    r"(?:per|a|an|each|every|/)\s*(?:(\d+)\s*days?|(day|week|month))\b|(\d+)\s*(?:messages?|sends?)\s+(daily|weekly|monthly)|"
    # "cap it at 2 per week", "max 2 a week": the cap word says what is counted
    r"(?:cap(?:ped)?(?:\s+(?:it|them|sends|messages|messaging))?\s+at|max(?:imum)?(?:\s+of)?|at most|no more than|up to)"
    r"\s+(\d+)\s*(?:per|a|an|each|every|/)\s*(?:(\d+)\s*days?|(day|week|month))\b"
)


# "never message anyone twice in one day", "don't send more than 2 times a week": a cap said as a prohibition
# (on normalised text, where "twice in one day" reads "2 in 1 day")
NEVER_MORE = re.compile(
    r"\b(?:never|don't|do not|not|nobody|no one)\b[^.;!?]*?\b(?:(?P<twice>twice|2)|more than (?:(?P<once>once|1)|"
    r"(?P<n>\d+) times?))\s+(?:in\s+(?:one|1|a|the same|a single)|a|an|per|each|every)\s+(?P<period>day|week|month)\b"
)


_CHANNEL_WORD = re.compile(rf"\b{CHANNEL_WORD}\b")


def frequency_cap(prompt: str) -> tuple[FrequencyCap, str]:
    """Return the cap the prompt states ("no more than 2 messages a week"), else 3 per 7 days, and its text."""
    text = normalize(prompt)
    m = CAP.search(text)
    never = NEVER_MORE.search(text)
    if m:
        sends = int(m.group(1) or m.group(4) or m.group(6))
        span = m.group(2) or m.group(7)
        days = int(span) if span else _PERIOD_DAYS[m.group(3) or m.group(5) or m.group(8)]
        cap = FrequencyCap(max_sends=max(1, min(sends, 100)), per_days=max(1, min(days, 90)))
    elif never:
        sends = int(never["n"]) if never["n"] else 1  # "never twice" and "not more than once" allow one
        cap = FrequencyCap(max_sends=max(1, min(sends, 100)), per_days=_PERIOD_DAYS[never["period"]])
    else:
        cap = DEFAULT_CAP
    said = m.group(0) if m else never.group(0) if never else ""
    channel = _CHANNEL_WORD.search(said)
    if channel:  # "no more than 2 pushes a week": a cap counts every send, so say it is not one channel's
        return cap, f"{cap_text(cap)}, counted on every channel: a cap cannot count {channel.group(0)} alone"
    return cap, cap_text(cap)


def cap_text(cap: FrequencyCap) -> str:
    """Return how a policy's edge cases word a cap: "at most 2 sends per 7 days"."""
    return f"at most {cap.max_sends} sends per {cap.per_days} days"


def states_cap(text: str) -> bool:
    """Return True when a text states a frequency cap."""
    normal = normalize(text)
    return bool(CAP.search(normal) or NEVER_MORE.search(normal))
