"""Read two calendar periods set against each other in a data question: "how many workouts in October vs
September", "trial starts in Q3 compared with Q2", "users who opened the app in October and September".

"vs the month before" names the earlier period by the first (`question_calendar.previous_calendar`); a period
named outright ("vs September") was left to the audience reader, which refused the month as no catalog phrase.
Each is a calendar period read as the question's own period is, and the question is answered over each, in the
order said, labelled by its words (`october`, `september`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.catalog_planner.question_calendar import PLACEHOLDER_DAYS, CalendarPeriod, calendar_period
from tools.named_periods import PeriodSpec

# what sets the second period against the first: "vs", "compared to", "against"; "and", "with", "to" only after
# "compare" or "between" ("users who opened the app in October and September" may be people active in both)
_JOIN = re.compile(r"[\s,;]+(?:(?P<weak>and|with|to)|vs\.?|versus|compared\s+(?:to|with)|against)\s+(?:in\s+)?")
_SETS_APART = re.compile(r"^\s*compar\w*\b|\bbetween\b")
_WINDOW = f" in the last {PLACEHOLDER_DAYS} days "
# a month said bare ("October vs September") is read as "in October"
_BARE_PERIOD_HEAD = re.compile(r"\b(?:between|from|for)\s+(?=\S)")


@dataclass(frozen=True)
class PeriodPair:
    """Two calendar periods a question sets against each other, and the question without the second."""

    first: CalendarPeriod
    second: PeriodSpec
    text: str


def _leading_period(words: str) -> tuple[PeriodSpec, str] | None:
    """Return the calendar period the words open with ("september", "in Q2 for iOS users") and the words after
    it, or None."""
    for said in (words, f"in {words}"):
        found = calendar_period(said)
        if found is not None and found.text.startswith(_WINDOW):
            return found.spec, found.text[len(_WINDOW) :]
    return None


def _first_period(head: str) -> CalendarPeriod | None:
    """Return the calendar period that ends the words before the join ("… in October", "… between October")."""
    for said in (head, _BARE_PERIOD_HEAD.sub("in ", head)):
        found = calendar_period(said)
        if found is not None and found.text.rstrip().endswith(_WINDOW.strip()):
            return found
    return None


def period_pair(text: str, *, compared: bool = False) -> PeriodPair | None:
    """Return the two calendar periods normalised question text sets against each other, or None; `compared`:
    the words were asked to be compared, so "and" sets the periods apart too."""
    for join in _JOIN.finditer(text):
        if join["weak"] and not compared and not _SETS_APART.search(text[: join.start()]):
            continue
        first = _first_period(text[: join.start()])
        second = _leading_period(text[join.end() :]) if first is not None else None
        if first is None or second is None:
            continue
        spec, rest = second
        return PeriodPair(first, spec, f"{first.text.rstrip()} {rest.strip()}".rstrip())
    return None


def pair_label(spec: PeriodSpec) -> str:
    """Return a period's words as a label shaped as a token ("in October" -> "october", "Q3 2026" -> "q3_2026")."""
    words = re.sub(r"^(?:in|on|during|for)\s+", "", spec.label.lower())
    return re.sub(r"[^a-z0-9]+", "_", words).strip("_") or "period"
