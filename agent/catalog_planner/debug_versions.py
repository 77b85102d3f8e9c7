"""Report versions named after a trait value ("iOS 17", "Android 14.1"): the catalog keeps no versions.

"Why did conversion drop on iOS 17?" still compares iOS (the value is applied), and says that the version
was not: the warehouse records the operating system, not which release of it, so every iOS user is in.
A number that counts or spans something ("web 3 times", "iOS 7 days") is no version.
"""

from __future__ import annotations

from collections.abc import Sequence

from agent.catalog_planner.lexicon import Match
from agent.catalog_planner.text import Token

# Words after a number that make it a count or a span, not a version.
_COUNTED = frozenset({"day", "days", "week", "weeks", "month", "months", "hour", "hours", "year", "years", "time",
                      "times", "percent", "pct", "x"})


def _version(tokens: Sequence[Token], after: int) -> str | None:
    """Return the dotted version that starts at token `after` ("17", "17.2"), or None."""
    if after >= len(tokens) or not tokens[after].text.isdigit():
        return None
    parts, i = [tokens[after]], after + 1
    while i < len(tokens) and tokens[i].text.isdigit() and tokens[i].start == parts[-1].end + 1:
        parts.append(tokens[i])
        i += 1
    if i < len(tokens) and tokens[i].text in _COUNTED:
        return None
    return ".".join(t.text for t in parts)


def unapplied_versions(values: Sequence[Match], tokens: Sequence[Token]) -> list[str]:
    """Return a not-applied reason for each trait value followed by a version number."""
    out: list[str] = []
    for m in values:
        version = _version(tokens, m.last + 1)
        entry = m.entries[0]
        if version is None or entry.value is None:
            continue
        out.append(f"'{m.text} {version}' ({entry.name}={entry.value}, version {version}): the warehouse records "
                   f"{entry.name} without versions, so every {entry.value} user is compared.")
    return out
