"""A chat follow-up to an answer read from what exists: "what about the trial policy?", "and u0000042?", "and in
October?", "and on Android?" asks the thread's last reading question again with that part changed.

A rule, a user or a period the follow-up names takes the place of the one the last question named, in its words,
and the new question is read as any other (so "what's the holdout of the upgrade nudge?" then "what about the trial
policy?" is the trial policy's holdout). People a follow-up names ("and on Android?") after a running rule's
audience or a what-if keep only those people in a copy of the rule: a what-if, previewed beside the rule as it runs.
Whether a message is a follow-up at all is `performance_follow_up.reads_as_follow_up`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from agent.answer_follow_up import follow_up_prompt
from agent.catalog_planner.debug_cues import names_period
from agent.catalog_planner.debug_window import read_period
from agent.catalog_planner.text import normalize, tokenize
from agent.draft_questions import rule_named
from agent.performance_scope import catalog_lexicon
from agent.send_counts import channel_named
from agent.what_if import change_of, people_change
from warehouse.catalog import Catalog

_OPENER = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|great|thanks|cool|right|nice)\s*[,.!]?\s*)?(?:(?:and|but|what about|how about|same for|same|"
    r"also|then|now|ok)\b\s*,?\s*)*", re.IGNORECASE)
_LEAD = re.compile(r"^(?:(?:for|of|on|in|among|with|from|just|only|to)\s+)+", re.IGNORECASE)
_USER = re.compile(r"\b(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]{5,}\b|\b\d{5,}\b", re.IGNORECASE)
MAX_NAME_WORDS = 4


def said_part(follow_up: str) -> str:
    """Return what a follow-up adds, without its opener and its closing mark ("what about the trial policy?")."""
    return _OPENER.sub("", follow_up).strip().rstrip("?.! ")


def _rule_span(text: str, names: list[str]) -> tuple[int, int] | None:
    """Return where the text names a rule (the longest run of words that names one), else None."""
    words = list(re.finditer(r"[\w'-]+", text))
    for size in range(min(MAX_NAME_WORDS, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            start, end = words[i].start(), words[i + size - 1].end()
            if rule_named(text[start:end], names) is not None:
                return start, end
    return None


def names_people(part: str, catalog: Catalog) -> bool:
    """Return whether words name people by a catalog value ("on Android", "iOS users", "in Brazil")."""
    return any(e.kind == "value" for m in catalog_lexicon(catalog).match(tokenize(normalize(part)), kinds={"value"})
               for e in m.entries)


def asked_again(previous: str, follow_up: str, names: list[str], catalog: Catalog) -> str | None:
    """Return the last reading question asked with the follow-up's rule, user or period in place, else None."""
    part = said_part(follow_up)
    if not part:
        return None
    target = _LEAD.sub("", part)
    if (user := _USER.fullmatch(target)) is not None and (old := _USER.search(previous)) is not None:
        return previous[: old.start()] + user.group() + previous[old.end():]
    if rule_named(target, names) is not None and (span := _rule_span(previous, names)) is not None:
        said = re.sub(r"^(?:the|our)\s+", "", target, flags=re.IGNORECASE)
        return previous[: span[0]] + said + previous[span[1]:]
    if names_period(normalize(part)):
        return follow_up_prompt(previous, follow_up, catalog)
    return None


def combined_what_if(value: dict[str, Any], change: str) -> dict[str, Any]:
    """Return a what-if (or a running audience, as a what-if) with one more change."""
    if "ask" in value:
        ask = dict(value["ask"])
        ask["change"] = f"{ask['change']}, {change}"
        return {**value, "ask": ask}
    return {"ask": {"name": str(value["rule_id"]), "change": change}, "spec": value["spec"], "rule_id": value["rule_id"]}


def changed_reading(key: str, value: dict[str, Any], follow_up: str, resolve: Callable[[str], list[str] | None],
                    catalog: Catalog) -> dict[str, Any] | None:
    """Return the reading (its state key and value) the last one becomes with the follow-up's part, when no words of
    the last question can be swapped: a change or people after a what-if or an audience ("what if we also dropped the
    open tickets one?", "only iOS users?"), a rule after a run's decisions of every rule ("what about the nudge?"), a
    channel or a rule after the messages rules sent ("only emails?"). `resolve` returns the rule ids words name."""
    part = said_part(follow_up)
    target = re.sub(r"^(?:the|our)\s+", "", _LEAD.sub("", part), flags=re.IGNORECASE)
    if key in ("about_audience", "about_what_if") and "spec" in value:
        if (change := change_of(follow_up)) is not None:
            return {"about_what_if": combined_what_if(value, change)}
        if names_people(part, catalog):
            return {"about_what_if": combined_what_if(value, people_change(part))}
        return None
    if key == "about_outcomes" and (ids := resolve(target)):
        return {"about_outcomes": {**value, "rule_ids": ids}}
    if key == "about_sends":
        if names_period(normalize(part)):
            period = read_period(normalize(part), lambda clause: False)[0].spec
            return {"about_sends": {**value, "period": period.model_dump(mode="json")}}
        if (channel := channel_named(target)) is not None:
            return {"about_sends": {**value, "channel": channel}}
        if resolve(target):
            return {"about_sends": {**value, "name": target}}
    return None
