"""Read what a question says before its question word as part of it: "Of those who got a push last week, how
many opened it?" is "how many users who got a push last week opened it", "For trial users on iOS, what share
have push enabled?" is "what share of trial users on iOS have push enabled", and "In the last 7 days, how many
…" says its period as any trailing one does.
"""

from __future__ import annotations

import re

from agent.catalog_planner.quantities import extract_window

_ASK = r"how many|what share|what percentage|what percent|what proportion|what fraction"
_LEAD = re.compile(
    rf"^\s*(?:out\s+)?(?:of|among(?:st)?|for)\s+(?P<people>[^,;:]+?)\s*[,;:]\s*(?P<ask>{_ASK})\s+"
    r"(?:(?:of\s+)?(?:them|those|these)\s+|(?:users|people|customers)\s+)?(?P<rest>.+)$"
)
_THOSE = re.compile(r"^(?:the\s+|those\s+|these\s+|all\s+(?:the\s+)?)?(?:ones\s+|those\s+)?(?=who\b|that\b)|^(?:the|those|these|all)\s+")
_PERIOD_LEAD = re.compile(r"^\s*(?P<said>[^,;:]+?)\s*[,;:]\s*(?P<rest>.+)$")


def _people(words: str) -> str:
    """Return the people said in a lead ("those who got a push", "the users who …") as "users who …"."""
    people = _THOSE.sub("", words.strip())
    return f"users {people}" if re.match(r"(?:who|that)\b", people) else people


def with_lead_read(text: str) -> str:
    """Return normalised question text with the people or period said before its question word put in it."""
    lead = _PERIOD_LEAD.match(text)
    window = extract_window(lead["said"])[0] if lead else None
    if lead and window is not None and window.start <= 4 and len(lead["said"]) - window.end <= 1:
        # "In the last 7 days, how many …": the period is said of the whole question
        text = f"{lead['rest']} {lead['said']}"
    said = _LEAD.match(text)
    if said is None:
        return text
    people = _people(said["people"])
    if said["ask"] == "how many":
        return f"how many {people} {said['rest']}"
    return f"{said['ask']} of {people} {said['rest']}"
