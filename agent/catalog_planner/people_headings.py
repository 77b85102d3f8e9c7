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
# "For iOS users: streak challenge first, save offer second.": under one heading, several programs in order
_ORDINAL = r"(?:first|second|third|fourth|last|next)"
_IN_TURN = re.compile(
    rf"\s+{_ORDINAL}\s*(?:,|;)\s*(?:and\s+)?(?:then\s+)?|\s+{_ORDINAL}\s+and\s+(?:then\s+)?|\s*,\s*(?:and\s+)?then\s+|"
    r"\s+(?:(?:should|must|will)\s+(?:always\s+)?)?(?:wins?(?: out)? over|beats?|outranks?|trumps?|"
    r"(?:comes?|goes?|ranks?)\s+(?:before|above|ahead of))\s+|\s+(?:then|before|over|ahead of)\s+|\s*>\s*",
    re.IGNORECASE,
)
_LAST_MARK = re.compile(rf"\s+{_ORDINAL}\s*$", re.IGNORECASE)
# "For cancelled users, win-back first; for trial users, trial conversion first; for everyone else, tips."
_FOR_HEADED = re.compile(
    r"^\s*(?:and\s+)?(?:for|among)\s+(?P<people>[^:,.;!?\n]{0,60}?\b(?:users|people|customers|members|subscribers|"
    r"signups|trials|trialists|everyone|everybody|anyone|the rest)\b[^:,.;!?\n]{0,60}?)\s*[,:]\s*(?P<program>[^:,.;!?\n]+?)"
    r"(?:\s+(?:first|second|third|last|next|then))?\s*$",
    re.IGNORECASE,
)
_LIST_MARK = re.compile(r"^\s*(?:\(?\d+[.)]|[-*\u2022])\s*")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")


_ARTICLE = re.compile(r"^(?:the|a|an|our)\s+", re.IGNORECASE)
_FOR = re.compile(r"^\s*(?:and\s+)?(?:for|among)\s+", re.IGNORECASE)


def _in_turn(said: str) -> list[str] | None:
    """Return the programs a heading ranks in turn ("streak challenge first, save offer second"), else None."""
    m = _HEADED.match(said) if ":" in said else None
    if m is None:
        return None
    parts = [_LAST_MARK.sub("", p).strip() for p in _IN_TURN.split(said[m.start("program") :]) if p.strip()]
    return parts if len(parts) >= 2 and all(bare_program(p) for p in parts) else None


# "for trial users the upgrade nudge first", "For at-risk users we want A first and B second": the people, then
# (after a comma, a colon, the ask's words or straight away) the programs ranked for them
_FOR_PEOPLE = re.compile(
    r"^\s*(?:and\s+)?(?:for|among)\s+(?P<people>[^:,.;!?\n]{0,60}?\b(?:users|people|customers|members|subscribers|"
    r"signups|trials|trialists)\b(?:\s+(?:who|with|on|in|from)\s+[^:,.;!?\n]{0,40}?)?)"
    r"(?:\s*[,:]\s*|\s+(?=(?:we|i|the|our|a|an)\s))(?:(?:we|i)\s+(?:want|need|would like|'d like)\s+)?(?P<program>\S.*)$",
    re.IGNORECASE,
)
# "Everyone else gets the weekly digest", "The rest: weekly digest": the last program, for the people left
_REST_GETS = re.compile(
    r"^\s*(?:and\s+)?(?P<people>(?:everyone|everybody|anyone|all other users|the rest)(?:\s+else)?)\s*"
    r"(?:(?:should\s+)?(?:gets?|receives?|hears?)\s+|[:\-\u2013\u2014]\s*)(?P<program>[^:.;!?\n]+)$",
    re.IGNORECASE,
)


# "For users with an open bug ticket, only the support follow-up should go out": that program is theirs
_ONLY_OUT = re.compile(
    r"^\s*(?:and\s+)?(?:for|among)\s+(?P<people>[^:,.;!?\n]{0,60}?\b(?:users|people|customers|members|subscribers|"
    r"signups|trials|trialists)\b[^:,.;!?\n]{0,60}?)\s*[,:]?\s+only\s+(?P<program>[^:,.;!?\n]+?)\s+"
    r"(?:should|must|may|can|will)\s+(?:go out|be sent|go|run)\s*$",
    re.IGNORECASE,
)
# "For everyone else: upgrade nudge for trial users first, workout tips for new users second": the programs after
# it, each for the people it names (or for the rest)
_FOR_REST = re.compile(
    r"^\s*(?:and\s+)?(?:(?:for|among)\s+)?(?:everyone|everybody|all other users|the rest)(?:\s+else)?\s*[,:]\s*(?P<program>\S.*)$",
    re.IGNORECASE,
)


def _for_the_rest(said: str) -> tuple[str, list[str]] | None:
    """Return ("", programs) of "For everyone else: A for X first, B for Y second": each names its own people (or
    gets "for everyone else"), else None."""
    m = _FOR_REST.match(said)
    if m is None:
        return None
    parts = [_LAST_MARK.sub("", p).strip() for p in _IN_TURN.split(m["program"]) if p.strip()]
    return "", [p if PEOPLE_IN_LABEL.search(p) else f"{p} for everyone else" for p in parts]


def _ranked_for(said: str) -> tuple[str, list[str]] | None:
    """Return (people, programs) of "for <people> [we want] A first and B second", else None."""
    m = _FOR_PEOPLE.match(said)
    if m is None:
        return None
    parts = [_LAST_MARK.sub("", p).strip() for p in _IN_TURN.split(m["program"]) if p.strip()]
    return (m["people"].strip(), parts) if parts and all(bare_program(p) for p in parts) else None


def _headed(said: str) -> tuple[str, list[str]] | None:
    """Return (people, programs) of a headed sentence, or None."""
    rest = _REST_GETS.match(said)
    if rest is not None and bare_program(rest["program"]):
        return "everyone else", [rest["program"].strip()]
    only = _ONLY_OUT.match(said)
    if only is not None and bare_program(only["program"]):
        return only["people"].strip(), [only["program"].strip()]
    others = _for_the_rest(said)
    if others is not None:
        return others
    ranked = _ranked_for(said)
    if ranked is not None and len(ranked[1]) > 1:
        return ranked
    turn = _in_turn(_FOR.sub("", said))
    people = _HEADED.match(_FOR.sub("", said))
    if turn is not None and people is not None:
        return people["people"].strip(), turn
    m = _FOR_HEADED.match(said) or _HEADED.match(said)
    if m is not None and bare_program(m["program"]):
        return m["people"].strip(), [m["program"].strip()]
    return ranked


def headed_programs_as_list(text: str) -> str:
    """Return the text with its leading "<people>: <program>." (or "for <people>, <program>;") sentences, two or
    more, as one numbered list; a heading may rank several programs of its own people ("For iOS users: A first,
    B second. For Android users: A first, C second.")."""
    sentences = _SENTENCE.split(text.strip())
    listed: list[str] = []
    read = 0
    for sentence in sentences:
        said = _LIST_MARK.sub("", sentence).rstrip(" .!?;")  # "1) trial users with …: upgrade offer"
        headed = _headed(said)
        if headed is None:
            break
        people, programs = headed
        for program in programs:
            listed.append(f"{_ARTICLE.sub('', program)} for {people}" if people else _ARTICLE.sub("", program))
        read += 1
    if read < 2:
        return text  # one heading (ranking its programs or not) is read as the scope it is
    items = " ".join(f"{n}) {item}" for n, item in enumerate(listed, start=1))
    rest = " ".join(sentences[read:])
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
