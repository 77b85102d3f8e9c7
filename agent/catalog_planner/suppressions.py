"""Global guards found through the catalog's own words: marketing opt-out, open tickets, frequency caps."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.program_marks import CHANNEL_WORD, channel_name
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


_ANY_CHANNEL = "(?:" + CHANNEL_WORD[1:]  # the channel words, not captured: CAP's groups stay numbered

CAP = re.compile(
    r"(\d+)\s*(?:marketing\s+)?(?:messages?|msgs?|sends?|touches?|notifications?|contacts?|" + _ANY_CHANNEL + r")\s*"
    # "4 messages in any 7-day window", "2 sends over 10 days"
    r"(?:per|a|an|each|every|/|in\s+(?:any|a|one|1|each)|over)\s*(?:(\d+)[\s-]*days?(?:\s+(?:window|period))?|(day|week|month))\b|(\d+)\s*(?:messages?|sends?)\s+(daily|weekly|monthly)|"
    # "cap it at 2 per week", "max 2 a week": the cap word says what is counted
    # "cap 2/week": the count may follow the cap word straight away
    r"(?:(?:frequency\s+)?cap(?:ped)?(?:\s+(?:it|them|sends|messages|messaging|" + _ANY_CHANNEL + r"))?(?:\s+at|\s+of|\s*[:=]|(?=\s+\d))|max(?:imum)?(?:\s+of)?|at most|no more than|up to)"
    r"\s+(\d+)\s*(?:per|a|an|each|every|/)\s*(?:(\d+)\s*days?|(day|week|month))\b"
)


# "never message anyone twice in one day", "don't send more than 2 times a week": a cap said as a prohibition
# (on normalised text, where "twice in one day" reads "2 in 1 day", and "more than twice a week" allows 2)
NEVER_MORE = re.compile(
    r"\b(?:never|don't|do not|not|nobody|no one)\b[^.;!?]*?\b(?:(?P<twice>twice|2)|more than (?:(?P<once>once|1)|"
    r"(?P<n>\d+)(?:\s+times?)?))\s+(?:in\s+(?:one|1|a|the same|a single)|a|an|per|each|every)\s+(?P<period>day|week|month)\b"
)


_CHANNEL_WORD = re.compile(rf"\b{CHANNEL_WORD}\b")


@dataclass(frozen=True)
class StatedCap:
    """A cap the prompt states, the words that state it, and the channel it counts (None: every channel)."""

    cap: FrequencyCap
    said: str
    channel: str | None


# "… 2 messages a day and 5 a week", "at most 1 push per day and at most 2 a week", "Frequency: 1 per day, 3 per
# week": a later count and period with no noun of their own count what the cap before them counts
_MORE = re.compile(
    r"\s*[,;]?\s*(?:and\s+|but\s+|or\s+)?(?:(?:at most|max(?:imum)?(?:\s+of)?|no more than|up to|only)\s+)?(\d+)\s*"
    r"(?:times?\s+|total\s+|overall\s+)?(?:per|a|an|each|every|/|in\s+(?:a|one|1|any))\s*(?:(\d+)[\s-]*days?|(day|week|month))\b"
)
# "Frequency: 1 per day", "cap: 2/week", "Limit - 3 a week": a heading, then the count and period alone
_HEADED = re.compile(
    r"\b(?:frequency(?:\s+cap)?|caps?|limits?|throttle)\s*[:=\-]\s*(\d+)\s*(?:per|a|an|each|every|/)\s*"
    r"(?:(\d+)[\s-]*days?|(day|week|month))\b"
)


_ELIDED = "\x00elided"  # a cap said with no noun, until the cap before it says what it counts
_JOINED = re.compile(r"^\s*[,;]?\s*(?:and|but)?\s*$")


def _cap_of(sends: str, span: str | None, period: str | None) -> FrequencyCap:
    return _bounded(int(sends), int(span) if span else _PERIOD_DAYS[period or "week"])


def stated_caps(prompt: str) -> list[StatedCap]:
    """Return every cap the prompt states, in order: "no more than 2 messages a week", "1 push a day", and each
    count said after one with its noun left out ("… and 5 a week")."""
    text = normalize(prompt)
    found: list[tuple[int, FrequencyCap, str, str | None]] = []
    for m in CAP.finditer(text):
        sends = int(m.group(1) or m.group(4) or m.group(6))
        span = m.group(2) or m.group(7)
        days = int(span) if span else _PERIOD_DAYS[m.group(3) or m.group(5) or m.group(8)]
        nounless = m.group(6) is not None and _channel_of(m.group(0)) is None  # "at most 2 a week"
        found.append((m.start(), _bounded(sends, days), m.group(0), _ELIDED if nounless else _channel_of(m.group(0))))
    for m in _HEADED.finditer(text):
        if not any(start <= m.start(1) < start + len(said) for start, _, said, _ in found):
            found.append((m.start(), _cap_of(m.group(1), m.group(2), m.group(3)), m.group(0), None))
    for never in NEVER_MORE.finditer(text):
        if any(start <= never.start() < start + len(said) or never.start() <= start < never.end()
               for start, _, said, _ in found):
            continue  # the same words, read by CAP already
        sends = int(never["n"]) if never["n"] else 1  # "never twice" and "not more than once" allow one
        found.append((never.start(), _bounded(sends, _PERIOD_DAYS[never["period"]]), never.group(0), None))
    found.sort(key=lambda f: f[0])
    for i, (start, cap, said, channel) in enumerate(found):
        if channel == _ELIDED:
            # "at most 1 push per day and at most 2 a week": a cap right after another counts what that one does
            before = found[i - 1] if i else None
            joined = before is not None and _JOINED.match(text[before[0] + len(before[2]) : start]) is not None
            found[i] = (start, cap, said, before[3] if before is not None and joined else None)
    for start, _, said, channel in list(found):
        end = start + len(said)
        while (more := _MORE.match(text, end)) is not None:
            if any(s == more.start(1) or s < more.start(1) < s + len(t) for s, _, t, _ in found):
                break  # a cap of its own, with its noun ("…, 2 emails a week")
            found.append((more.start(1), _cap_of(more.group(1), more.group(2), more.group(3)), more.group(0), channel))
            end = more.end()
    return [
        StatedCap(cap=cap, said=said, channel=channel) for _, cap, said, channel in sorted(found, key=lambda f: f[0])
    ]


def _channel_of(said: str) -> str | None:
    channel = _CHANNEL_WORD.search(said)
    return channel_name(channel.group(0)) if channel else None


def unheld_caps(prompt: str) -> list[StatedCap]:
    """Return the caps a policy cannot hold beside the ones it keeps: it keeps the first cap across every
    channel and the first of each channel, so a second of either kind ("2 messages a day and 5 a week") is
    said in the edge cases, never dropped silently."""
    kept: set[str | None] = set()
    unheld = []
    for cap in stated_caps(prompt):
        if cap.channel in kept:
            unheld.append(cap)
        kept.add(cap.channel)
    return unheld


_LEAD = re.compile(r"^(?:and|but|or)\s+")


def unheld_cap_cases(prompt: str) -> list[str]:
    """Return an edge case for each cap the policy cannot hold, naming it and the one kept in its place."""
    cases = []
    for cap in unheld_caps(prompt):
        counted = f"{cap.channel} messages" if cap.channel else "messages on every channel"
        kept = next(c for c in stated_caps(prompt) if c.channel == cap.channel)
        cases.append(
            f"Not enforced: '{_LEAD.sub('', cap.said.strip(' ,;.'))}' ({cap.cap.max_sends} {counted} per {cap.cap.per_days} days). A "
            f"policy holds one cap for {counted}, and the first said ({kept.cap.max_sends} per {kept.cap.per_days} "
            "days) is kept; ask for the other one instead if it matters more."
        )
    return cases


def _bounded(sends: int, days: int) -> FrequencyCap:
    return FrequencyCap(max_sends=max(1, min(sends, 100)), per_days=max(1, min(days, 90)))


def frequency_cap(prompt: str, *, of_one_channel: bool = True) -> tuple[FrequencyCap, str]:
    """Return the first cap the prompt states ("no more than 2 messages a week"), else 3 per 7 days, and its text.

    `of_one_channel=False` skips caps said of one channel ("2 pushes a week"): a policy holds those apart, in
    `channel_caps`, while a single rule's cap counts its own sends, on its own channels.
    """
    caps = [c for c in stated_caps(prompt) if of_one_channel or c.channel is None]
    cap = caps[0].cap if caps else DEFAULT_CAP
    return cap, cap_text(cap)


def channel_caps(prompt: str) -> dict[str, FrequencyCap]:
    """Return the caps the prompt states of one channel each ("no more than 1 email a day"), by channel."""
    caps: dict[str, FrequencyCap] = {}
    for c in stated_caps(prompt):
        if c.channel is not None:
            caps.setdefault(c.channel, c.cap)  # the first said; a second is an edge case (unheld_caps)
    return caps


def caps_text(cap: FrequencyCap, by_channel: dict[str, FrequencyCap]) -> str:
    """Return how a policy's edge cases word its caps: "at most 3 sends per 7 days; push at most 1 per 1 day"."""
    return "; ".join([cap_text(cap)] + [f"{channel} at most {c.max_sends} per {c.per_days} days"
                                         for channel, c in by_channel.items()])


