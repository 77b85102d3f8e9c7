"""Read "expires" (or "runs out") with a time ahead as the catalog's word for an end: "the trial expires tomorrow" is when
the trial ends (`trial_days_left`), not the expired state, because the catalog lists "trial ends"."""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon

_AHEAD = (
    r"tomorrow|today|tonight|soon|within|next|this|the day after|in the (?:next|coming)|"
    r"in\s+\w+\s+(?:hours?|days?|weeks?)"
)
_EXPIRES = re.compile(
    rf"\b([a-z]+)\s+(?:(?:is|are)\s+)?(?:expir(?:es|ing|e)|runs? out|running out)\b(?=\s+(?:{_AHEAD}))", re.IGNORECASE
)


def expiry_as_end(text: str, lexicon: Lexicon) -> str:
    """Return the text with "X expires <time ahead>" as "X ends <time ahead>" where the catalog knows "X
    ends"; other things that expire ("a credit card that expires this month") are left as said."""

    def end(m: re.Match[str]) -> str:
        said = f"{m.group(1)} ends"
        return said if lexicon.entries_for(said) else m.group(0)

    return _EXPIRES.sub(end, text)
