"""Group people by the week they signed up: "how many users signed up each week", "share of paying users by signup
cohort", "weekly signups over the last 8 weeks".

The signup week is no column: it is derived from `days_since_signup` as the Monday of the week of
`<data's last event date> - days_since_signup`, so it is the same whenever the question is asked. People with no
signup (never identified) belong to no cohort and are left out, as a ranking leaves out people with no value.
"""

from __future__ import annotations

import re

from sqlglot import exp

from agent.catalog_planner.question_sql import data_end

SIGNUP_WEEK = "signup_week"
_SIGNUP = r"(?:sign[- ]?up|join(?:ing)?|registration|install)"
# "and" joins it to a grouping said before ("by platform and signup week")
_MARKER = r"(?:by|per|for each|in each|each|across|for every|every|and|&)\s+(?:the\s+)?"
# where the cohort grouping is said; the people stay what the rest of the question says
_COHORT = re.compile(
    rf"\b{_MARKER}(?:{_SIGNUP}\s+(?:week|cohort)s?|week\s+of\s+{_SIGNUP}|(?:weekly\s+)?{_SIGNUP}\s+cohorts?)\b"
    # "signed up each week", "joined per week": the act is the cohort itself, everyone who signed up
    r"|\b(?:signed up|joined|registered)\s+(?:each|per|by|every|a)\s+week\b"
)
# "weekly signups": the people who signed up, grouped by the week they did
_WEEKLY_SIGNUPS = re.compile(r"\bweekly\s+(?:new\s+)?(?:signups|sign-ups|sign ups|registrations|new users)\b")

_WINDOW = re.compile(r"\b(?:last|past|previous|since|this|in the)\b")


def cohort_grouping(text: str) -> tuple[int, int, str] | None:
    """Return where a signup-week grouping is said and the words that stand for it once it is cut ("weekly
    signups" leaves "how many users who signed up"), or None."""
    said = _COHORT.search(text)
    if said:
        return said.start(), said.end(), " "
    weekly = _WEEKLY_SIGNUPS.search(text)
    if weekly is None:
        return None
    # "weekly signups over the last 8 weeks": the window is the signup's; alone, every cohort counts
    windowed = _WINDOW.search(text, weekly.end())
    return weekly.start(), weekly.end(), " how many users who signed up " if windowed else " how many users "


def group_key(name: str) -> exp.Expr:
    """Return the SELECT expression of a grouping: the trait's column, or the derived signup week."""
    if name != SIGNUP_WEEK:
        return exp.column(name)
    signup_day = exp.Sub(
        this=exp.cast(data_end(), exp.DataType.build("DATE")), expression=exp.column("days_since_signup")
    )
    week = exp.DateTrunc(unit=exp.Literal.string("week"), this=signup_day)
    return exp.alias_(exp.cast(week, exp.DataType.build("DATE")), SIGNUP_WEEK)


def keeps_cohorts(select: exp.Select, groups: list[str]) -> exp.Select:
    """Leave out people with no signup when the signup week groups."""
    if SIGNUP_WEEK not in groups:
        return select
    return select.where(exp.Not(this=exp.Is(this=exp.column("days_since_signup"), expression=exp.Null())))
