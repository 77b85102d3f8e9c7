"""A chat follow-up to a performance answer: "and on iOS?", "what about the second workout rule?", "rank them
by lift", "last month?".

A thread keeps what its last performance question measured (`AskedPerformance`: the rules, the people, the
split, the period). A follow-up that names rules measures those instead; each part of the scope it names
replaces that part (`performance_scope.followed_by`); the rest carries over. Only a short message that reads
as a continuation is a follow-up: a full question, a draft request or a "why" question starts afresh
(`reads_as_follow_up`, which tells follow-ups to a diagnosis or a data answer too: agent/answer_follow_up.py).
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from agent.catalog_planner.debug_cues import ASKS_WHY
from agent.catalog_planner.question_comparisons import periods_compared
from agent.catalog_planner.text import normalize
from agent.performance_match import asks_about_performance, drafting_request
from agent.performance_scope import PerformanceScope, scoped
from tools.named_periods import PeriodSpec
from tools.scope import Filters

# how a follow-up opens: it continues the last question ("and …", "what about …", "only …", "split by …")
_CONTINUES = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|great|thanks|cool|right)\s*[,.!]?\s*)?"
    r"(?:and|but|what about|how about|what if|now|same|also|then|just|only|for|on|in|among|with|split|broken down|"
    r"break|by|per|rank|sort|order|compare|vs\.?|versus|over|during|since|which (?:one|of them|is|was|does|did))\b",
    re.IGNORECASE,
)
# a message that asks for something sent, drafted or changed ("only iOS users who …, send a push", "make it
# email only") is not a follow-up, though it opens like one
_SENDS = re.compile(r"\b(?:send|sends|email them|push them|notify|target|draft|create|propose|approve|make|add|"
                    r"set up|build|write|define|change|edit|rename|remove|drop|exclude|suppress|stop|cap|hold out)\b",
                    re.IGNORECASE)
# "is it working on iOS?", "how are they doing now?": the last question's rules, by a pronoun
_PRONOUN = re.compile(r"\b(?:it|its|them|they|their|that one|this one|those|these)\b", re.IGNORECASE)
MAX_WORDS = 12  # a follow-up adds a part to the last question; a longer message is a question of its own
BARE_WORDS = 4  # "iOS?", "last month?", "Android users?": a part of a question, asked alone


class AskedPerformance(BaseModel):
    """What a thread's last performance question measured, for the next message to follow up on."""

    question: str = Field(description="the question the follow-ups started from")
    follow_ups: list[str] = Field(default_factory=list, description="the follow-ups since, oldest first")
    rule_ids: list[str] = Field(default_factory=list, description="none: every rule that ran")
    filters: Filters = Field(default_factory=dict)
    by: str | None = None
    period: PeriodSpec | None = None

    def said(self) -> str:
        """Say the question and the follow-ups since (the last three), as they were typed."""
        recent = self.follow_ups[-3:]
        more = f"{len(self.follow_ups) - len(recent)} more, then " if len(self.follow_ups) > len(recent) else ""
        return f"{self.question!r}" + (f", then {more}{'; '.join(repr(f) for f in recent)}" if recent else "")

    def scope(self) -> PerformanceScope:
        """Return the scope this question measured."""
        return scoped(self.filters, self.by, self.period)


def reads_as_follow_up(prompt: str) -> bool:
    """Return whether a message continues the last question answered (how rules did, a diagnosis, a data
    question) rather than asking a new one or asking for a draft."""
    words = prompt.split()
    if not words or len(words) > MAX_WORDS:
        return False
    if _SENDS.search(prompt) or ASKS_WHY.search(prompt.lower()):
        return False
    compared = periods_compared(normalize(prompt).strip(" ?.!"))
    if compared is not None and not _PRONOUN.match(compared.removeprefix("how many ")):
        return False  # "Compare workouts in October vs September" names its own subject: a question of its own
    if _CONTINUES.search(prompt) or (asks_about_performance(prompt) and _PRONOUN.search(prompt)):
        return True  # "only new users", "rank them by lift": a continuation, though a draft could open so too
    if drafting_request(prompt):
        return False
    # a part asked alone ("iOS?"); a question of its own ("is the upgrade nudge working?") starts afresh
    return len(words) <= BARE_WORDS and prompt.rstrip().endswith("?") and not asks_about_performance(prompt)