_COUNT = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|once|twice)"
# A cap said as a clause of the prompt, in its own words: ", max 2 messages a week", ". At most 1 email a week.",
# "and never more than once a day", "cap it at 2 per week". The opening word keeps "users who got at most 2
# emails this week" (a count of what they received, with no period after the noun) out of it.
_CAP_CLAUSE = re.compile(
    r"(?:^|(?<=[,;.!?:])|\band\b|\bwith\b)\s*(?:and\s+|with\s+|but\s+)?(?:(?:a\s+)?(?:frequency\s+)?cap\s+of|cap(?:ped)?"
    r"(?:\s+(?:it|them|sends|messages|messaging|" + _ANY_CHANNEL + r"))?(?:\s+at|\s*[:=]|(?=\s+\d))|limit(?:ed)?\s+(?:it\s+|them\s+)?to|"
    r"max(?:imum)?(?:\s+of)?|at most|no more than|up to|(?:never|not|don't send|do not send)\s+more than)\s+"
    + _COUNT + r"\s*(?:times?\s+)?(?:(?:marketing\s+)?(?:messages?|msgs?|sends?|touches?|notifications?|contacts?|" + _ANY_CHANNEL
    + r")\s*)?(?:per|a|an|each|every|/|in\s+(?:a|one|1|any))\s*(?:\d+[\s-]*days?(?:\s+(?:window|period))?|day|week|month)\b(?:\s+per\s+user)?[.;]?",
    re.IGNORECASE,
)


def take_caps(text: str) -> tuple[str, list[str]]:
    """Return the text without its cap clauses ("max 2 messages a week"), and the clauses: a rule reads its
    cap from them (frequency_cap), never its audience."""
    said = [m.group(0).strip(" ,;.") for m in _CAP_CLAUSE.finditer(text)]
    return _CAP_CLAUSE.sub(" ", text).strip(), said


def cap_text(cap: FrequencyCap) -> str:
    """Return how a policy's edge cases word a cap: "at most 2 sends per 7 days"."""
    return f"at most {cap.max_sends} sends per {cap.per_days} days"


def states_cap(text: str) -> bool:
    """Return True when a text states a frequency cap."""
    normal = normalize(text)
    return bool(CAP.search(normal) or NEVER_MORE.search(normal))
