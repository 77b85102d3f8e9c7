"""Rewrite idioms about a state changing into the catalog's traits, and say each approximation.

"when their streak ends" is a streak that just broke: none now, and the last act of the streak a few days ago
(the catalog keeps no past streak's length; "haven't broken their streak" is a streak now); "opted out of
push" is the push permission off, not the marketing consent (which "opted out" alone means); "active in the
last 2 weeks" is opening the app then; "dormant since last month" is at least that long; "lapsed subscribers" or "former members" are the
cancelled state, unless the lapse said is of use ("lapsed subscribers who haven't worked out in 2 weeks"). Each rewrite only happens when the catalog keeps the
traits it names; otherwise the words stay.
"""

from __future__ import annotations

import re

from agent.catalog_planner.idiom_rewrite import substitute
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.span_idioms import app_open_words
from agent.catalog_planner.text import content_stems
from agent.catalog_planner.thing_states import read_thing_states
from warehouse.catalog import Catalog, TraitSpec

_STREAK_VERBS = (
    r"(?:ends?|ended|ending|breaks?|broke|broken|lapses?|lapsed|resets?|snaps?|snapped|dies|died|is over|was over|"
    r"is lost|was lost|got lost|stops?|stopped)"
)
_NOT = r"(?P<neg>(?:have|has|had|did|does|is|was)\s+not|haven't|hasn't|hadn't|didn't|doesn't|isn't|wasn't|never|not)\s+"
_STREAK_ENDED = re.compile(
    rf"\b(?:(?:their|the|a|his|her|your)\s+)?(?:(?:workout|daily|day)\s+)?streak\s+(?:(?:has|have|had|just|is|was|got|gets)\s+)*"
    rf"(?:{_NOT})?(?:yet\s+)?{_STREAK_VERBS}\b|\b(?:{_NOT.replace('neg', 'neg2')})?(?:(?:just|have|has|had|yet)\s+)*"
    r"(?:broke|broken|break|breaks|lost|lose|loses|ended|end|ends)\s+"
    r"(?:their|the|a|his|her|your)\s+(?:(?:workout|daily|day)\s+)?streak\b"
    # "with a lapsed streak", "a broken workout streak": the streak said ended before its noun (the 14-day lapse
    # was read beside a streak now, which no one can have)
    r"|\b(?:(?:their|the|a|an|his|her|your)\s+)?(?:recently\s+|just\s+)?(?:broken|lapsed|lost|ended|dead|snapped)\s+"
    r"(?:(?:workout|daily|day)\s+)?streaks?\b",
    re.IGNORECASE,
)
# "… but not in the last 7 days", "haven't worked out in 10 days": a time since the last act, said elsewhere
_LAPSE_SAID = re.compile(
    r"\b(?:not|no|never|haven't|hasn't|didn't|inactive|lapsed for)\b[^,.;]*?\b(?:in|for|over)\s+(?:the\s+)?"
    r"(?:last\s+|past\s+)?\d+\+?\s+(?:days?|weeks?)\b",
    re.IGNORECASE,
)
# A streak counts a run ending on the run date or the day before: it reads 0 from the second day without
# the act, so a few days since the last one is a streak that ended just now, not long ago.
_JUST_ENDED_DAYS = 3


def _streak_traits(catalog: Catalog) -> tuple[TraitSpec, TraitSpec] | None:
    """Return the current-streak trait and the days-since trait of the act it counts, when the catalog has both."""
    streaks = [t for t in catalog.traits if t.unit == "days" and any("streak" in s for s in t.synonyms)]
    if len(streaks) != 1:
        return None
    acts = set().union(*(content_stems(s) for s in streaks[0].synonyms)) - {"streak", "day", "consecut"}
    since = [
        t
        for t in catalog.traits
        if t.unit == "days"
        and t.name.startswith("days_since_last_")
        and set(content_stems(t.name.replace("_", " "))) & acts
    ]
    return (streaks[0], since[0]) if len(since) == 1 else None


