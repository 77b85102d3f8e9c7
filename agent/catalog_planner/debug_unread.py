"""Find the groups of people a debug prompt scopes to that no catalog trait reads ("for the premium tier",
"monthly plan users", "users who got a push").

A diagnosis that silently drops such a group answers a question nobody asked: "why did conversion drop for
the premium tier?" would compare every platform. A scope phrase is a group head ("users", "tier", "cohort")
with words before it ("for the premium tier"), a relative clause after it ("users who got a push"), or where
they came from ("users from LinkedIn"), an age, or who they are ("women", "students"). It is
unread when none of the words the comparison applied (a value, a yes/no state) lie inside it and no other
not-applied reason already names it. An unread group that says a trait's leading name word ("support-heavy
users" says support_risk) is some part of that trait: the caller compares its values instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from agent.catalog_planner.text import Token

GROUP_HEAD = (r"(?:users?|people|customers?|members?|subscribers?|accounts?|folks|cohorts?|segments?|groups?|tiers?|"
         r"plans?|buckets?|sign-?ups?|installs?)")
# "for the premium tier", "among monthly plan users": words between a preposition and a group head.
_BEFORE_HEAD = re.compile(rf"\b(?:for|among|in|on|within|with)\s+(?P<phrase>(?:the\s+|our\s+|those\s+|these\s+)?"
                          rf"(?:(?!vs\b|versus\b|and\b|or\b)[\w'-]+\s+){{1,3}}?{GROUP_HEAD}(?:\s+{GROUP_HEAD})?)\b")
# "users who got a push", "people that use the widget": a relative clause, up to a break or a comparison.
_CLAUSE = re.compile(r"\b(?P<phrase>(?:users?|people|customers?|members?|subscribers?)\s+(?:who|that|whose)\s+"
                     r"[^.?!,;:\u2014]+?)(?=\s*(?:[.?!,;:\u2014]|\b(?:vs|versus|compared|and why|why|but)\b|$))")
# "users from LinkedIn", "signups via Reddit": where people came from, said after them (one word, no time,
# shipped thing or send of ours: "users from last week", "the new release", "the winback push" name no source).
_CAME_FROM = re.compile(r"\b(?P<phrase>(?:users?|people|customers?|sign-?ups?|installs?|traffic|visitors?)\s+"
                        r"(?:(?:who\s+)?(?:came|come|coming)\s+)?(?:acquired\s+)?(?:from|via|through)\s+(?:the\s+)?"
                        r"(?!(?:the|last|this|past|previous|yesterday|today|new|old|recent|latest|our|their|a|an|"
                        r"since|before|after|that|those|these|email|push|sms|in_app|winback|lifecycle|retention|"
                        r"drip|onboarding|reminder|notifications?|messages?|\d+)\b)[\w'-]+)\b")
# "users aged 18-24", "people over 40", "customers in their 30s": an age, which no trait may record.
_AGED = re.compile(r"\b(?P<phrase>(?:users?|people|customers?|members?|subscribers?|sign-?ups?)\s+(?:(?:aged|ages?|"
                   r"over|under|above|below|older than|younger than)\s+\d+(?:(?:\s*(?:-|to|and)\s*|\s+)\d+)?\+?|"
                   r"in their\s+\d+s))(?!\s*(?:days?|weeks?|months?|workouts?|tickets?|views?|times?)\b)")
# "why are support-heavy users ...": the group the question is about, as its subject (its words no preposition:
# "why did [support tickets] spike for users from TikTok" names no group "spike for users").
_SUBJECT = re.compile(r"\b(?:why|how come)\s+(?:are|were|do|did|is|have|has)\s+(?P<phrase>(?:the\s+|our\s+)?"
                      r"(?:(?!(?:the|our|for|from|in|on|among|with|of|to|by|at)\b)[\w'-]+\s+){1,2}"
                      r"(?:users|people|customers|members|subscribers))\b")
# "for women", "why are teens converting less", "among students": people named by who they are, which no trait
# records (a person noun alone, no "users" after it)
_WHO_THEY_ARE = re.compile(r"\b(?P<phrase>(?:(?:young|older|elderly|working|single|female|male)\s+)?(?:women|men|"
                           r"females|males|girls|boys|teens|teenagers|students|parents|moms|mothers|dads|fathers|"
                           r"seniors|retirees|millennials|gen[- ]?z|gen[- ]?x|boomers|kids|children))\b")
# Words that say how many or which of the people, not what group they are ("fewer people", "the users").
_QUANTIFIERS = frozenset({"the", "our", "those", "these", "fewer", "more", "less", "many", "most", "some", "all",
                          "any", "few", "lots", "other", "such", "certain", "both", "each", "every", "of"})


def _spans(text: str, tokens: Sequence[Token]) -> list[tuple[str, int, int]]:
    """Return (phrase, first token, last token) of each scope phrase in the text the tokens were read from."""
    starts = [0]
    for t in tokens[:-1]:
        starts.append(starts[-1] + len(t.text) + 1)
    out: list[tuple[str, int, int]] = []
    for pattern in (_BEFORE_HEAD, _CLAUSE, _SUBJECT, _CAME_FROM, _AGED, _WHO_THEY_ARE):
        for m in pattern.finditer(text):
            inside = [i for i, start in enumerate(starts) if m.start("phrase") <= start < m.end("phrase")]
            if inside:
                out.append((" ".join(m["phrase"].split()), inside[0], inside[-1]))
    return out


def unread_phrases(tokens: Sequence[Token], used: Sequence[tuple[int, int]], reasons: Sequence[str]) -> list[str]:
    """Return each scope phrase that no `used` token span reaches into and that no reason in `reasons` already
    quotes."""
    text = " ".join(t.text for t in tokens)
    out: list[str] = []
    quoted = [q for r in reasons for q in re.findall(r"'([^']+)'", r)]
    for phrase, first, last in _spans(text, tokens):
        # a value read across the phrase's end is read too ("users acquired via apple" of "... apple search ads")
        if any(a <= last and first <= b for a, b in used) or any(q in phrase or phrase in q for q in quoted):
            continue
        if not [w for w in phrase.split() if w not in _QUANTIFIERS and not re.fullmatch(GROUP_HEAD, w)]:
            continue  # "fewer people", "the users": how many, not which
        out.append(phrase)
    return list(dict.fromkeys(out))


def unread_reason(phrase: str) -> str:
    """Return the not-applied reason of a group no trait value names."""
    return (f"'{phrase}': no catalog trait value names this group, and a comparison keeps only to trait values, "
            "so it is not applied.")


# Words that put a group at one end of a graded trait: "support-heavy" is its high end, "light" its low end.
_HIGH_END = frozenset({"heavy", "intense", "frequent", "big", "power", "strong"})
_LOW_END = frozenset({"light", "low", "rare", "weak", "little"})


def trait_named_by_word(phrase: str, traits: Sequence[str], values: Callable[[str], list[str]]) -> tuple[str, str | None] | None:
    """Return the trait whose leading name word the phrase says ("support-heavy users" says support_risk), with
    the end of it a grading word picks ("heavy" is its 'high' value) or None; None when no trait is said."""
    words = set(re.split(r"[\s'-]+", phrase.lower()))
    for name in traits:
        lead = name.split("_")[0]
        if len(lead) >= 5 and lead in words:
            listed = values(name)
            end = ("high" if words & _HIGH_END else "low" if words & _LOW_END else None)
            return name, (end if end in listed else None)
    return None
