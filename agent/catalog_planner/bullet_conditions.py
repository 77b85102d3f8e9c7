"""Tell a bulleted list of conditions with no heading ("- iOS users\\n- at least 3 workouts in the last 14 days\\n-
no open tickets") from a list of programs: every item is read whole as conditions on people, and none names a
message or a program. Read as programs to rank, each condition became a rule of its own (a 3-program policy)."""

from __future__ import annotations

import re

from agent.catalog_planner.conditions import parse_conditions
from agent.catalog_planner.lexicon import Lexicon
from warehouse.catalog import Catalog

# what a program is called ("the save offer", "upgrade nudge", "weekly digest"); a channel word alone is no program
# ("opened an email", "push enabled" are conditions)
_PROGRAM_NOUN = re.compile(
    r"\b(?:nudges?|offers?|reminders?|series|digests?|surveys?|tips|challenges?|campaigns?|promos?|promotions?|"
    r"newsletters?|journeys?|programs?|programmes?|discounts?|upsells?|win-?backs?|onboarding|welcome|recaps?|"
    r"check-?ins?|follow-?ups?|announcements?|sequences?|flows?|alerts?|messages? for)\b",
    re.IGNORECASE,
)


def lists_only_conditions(items: list[str], catalog: Catalog, lexicon: Lexicon) -> bool:
    """Return True when two or more items each read whole as conditions on people and none names a program."""
    if len(items) < 2:
        return False
    for item in items:
        if _PROGRAM_NOUN.search(item):
            return False
        parsed = parse_conditions(item, catalog, lexicon)
        if not parsed.conditions or parsed.unexpressed or parsed.leftover:
            return False
    return True