def _streak_ended(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "when their streak ends" as no streak now and the last act at most 3 days ago."""
    traits = _streak_traits(catalog)

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        if traits is None:
            return None
        streak, since = traits
        if m["neg"] or m["neg2"]:  # "haven't broken their streak": the streak holds
            return (
                f"{streak.name.replace('_', ' ')} at least 1",
                f"'{m.group(0)}' read as {streak.name} at least 1",
            )
        if _LAPSE_SAID.search(text[: m.start()] + text[m.end() :]):
            # "a lapsed streak who … but not in the last 7 days": the lapse said elsewhere says when it ended
            return (
                f"{streak.name.replace('_', ' ')} of 0",
                f"'{m.group(0)}' read as {streak.name} = 0, ended when the rest of the audience says",
            )
        # the lexicon reads a trait by its name
        return (
            f"{streak.name.replace('_', ' ')} of 0 and {since.name.replace('_', ' ')} at most {_JUST_ENDED_DAYS}",
            f"'{m.group(0)}' read as {streak.name} = 0 and {since.name} at most {_JUST_ENDED_DAYS} (a streak that "
            "just ended; the catalog keeps no past streak's length, so a one-day run counts too)",
        )

    return substitute(_STREAK_ENDED, text, build, notes)


_CHANNEL_OPT = re.compile(
    r"\b(?:(?:opted|opting|opt)\s+(?P<dir>out|in)\s*(?:of|from|to|into|for)?|(?P<unsub>unsubscribed|unsubscribe)\s+(?:from|to)|"
    r"(?P<sub>subscribed|signed up)\s+(?:to|for))\s+(?:(?:their|the)\s+)?"
    r"(?P<channel>push(?:\s+notifications?)?|notifications?|e-?mails?|sms|texts?|text messages)\b",
    re.IGNORECASE,
)


def _channel_opt(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "opted out of push" as "push disabled": the channel's own permission, not marketing consent."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        states = {
            e.name
            for e in lexicon.entries_for(m["channel"].lower())
            if e.kind == "trait" and catalog.trait(e.name).type == "bool"
        }
        off = bool(m["unsub"]) or (m["dir"] or "").lower() == "out"
        consent = {e.name for e in lexicon.entries_for("opted out") if e.kind == "trait"}
        if not states and len(consent) == 1:
            # the channel has no permission of its own: opting out of it is read as the consent itself, and said
            said = "opted out" if off else "opted in"
            return (
                said,
                f"'{m.group(0)}' read as {next(iter(consent))} = {not off} (the catalog keeps no consent per channel)",
            )
        if len(states) != 1 or states & consent:
            return None
        state = next(iter(states))
        said = state.replace("_", " ")  # the lexicon reads a trait by its name
        return f"{'not ' if off else ''}{said}", f"'{m.group(0)}' read as {state} = {not off}"

    return substitute(_CHANNEL_OPT, text, build, notes)


_ACTIVE_WHEN = re.compile(
    r"(?<!\bnot )(?<!\bnever )\b(?:(?P<lead>recently|lately)\s+)?active\b(?:\s+(?P<when>(?:with)?in\s+the\s+(?:last|past)\b|"
    r"(?:in|during|over)\s+the\s+(?:last|past|previous)\b|(?:this|last|past)\s+(?:\d+\s+)?(?:days?|weeks?|months?)\b|today\b|"
    r"yesterday\b|(?P<trail>recently|lately)\b))?",
    re.IGNORECASE,
)
# "whose subscription is active this month": a thing is active, not the people
_THING_IS = re.compile(
    r"\b(?:subscription|plan|membership|account|status|trial)\s+(?:is|was|has been|stays?)?\s*$",
    re.IGNORECASE,
)
_RECENT_DAYS = 7


def _active_when(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "active in the last 2 weeks", "were active recently" as opening the app then: with a time the
    people were active users, not `active` subscribers (alone, "active" keeps the subscription's meaning)."""
    opened = app_open_words(catalog, lexicon)

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        if opened is None or not (m["lead"] or m["when"]) or _THING_IS.search(text[: m.start()]):
            return None
        if m["lead"] or m["trail"]:
            return (
                f"{opened} in the last {_RECENT_DAYS} days",
                f"'{m.group(0)}' read as {opened} in the last {_RECENT_DAYS} days",
            )
        return f"{opened} {m['when']}", f"'active' read as {opened}"

    return substitute(_ACTIVE_WHEN, text, build, notes)


_IDLE_SINCE = re.compile(r"\b(?:been\s+)?(?P<word>inactive|dormant|lapsed|idle)\s+since\b", re.IGNORECASE)


def _idle_since(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "dormant since last month" as "hasn't worked out since last month": the lapse began then, so
    the days since the act are at least that many (the idle word alone has no negation to say so)."""

    def one(m: re.Match[str]) -> str:
        names = {e.name for e in lexicon.entries_for(m["word"].lower()) if e.kind == "trait"}
        if len(names) != 1:
            return m.group(0)
        said = next(
            (s for s in catalog.trait(next(iter(names))).synonyms if re.search(r"n't\b|\bnot\b", s)), None
        )
        return f"{said} since" if said is not None else m.group(0)

    return _IDLE_SINCE.sub(one, text)


# "lapsed subscribers", "former members", "ex-customers", "churned subscribers": people whose state ended
_FORMER = re.compile(
    r"\b(?P<was>lapsed|former|ex-?|churned|cancell?ed|canceled|past|previous)\s*(?P<noun>(?:paying\s+|paid\s+)?"
    r"(?:subscribers?|members?|customers?|payers?|subscriptions?)|paying users|paid users)\b",
    re.IGNORECASE,
)
# what an ended subscription, membership or plan is called
_ENDED = "cancelled"
# "lapsed subscribers (no workout in 30+ days)", "lapsed subscribers who haven't worked out": the lapse said is
# of use, and the subscription still runs
_USE_LAPSE = re.compile(
    r"^\s*(?:\(|,?\s*(?:who|that|with|without)\s+(?:no|not|haven't|hasn't|have not|has not|didn't|did not|never)\b|"
    r",?\s*(?:who\s+are\s+)?(?:inactive|idle|dormant)\b)",
    re.IGNORECASE,
)


def _former_members(text: str, catalog: Catalog, lexicon: Lexicon, notes: list[str]) -> str:
    """Rewrite "lapsed subscribers" as the catalog's cancelled state of what they were ("subscribers" read as
    subscription_status = active, so lapsed ones are its cancelled value), in words the catalog reads only so."""

    def build(m: re.Match[str]) -> tuple[str, str] | None:
        if m["was"].lower() == "lapsed" and _USE_LAPSE.match(m.string[m.end() :]):
            return None
        states = {(e.name, e.value) for e in lexicon.entries_for(m["noun"]) if e.kind == "value"}
        ended = {(e.name, e.value) for e in lexicon.entries_for(_ENDED) if e.kind == "value"}
        traits = {name for name, _ in states} & {name for name, _ in ended}
        if len(traits) != 1:
            return None
        trait = catalog.trait(next(iter(traits)))
        value = next(v for name, v in ended if name == trait.name)
        said = [
            w
            for w in (trait.value_synonyms or {}).get(str(value), [])
            if {(e.kind, e.name, e.value) for e in lexicon.entries_for(w)} == {("value", trait.name, value)}
        ]
        if not said:
            return None
        return f"{said[0]} users", f"'{m.group(0)}' read as {trait.name} = {value} (their subscription ended)"

    return substitute(_FORMER, text, build, notes)


STATE_REWRITES = (_idle_since, _former_members, read_thing_states, _channel_opt, _streak_ended, _active_when)
