"""Tell a report of a metric's movement from a drafting request or a data question.

Analysts rarely write "why did X drop on Y?". They state what happened ("users in Germany stopped paying
this week — what happened?"), pair two movements ("we sent fewer push messages to Android users and
conversion fell"), contrast one that moved with one that did not ("opens jumped on web but conversion
didn't"), or say a cohort is doing something more or less ("people with billing tickets are cancelling
more"). Each is a request for a diagnosis. A movement inside a relative clause ("users who stopped
paying") describes people instead, and stays an audience.
"""

from __future__ import annotations

import re

from agent.catalog_planner.debug_period_phrases import CURRENT_PHRASES
from agent.catalog_planner.quantities import extract_window

# A period comparison ("vs the week before", "compared with last week", "week over week") of a metric asks
# why it moved.
PERIOD_COMPARISON = (
    r"(?:vs|against|than|compared (?:with|to)|relative to)\s+(?:the\s+)?(?:last|previous|prior|same|"
    r"(?:week|month|day|fortnight|period)\s+before)\b|\b(?:week|month) over (?:week|month)\b|\b(?:wow|mom|dod|yoy)\b"
)
# Asking for a diagnosis outright.
# How something went or what it did to another ("how is email doing on web?", "how did the push outage affect
# upgrades?"): a diagnosis of a channel or a change (`reads_as_debug`), though no why-question: of a rule that ran
# ("how did second workout do on android?", "and how is it doing on iOS?") it asks for its measurement
_HOW_IT_WENT = (r"how(?:'s| is| are| was| were| did| has| have)\s+(?:[\w-]+\s+){1,5}?(?:doing|performing|performed|going|"
                r"looking|holding up|do|perform)(?=\s|[?.!,]|$)")
_HOW_IT_AFFECTED = (r"how (?:did|does|has|have|could|would|might)\s+(?:[\w-]+\s+){1,6}?(?:affect(?:ed)?|impact(?:ed)?|"
                    r"hurt|change[ds]?)\b")
