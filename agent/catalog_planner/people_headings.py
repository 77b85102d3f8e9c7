"""Read sentences that each name people before a colon and one program after it ("Trial users ending in 2
days: upgrade reminder first. Trial users with an open ticket: support. Everyone else on trial: second workout
nudge.") as the numbered list they mean, in the order written: "1) upgrade reminder for trial users ending in
2 days 2) support for … 3) second workout nudge for everyone else on trial". Read as one scope, the first
heading's people would be every program's."""

from __future__ import annotations

import re

from agent.catalog_planner.pair_chains import bare_program
from agent.catalog_planner.program_shapes import PEOPLE_IN_LABEL

_HEADED = re.compile(
    r"^\s*(?P<people>[^:.;!?\n]{0,60}?\b(?:users|people|customers|members|subscribers|subs|signups|sign-ups|trials|"
    r"trialists|everyone|everybody|anyone|the rest)\b[^:.;!?\n]{0,60}?)\s*:\s*(?P<program>[^:.;!?\n]+?)"
    r"(?:\s+(?:first|second|third|last|next|then))?\s*$",
    re.IGNORECASE,
)
# "For cancelled users, win-back first; for trial users, trial conversion first; for everyone else, tips."
_FOR_HEADED = re.compile(
    r"^\s*(?:and\s+)?(?:for|among)\s+(?P<people>[^:,.;!?\n]{0,60}?\b(?:users|people|customers|members|subscribers|"
    r"signups|trials|trialists|everyone|everybody|anyone|the rest)\b[^:,.;!?\n]{0,60}?)\s*[,:]\s*(?P<program>[^:,.;!?\n]+?)"
    r"(?:\s+(?:first|second|third|last|next|then))?\s*$",
    re.IGNORECASE,
)
_LIST_MARK = re.compile(r"^\s*(?:\(?\d+[.)]|[-*\u2022])\s*")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")


def headed_programs_as_list(text: str) -> str:
    """Return the text with its leading "<people>: <program>." (or "for <people>, <program>;") sentences, two or
    more, as one numbered list."""
    sentences = _SENTENCE.split(text.strip())
    listed: list[str] = []
    for sentence in sentences:
        said = _LIST_MARK.sub("", sentence).rstrip(" .!?;")  # "1) trial users with …: upgrade offer"
        m = _FOR_HEADED.match(said) or _HEADED.match(said)
        if m is None or not bare_program(m["program"]):
            break
        program = re.sub(r"^(?:the|a|an|our)\s+", "", m["program"].strip(), flags=re.IGNORECASE)
        listed.append(f"{program} for {m['people'].strip()}")
    if len(listed) < 2:
        return text
    items = " ".join(f"{n}) {item}" for n, item in enumerate(listed, start=1))
    rest = " ".join(sentences[len(listed) :])
    return f"{items}. {rest}".strip()


# "… After that, win-back for cancelled users. Everything else: feature education.": the last of a ranking,
# for the people no program before it reached (read alone, "Everything else" was a program of its own)
_REST_HEADING = re.compile(
    r"(?:(?<=[.;!?])|(?<=\n))(?P<space>\s*)(?:everything|everyone|everybody|anyone|the rest)(?:\s+else)?\s*(?::|-|\u2013|\u2014)\s*"
    r"(?P<program>[^.;!?\n]+)",
    re.IGNORECASE,
)


def rest_heading_as_item(text: str) -> str:
    """Return the text with a later "Everything else: <program>" sentence as "Then <program> for everyone else"
    (as "Then <program>" when the program names its own people)."""

    def item(m: re.Match[str]) -> str:
        program = m["program"].strip()
        rest = "" if PEOPLE_IN_LABEL.search(program) else " for everyone else"
        return f"{m['space']}Then {program}{rest}"

    return _REST_HEADING.sub(item, text)
