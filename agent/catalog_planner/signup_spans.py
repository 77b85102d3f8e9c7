"""Refuse by name an act timed from each person's own signup in a rule ("users whose first workout was within 2
days of signing up", "people who completed a workout in the 48 hours after they joined"): every window of a
condition ends at the run time (`orchestrator/spec.py`), so the words were read as people who signed up in the
last 2 days, a different audience. A data question counts it (`question_first_days.py`); "in their first week",
people in it now, is read by `age_idioms.py`."""

from __future__ import annotations

from agent.catalog_planner.question_first_days import AFTER_SIGNUP
from agent.types import Refusal
from warehouse.catalog import Catalog


def refuse_signup_spans(prompt: str, catalog: Catalog) -> Refusal | None:
    """Return a refusal naming an act timed from each person's signup, else None."""
    m = AFTER_SIGNUP.search(prompt.lower())
    if m is None:
        return None
    said = m.group(0)
    tenure = [t.name for t in catalog.traits if t.unit == "days" and "account age" in t.synonyms]
    return Refusal(
        reason=f"I could not express: '{said}' (a rule's windows end at the time it runs, so an act cannot be timed "
        "from each person's own signup" + "".join(f"; {name} is how long ago they signed up" for name in tenure) + ").",
        unmatched_phrases=[said],
        suggestions=[
            f"people in their first {m['n']} {m['unit']}s now: 'signed up in the last {m['n']} {m['unit']}s and …'",
            f"as a data question, which counts it from each person's signup: 'how many users … {said}?'",
            *tenure,
        ],
    )
