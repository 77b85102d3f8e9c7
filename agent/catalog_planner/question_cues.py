"""Say whether a prompt with no other question word still asks a data question: a count of acts broken down by
what each act carries ("Messages clicked by channel last week", "Workouts completed per day") or of people by
their signup week ("Weekly signups over the last 8 weeks"), the spread of a
trait ("Distribution of users by lifecycle stage", "How are users distributed across upgrade intent levels?"),
or a largest or smallest value ("Max streak by country"; "max 2 pushes a week" is a cap)."""

from __future__ import annotations

import re

from agent.catalog_planner.question_breakdowns import groups_acts
from agent.catalog_planner.question_cohorts import cohort_grouping
from warehouse.catalog import Catalog

_SPREAD = re.compile(
    r"^\s*(?:(?:show|give|get)\s+(?:me|us)\s+)?(?:the\s+)?(?:distribution|break ?-?down|spread|mix)\s+of\b"
    r"|\bhow\s+(?:are|is)\b[^.?!]*\bdistributed\b"
)
# a cap or a quantity follows "max" in a rule ("max 2 pushes a week", "maximum of three messages")
_EXTREME = re.compile(
    r"^\s*(?:max(?:imum)?|min(?:imum)?|longest|shortest)\s+(?!(?:of\s+)?(?:\d|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|once|twice|a|an|per)\b)[a-z]"
)


def reads_as_question(text: str, catalog: Catalog) -> bool:
    """Return True when normalised text asks for a breakdown of acts, a trait's spread or an extreme value."""
    return bool(
        _SPREAD.search(text) or _EXTREME.search(text) or groups_acts(text, catalog) or cohort_grouping(text)
    )
