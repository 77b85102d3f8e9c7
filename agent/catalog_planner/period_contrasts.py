"""Read "last week" set against none "this week" ("did 3+ workouts last week but none this week", "opened the app 5
times last month and not at all this month") as the span before this one: the acts counted over both spans (the
last 14 days) and none in the near one (the last 7) leave them all in the span before. Read as said, both were the
last 7 days, which no one can meet."""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from warehouse.catalog import Catalog

_DAYS = {"week": 7, "month": 30}
_LAST = re.compile(r"\b(?:in\s+|during\s+|over\s+)?(?:the\s+)?(?:last|previous|past)\s+(?P<unit>week|month)\b(?!\s+(?:or|and)\b)",
                   re.IGNORECASE)
# "but none this week", "and not at all this week", "but 0 this week", "but haven't worked out this week" ("but not
# this week" right after the period is `span_idioms._last_but_not_this`)
_NONE_THIS = re.compile(
    r"\b(?:but|and|yet)\s+(?:(?:none|no(?:ne)?\s+\w+|zero|0(?:\s+\w+)?|not\s+(?:at\s+all|once)|never)|"
    r"(?:have not|has not|haven't|hasn't|did not|didn't)\s+[^,.;]*?)\s*(?:so\s+far\s+)?this\s+(?P<unit>week|month)\b",
    re.IGNORECASE,
)


def read_last_against_this(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Return the text with "<acts> last week … none this week" counted over both weeks, none in this one."""
    against = _NONE_THIS.search(text)
    if against is None:
        return text
    unit = against["unit"].lower()
    last = next((m for m in _LAST.finditer(text, 0, against.start()) if m["unit"].lower() == unit), None)
    if last is None:
        return text
    days = _DAYS[unit]
    notes.append(f"'{last.group(0).strip()}' set against '{against.group(0).strip()}' read as the {days} days before "
                 f"the last {days} (counted over the last {2 * days} days, none in the last {days}; rolling {unit}s, "
                 "not calendar ones)")
    return f"{text[: last.start()]}in the last {2 * days} days{text[last.end() :]}"
