"""The one result type every scorer returns: a named pass or fail with a one-line detail."""

from __future__ import annotations

from pydantic import BaseModel


class Score(BaseModel):
    name: str
    passed: bool
    detail: str = ""


def all_passed(scores: list[Score]) -> bool:
    """Return True when there is at least one score and every score passed."""
    return bool(scores) and all(s.passed for s in scores)


def first_failure(scores: list[Score]) -> str:
    """Return `name: detail` of the first failed score, or an empty string."""
    for s in scores:
        if not s.passed:
            return f"{s.name}: {s.detail}"
    return ""
