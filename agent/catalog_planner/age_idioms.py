"""Rewrite what people say about an account's or a trial's age into the catalog's own terms.

"in their first week", "been with us for 6 months" and "just signed up" are the account's age; "had their
trial for more than 10 days" and "the first 3 days of their trial" are counted from the trial's start on the
catalog's countdown of days left (its length read from the countdown's description), and so are "3 days
into their trial" and "on day 2 of their trial"; "finished their
trial" is the expired state. Each rewrite only happens when the catalog keeps what it is about.
"""

from __future__ import annotations

import re

from agent.catalog_planner.idiom_rewrite import count_word, substitute
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.quantities import unit_days
from warehouse.catalog import Catalog

_FIRST_DAYS = re.compile(
    r"\b(?:(?:in|within|during)\s+(?:their|the|his|her|your)|(?:their|his|her|your))\s+first\s+(?:(?P<n>\d+|one|two|three|four|five|six|"
    r"seven|eight|nine|ten)\s+)?(?P<unit>day|week|month)s?\b(?!\s+of\b)",
    re.IGNORECASE,
)

_TRIAL_START_DAYS = re.compile(
    r"\b(?:(?:in|within|during)\s+)?(?:the|their|his|her)\s+first\s+(?:(?P<n>\d+|two|three|four|five|six|seven|ten)\s+)?"
    r"(?P<unit>days?|weeks?)\s+of\s+(?:their|the|a|his|her)\s+(?:free\s+)?trial\b",
    re.IGNORECASE,
)

_TRIAL_AGE = re.compile(
    r"\b(?:(?:(?:have|has)\s+)?(?:had|been\s+(?:on|in)|(?:been\s+)?(?:on|in))\s+(?:(?:their|a|the|his|her)\s+)?"
    r"(?:free\s+)?trial|(?:(?:have|has)\s+)?(?:been\s+)?trial(?:l)?ing)\s+for\s+(?P<cmp>more than|over|longer than|at least|less than|under|fewer than|"
    r"at most|no more than)\s+(?P<n>\d+)\s+(?P<unit>days?|weeks?)\b",
    re.IGNORECASE,
)

# time in the trial compared → days left compared the other way (left = length - elapsed)
_FLIPPED = {
    "more than": "fewer than",
    "over": "fewer than",
    "longer than": "fewer than",
    "at least": "at most",
    "less than": "more than",
    "under": "more than",
    "fewer than": "more than",
    "at most": "at least",
    "no more than": "at least",
}

_TRIAL_LENGTH = re.compile(r"\b(\d+)[- ]day\b")

_TENURE = re.compile(
    r"\b(?:(?:have|has)\s+)?been\s+(?:with us|around|(?:an?\s+)?(?:member|customer|user)s?)\s+for\s+"
    r"(?P<amount>(?:more than|over|at least|less than|under|fewer than|at most|no more than)?\s*(?:\d+|an?)\s+"
    r"(?:days?|weeks?|months?|years?))\b",
    re.IGNORECASE,
)

_TRIAL_DONE = re.compile(
    r"\b(?:finished|completed|ended|used up|ran out of|run out of|came to the end of)\s+(?:their|the|a|his|her)\s+"
    r"(?:free\s+)?trial\b|(?:\b(?:their|the|a|his|her|whose|who)\s+|^\s*)(?:free\s+)?trial\s+(?:has\s+|had\s+|already\s+|just\s+)*"
    r"(?:ended|expired|ran out|run out|finished|lapsed|is over|was over)\b"
    r"(?P<window>\s+(?:(?:in|within|during|over)\s+the\s+(?:last|past)\s+(?:\d+\s+|[a-z]+\s+)?(?:days?|weeks?|months?)|"
    r"(?:this|last)\s+(?:week|month)|yesterday|today|recently))?",
    re.IGNORECASE,
)

_JUST_JOINED = re.compile(r"\b(?:just|newly)\s+(?P<verb>signed up|joined|registered)\b", re.IGNORECASE)


def _signup_surface(catalog: Catalog, lexicon: Lexicon) -> str | None:
    """Return the words the catalog reads as the account's age in days ("signed up"), if it keeps one."""
    for surface in ("signed up", "joined", "account age"):
        if any(_is_days_trait(e.name, catalog) for e in lexicon.entries_for(surface)):
            return surface
    return None


def _is_days_trait(name: str, catalog: Catalog) -> bool:
    return any(t.name == name and t.unit == "days" for t in catalog.traits)


