"""Say whether a prompt with no other question word still asks a data question: a count of acts broken down by
what each act carries ("Messages clicked by channel last week", "Workouts completed per day") or of people by
their signup week ("Weekly signups over the last 8 weeks"), the spread of a
trait ("Distribution of users by lifecycle stage", "How are users distributed across upgrade intent levels?"),
a largest or smallest value ("Max streak by country"; "max 2 pushes a week" is a cap), or a ranking asked for
("Who are the top 5 users by pricing views?")."""

from __future__ import annotations

import re

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.question_breakdowns import DAILY_ACTIVE, groups_acts
from agent.catalog_planner.question_cohorts import cohort_grouping
from agent.catalog_planner.text import tokenize
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

# "who are the top 5 users by pricing views?", "show me the bottom 3 countries by streak": a ranking asked for
# ("the top 10% of users" is a share a rule targets, not a ranking)
_RANKING = re.compile(
    r"^\s*(?:(?:who|which|what)\s+(?:are|is|were|was)\s+|(?:show|list|give|get|find)(?:\s+(?:me|us))?\s+)"
    r"(?:the\s+|our\s+)?(?:(?:top|bottom)\s+\d+\b(?!\s*%)|\d+\s+(?:[a-z]+\s+){0,3}?(?:users|people|customers|members|"
    r"accounts)\s+with\s+the\s+(?:most|highest|longest|largest|biggest|fewest|lowest|least|shortest|smallest)\b)"
)


# words of a rule said beside a grouping of acts ("max 1 push per day", "remind … daily", "by each channel")
_RULE_WORDS = re.compile(
    r"\b(?:max\w*|min\w*|at most|no more than|cap\w*|limit\w*|remind\w*|send\w*|nudge\w*|re-?engage\w*|"
    r"win back|target\w*|only|until|reminder|notify|email them|push them)\b"
)


# "daily app opens this month", "day by day workouts": the unit said before the acts
_UNIT_FIRST = re.compile(r"^\s*(?:daily|weekly|day[- ]by[- ]day|week[- ]by[- ]week)\s+")


def _names_acts_first(text: str, lexicon: Lexicon) -> bool:
    """Return True when the text opens with the acts it counts ("Messages clicked …", "Support tickets …", "daily
    app opens")."""
    return any(m.first == 0 for m in lexicon.match(tokenize(_UNIT_FIRST.sub("", text)), kinds={"event"}))


def reads_as_question(text: str, catalog: Catalog, lexicon: Lexicon) -> bool:
    """Return True when normalised text asks for a breakdown of acts, a trait's spread or an extreme value."""
    acts_broken_down = (
        groups_acts(text, catalog)
        and (_names_acts_first(text, lexicon) or DAILY_ACTIVE.search(text) is not None)
        and not _RULE_WORDS.search(text)
    )
    return bool(_SPREAD.search(text) or _EXTREME.search(text) or _RANKING.search(text) or acts_broken_down
                or cohort_grouping(text))
