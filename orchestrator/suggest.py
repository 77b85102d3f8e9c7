"""'Did you mean …?' for an id a person typed: the closest known one, when one is close enough."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(given: str, known: Iterable[str]) -> str:
    """Return '; did you mean X?' naming the known id closest to `given`, or '' when none is close.

    >>> did_you_mean("upgrde_nudge", ["trial_policy", "upgrade_nudge"])
    '; did you mean upgrade_nudge?'
    >>> did_you_mean("zzz", ["trial_policy"])
    ''
    """
    close = difflib.get_close_matches(given, sorted(set(known)), n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""