def _first_days(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "in their first week" as "signed up less than 7 days ago" (day 0 is the signup day)."""
    surface = _signup_surface(catalog, lexicon)

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        if surface is None:
            return None
        days = round((count_word(m["n"]) if m["n"] else 1) * unit_days(m["unit"]))
        return (
            f"{surface} less than {days} days ago",
            f"'{m.group(0)}' read as signed up less than {days} days ago",
        )

    return substitute(_FIRST_DAYS, text, build, notes)


def _tenure(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "been with us for more than 6 months" as "signed up more than 6 months ago": the account's age
    ("subscribers for 60 days" is a subscription's age, which the catalog does not keep, and stays)."""
    surface = _signup_surface(catalog, lexicon)

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        if surface is None:
            return None
        amount = re.sub(r"\ban?\b", "1", m["amount"])
        return f"{surface} {amount} ago", f"'{m.group(0)}' read as {surface} {amount} ago"

    return substitute(_TENURE, text, build, notes)


def _trial_done(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "finished their trial" as "trial expired" where the catalog keeps that state: a trial that is
    over is no longer a trial (the word "trial" alone would read the trial state)."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        if not any(e.kind == "value" for e in lexicon.entries_for("trial expired")):
            return None
        said = re.sub(r"^who\s+", "", m.group(0))  # the relative pronoun the eligibility reader put back
        if m["window"]:
            # the state keeps no date the trial ended: the window is said, not silently lost
            return (
                "trial expired",
                f"'{said}' read as trial expired at any time (the catalog keeps no date a trial ended)",
            )
        return "trial expired", f"'{said}' read as trial expired"

    return substitute(_TRIAL_DONE, text, build, notes)


def _just_joined(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "just signed up" as "signed up in the last 1 days": "just" is today or yesterday, not any time."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        if _signup_surface(catalog, lexicon) is None:
            return None
        return f"{m['verb']} in the last 1 days", f"'{m.group(0)}' read as {m['verb']} today or yesterday"

    return substitute(_JUST_JOINED, text, build, notes)


def _trial_countdown(catalog: Catalog, lexicon: Lexicon) -> tuple[str, int] | None:
    """Return the words of the catalog's trial countdown ("days left in trial") and the trial's length."""
    for surface in ("days left in trial", "trial remaining"):
        for entry in lexicon.entries_for(surface):
            trait = next((t for t in catalog.traits if t.name == entry.name), None)
            length = _TRIAL_LENGTH.search(trait.description or "") if trait is not None else None
            if trait is not None and trait.unit == "days" and length:
                return surface, int(length.group(1))
    return None


def _trial_start_days(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "in the first 3 days of their trial" as "more than 11 days left in trial" on a 14-day trial."""
    countdown = _trial_countdown(catalog, lexicon)

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        if countdown is None:
            return None
        surface, length = countdown
        days = round((count_word(m["n"]) if m["n"] else 1) * unit_days(m["unit"]))
        if days > length:
            return None
        return (
            f"more than {length - days} {surface}",
            f"'{m.group(0)}' read on the {length}-day trial as more than {length - days} days left",
        )

    return substitute(_TRIAL_START_DAYS, text, build, notes)


def _trial_age(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "had their trial for more than 10 days" as "fewer than 4 days left in trial" on a 14-day trial."""
    countdown = _trial_countdown(catalog, lexicon)

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        if countdown is None:
            return None
        surface, length = countdown
        elapsed = round(int(m["n"]) * unit_days(m["unit"]))
        left = length - elapsed
        if left < 0:
            return None
        flipped = _FLIPPED[m["cmp"].lower()]
        return (
            f"{flipped} {left} {surface}",
            f"'{m.group(0)}' read on the {length}-day trial as {flipped} {left} days left",
        )

    return substitute(_TRIAL_AGE, text, build, notes)


_TRIAL_DAY = re.compile(
    r"\b(?:(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+days?\s+into|on\s+day\s+(?P<day>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+of)"
    r"\s+(?:their|the|a|his|her)\s+(?:free\s+)?trial\b",
    re.IGNORECASE,
)


def _trial_day(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "3 days into their trial" as "exactly 11 days left in trial" on a 14-day trial ("on day 2" is 1
    day in), and say so: the countdown rounds up, so the day is read through it."""
    countdown = _trial_countdown(catalog, lexicon)

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        if countdown is None:
            return None
        surface, length = countdown
        elapsed = count_word(m["n"]) if m["n"] else count_word(m["day"]) - 1
        if not 0 <= elapsed <= length:
            return None
        return (
            f"exactly {length - elapsed} {surface}",
            f"'{m.group(0)}' read on the {length}-day trial as exactly {length - elapsed} days left",
        )

    return substitute(_TRIAL_DAY, text, build, notes)


AGE_REWRITES = (_trial_day, _trial_start_days, _first_days, _trial_age, _tenure, _trial_done, _just_joined)
