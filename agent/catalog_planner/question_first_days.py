"""Read "in their first week" as each person's first days after signing up: "how many users completed at least
3 workouts in their first week", "what share of users opened the app in their first 3 days", "within 3 days of
signing up", "in the 48 hours after they joined".

The words were dropped, and the acts counted over all time. The question is read with the words standing as a
rolling window of `PLACEHOLDER_DAYS` days, so every act they bound is found as any window's is; `lay_first_days`
then puts each person's own span where that window stands: from their signup (`dim_users.signup_at`) to the
days said after it. People with no signup have no first days, and count no act in them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlglot import exp

# a length no question says (the calendar's stand-in is 3643)
PLACEHOLDER_DAYS = 3644
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10, "fourteen": 14, "thirty": 30}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}
_FIRST = re.compile(
    r"\b(?:in|during|within|over)\s+(?:their|the|his|her|its|a user's|the user's)\s+(?:very\s+)?first\s+"
    r"(?:(?P<n>\d+|two|three|four|five|six|seven|ten|fourteen|thirty)\s+)?(?P<unit>day|week|month)s?"
    r"(?:\s+(?:after|since|of|from)\s+(?:signing up|signup|sign-up|joining|registering|registration|they signed up|"
    r"they joined))?\b"
)


# "within 3 days of signing up", "in the 48 hours after they joined": a span anchored on each person's signup, not
# on the data's end (read as a time between two acts, signing up was refused as no event)
_SIGNUP = (r"(?:signing up|signup|sign-up|sign up|joining|registering|registration|creating (?:an|their|the) account|"
           r"account creation|they (?:first )?(?:signed up|joined|registered)|(?:their|the) (?:signup|sign-up|"
           r"registration|account creation))")
_AFTER_SIGNUP = re.compile(
    r"\b(?:within|in|during|over)\s+(?:(?:the|their)\s+)?(?:first\s+)?"
    r"(?P<n>\d+|an?|one|two|three|four|five|six|seven|ten|fourteen|thirty)\s+(?P<unit>hour|day|week|month)s?\s+"
    rf"(?:of|after|since|from|following)\s+{_SIGNUP}\b"
)
AFTER_SIGNUP = _AFTER_SIGNUP  # a rule refuses what a question counts (`signup_spans.py`)


@dataclass(frozen=True)
class FirstDays:
    """The first hours after signing up a question says: how many, and the text with a window in their place."""

    hours: int
    text: str


def first_days(text: str) -> FirstDays | None:
    """Return the first days after signup normalised question text names ("in their first week"), or None."""
    m = _FIRST.search(text) or _AFTER_SIGNUP.search(text)
    if m is None:
        return None
    said = m["n"] or "1"
    n = int(said) if said.isdigit() else 1 if said in ("a", "an", "one") else _NUMBERS[said]
    hours = n if m["unit"] == "hour" else n * _UNIT_DAYS[m["unit"]] * 24
    window = f" in the last {PLACEHOLDER_DAYS} days "
    return FirstDays(hours, text[: m.start()] + window + text[m.end() :])


# "new users", "newcomers", "new signups": with first days said, the people who signed up (the lifecycle's `new`,
# fewer than 2 workouts now, made "what share of new users completed a second workout in their first week" 0)
_NEW_PEOPLE = re.compile(r"\bnew\s+(?=(?:users|signups|sign-ups|members|customers|people)\b)|\bnewcomers\b")


def as_signups(text: str) -> str:
    """Return first-days question text with "new users" said as the users (each one's first days are their own)."""
    return _NEW_PEOPLE.sub(lambda m: "" if m.group(0).startswith("new ") else "users", text)


def _signup_at() -> exp.Expr:
    """Return the signup time of the user whose event row is read (a subquery on dim_users)."""
    return exp.Subquery(this=exp.select("d.signup_at").from_(exp.to_table("dim_users").as_("d")).where(
        exp.column("user_id", table="d").eq(exp.column("user_id", table="fct_events"))))


def lay_first_days(select: exp.Query, hours: int) -> exp.Query:
    """Return the select with each person's first `hours` after signing up where the placeholder window stands."""

    def lay(node: exp.Expr) -> exp.Expr:
        if (isinstance(node, exp.GT) and isinstance(node.expression, exp.TimestampSub)
                and isinstance(node.expression.expression, exp.Literal)
                and node.expression.expression.name == str(PLACEHOLDER_DAYS)):
            time = node.this
            until = exp.Add(this=_signup_at(), expression=exp.Interval(this=exp.Literal.string(str(hours)),
                                                                        unit=exp.var("HOUR")))
            return exp.Paren(this=exp.and_(exp.GTE(this=time.copy(), expression=_signup_at()),
                                           exp.LT(this=time.copy(), expression=until)))
        return node

    laid = select.transform(lay)
    assert isinstance(laid, exp.Query)
    return laid