HOW_IT_WENT = re.compile(rf"{_HOW_IT_WENT}|{_HOW_IT_AFFECTED}", re.IGNORECASE)
ASKS_WHY = re.compile(
    # chat shorthand: "whyd", "y did"
    r"\b(?:why|whyd|y (?=(?:did|is|are|was|were|has|have|do|does)\b)|how come|what happened|what(?: is|'s) (?:going on|happening|behind|driving|causing)|what went wrong|"
    r"what changed|what caused|what drove|what (?:led|contributed) to|what explains|what(?: is|'s) (?:the )?(?:reason|cause)|"
    r"diagnos\w*|investigat\w*|root cause|dig (?:in|into)|look into|figure out|"
    r"any idea|(?:something|anything)(?: is|'s)? (?:off|wrong|up|weird|strange|unusual)|explain|something(?: is| was|'s)? (?:break|broke|broken)|"
    # "did anything break in the funnel on android?"
    r"(?:did|has|have) (?:anything|something) (?:break|broken|changed?)|"
    r"what broke|what(?: is|'s) broken|what(?: is|'s) up with|what(?: is|'s) (?:wrong|off|weird) (?:with|about)|where did (?:[\w-]+\s+){1,4}go|"
    r"how (?:is|are|has|have|was|were)\b[^.?!]{1,40}?\btrend(?:ing|ed)?|"
    # "has trial conversion changed since the paywall update?", "did activation move after the release?"
    r"^\s*(?:has|have)\s+(?:[\w-]+\s+){1,4}?(?:changed|moved|shifted)|^\s*(?:did|does)\s+(?:[\w-]+\s+){1,4}?"
    r"(?:change|move|shift))\b"
)
_MOVED = (
    r"jump\w*|rose|risen|rising|rises|climb\w*|surg\w*|soar\w*|spik\w*|plummet\w*|plung\w*|collaps\w*|"
    r"crash\w*|tank\w*|halved|doubled|tripled|shr[iau]nk\w*|slipp?\w*|slid\w*|slump\w*|sank|sunk|sinking|"
    r"stall\w*|flatlin\w*|dropped|dropping|drops|declin\w*|fell|fall(?:en|ing|s)?|dipp?\w*|"
    r"(?:de|in)creas(?:ed|ing)|(?:went|gone|going|is|are|was|were) (?:down|up)|(?:we|they) cut|worsen(?:ed|ing)|"
    r"improv(?:ed|ing)|recover(?:ed|ing)|dried up|"
    r"stayed (?:flat|the same|put)|(?:held|stayed) steady|flat|unchanged"
)
# A movement said of a metric or of what users did: a moving verb, a count that moved ("fewer X"), a
# cohort doing something more or less, "stopped <doing>", a question of it ("is conversion down on iOS?"), or
# an elliptical "... but X didn't".
_MOVEMENT = re.compile(
    rf"{PERIOD_COMPARISON}|\b(?:{_MOVED})\b|(?<!or )\bfewer\b(?!\s+than\b)|"
    r"\b(?:are|is|were|was)\s+\w+ing\s+(?:more|less)\b(?!\s+than\s+\d)|"
    # "is 2 or lower" bounds a value, as "at most 2" does; it moved nothing
    r"\b(?:is|are|was|were)\s+(?:[\w-]+\s+){1,4}?(?<!\d or )(?:down|up|lower|higher|worse)\b|\b(?:down|lower|worse)\s*\?|"
    r"\b(?:got|gotten|getting|become|became)\s+(?:worse|better|lower|higher)\b|"
    r"\b(?:lower|higher|worse|better|more|less)\s+than\s+(?:last|the previous|the prior|before|usual)\b|"
    r"\bstopped\s+\w+ing\b|\b(?:didn't|did not|hasn't|has not|haven't|have not|doesn't|does not)\s+"
    r"(?:move|budge|follow|change|improve|recover|react|respond)\b|\b(?:but|while|yet)\s+[\w -]+?\s+"
    r"(?:didn't|did not|hasn't|has not|didn't move)\s*(?:[.?!]|$)"
)
# A movement word describing people: "users who stopped paying", "trial users with declining activity"
_RELATIVE = re.compile(r"\b(?:who|that|whose|which)\s+(?:\w+\s+){0,2}$|\bwith\s+$")
# A drafting request or a data question keeps its own path unless it asks why.
_REQUEST = re.compile(
    r"^\s*(?:create|draft|write|build|make|define|set up|design|propose|target|send|nudge|remind|"
    r"re-?engage|win back|welcome|give|offer|prioriti[sz]e|suppress|exclude|how many|how much|"
    r"what share|what percentage|what proportion|count|list|show|give me|find|which|who)\b|"
    r"\b(?:eligib\w*|audience|rule|rules|segment of)\b"
)


def reports_movement(text: str) -> bool:
    """Return True when normalised text states a movement outside a relative clause."""
    return movement_at(text) is not None


def movement_at(text: str) -> int | None:
    """Return where the first movement normalised text states outside a relative clause starts, or None."""
    return next((m.start() for m in _MOVEMENT.finditer(text) if not _RELATIVE.search(text[: m.start()])), None)


# Words that describe people rather than ask about a period ("users who converted this week?").
_DESCRIBES_PEOPLE = re.compile(r"\b(?:who|whose|that|which|with)\b")


def names_period(text: str) -> bool:
    """Return True when normalised text names a period ("this week", "since Monday", "in the last 3 days")."""
    if any(pattern.search(text) for pattern, _, _ in CURRENT_PHRASES):
        return True
    window, _ = extract_window(text)
    return window is not None and not window.ahead


def asks_for_comparison(text: str) -> bool:
    """Return True for a terse comparison over a period: "conversion iOS vs Android since Monday", "iOS
    conversion this week?" (the caller checks that a metric is named)."""
    if _DESCRIBES_PEOPLE.search(text) or not names_period(text):
        return False
    return bool(re.search(r"\b(?:vs|compare\w*)\b", text)) or text.rstrip().endswith("?")


def reads_as_debug(text: str) -> bool:
    """Return True when normalised text asks why something moved, reports that it did, or asks to compare it
    over a period (not a request)."""
    if _REQUEST.search(text):
        return False
    return (bool(ASKS_WHY.search(text)) or bool(HOW_IT_WENT.search(text)) or reports_movement(text)
            or asks_for_comparison(text))


# A word that moves ("slipping", "dropped"), not a group of people, even where the catalog lists it as a value.
MOVED = re.compile(rf"(?:{_MOVED})")
