"""Read an unnumbered decision prompt whose programs are clauses ranked by cue words: "reducing churn is most
important, then driving upgrades", "Most important: ... Next: ... Last: ...", "win back cancelled
subscribers, re-engage at-risk members, and welcome newcomers, in that order", "US users first, then UK,
then Canada", "we want A, B and C; A matters most, C least".

Clauses are cut at sentence ends, semicolons, sequence words ("then", "next", "finally", "followed by"),
"before we / before pushing / before any ...", "matters more than", "over <people>", and at a comma or "and"
before a lifecycle or goal verb. "Launch X in <place>" keeps the place; "For X, ..." is a shared scope. A clause's cue ("most important",
"first", "top priority" / "least", "last", "lowest priority") ranks it; a short cue clause that names an
earlier clause ("churn matters most") ranks that clause instead of adding one. Unranked clauses keep the
written order between the top and the bottom ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.catalog_planner.guard_phrases import take_guards
from agent.catalog_planner.lists import Enumeration
from agent.catalog_planner.program_labels import LIFECYCLE_VERBS, same_label
from agent.catalog_planner.programs import framed_people
from agent.catalog_planner.text import content_stems

_TOP, _BOTTOM = -1, 1_000
_GOAL_VERBS = (
    r"help|get|drive|grow|increase|boost|reduce|prevent|lower|cut|keep|convert|upgrade|resolve|handle|fix|"
    r"send|offer|give|push|move|bring|celebrate|stop|save|recover|activate|protect|upsell|retain|promote|"
    r"announce|launch|roll out|target|message|email|reach|win back|prioriti[sz]e"
)
_VERB = rf"(?:{LIFECYCLE_VERBS}|{_GOAL_VERBS})\b"
# "next week", "the next 3 days" are spans of time, not the next step of a sequence
_NEXT_SPAN = r"\s+(?:\d+\s+)?(?:days?|weeks?|months?|fortnight)\b"
_CUT = re.compile(
    r"(?<=[a-z0-9)%])[.!?](?:\s+|$)|\n+|;\s*|"
    rf"\s*,?\s*\b(?:and\s+)?(?:then|next(?!{_NEXT_SPAN})|after that|afterwards|followed by|finally|lastly|and last(?:ly)?)\b\s*[,:]?\s*|"
    # "A first, then B, and the feedback survey last": an item closed by its own rank cue after ", and"
    r"\s*,\s*and\s+(?=(?:the|a|an|our)\s+(?:[\w'-]+\s+){0,4}?(?:second|third|fourth|last|least)\s*(?:[.;!?]|$))|"
    # "Top priority is A, second is B, lowest priority is C": a rank cue after a comma starts a clause
    r"\s*,\s*(?:and\s+)?(?=(?:second|third|fourth|next|last|lowest priority|least important|bottom)\s+(?:is|are|priority|:)|"
    r"(?:second|third|fourth|lowest|last) priority\b)|"
    r"\s+before\s+(?:we|you|they)\s+|\s+before\s+(?=\w+ing\b|(?:any|all)\s)|"
    # "the upgrade push goes before the feature tour email": two programs, the first ranked higher
    r"\s+(?:(?:should|must|will)\s+)?(?:goes|go|comes?|ranks?|is sent|gets? sent)\s+(?:before|ahead of|above)\s+(?=(?:the|a|an|our)\s)|"
    r"\s+(?:matters?|counts?) more than\s+|\s+(?:is|are) (?:more important|a bigger priority) than\s+|"
    rf"\s*,\s*(?:and\s+|or\s+|but\s+)?(?={_VERB})|\s+(?:and|or)\s+(?={_VERB}(?!\s+(?:them|it)\b))|"
    # "users who X should be prioritized over users who Y": the people after the comparison start a clause
    r"\s+(?:(?:should|must|will)\s+)?(?:(?:be|is|are|gets?|get|takes?|take|have|has)\s+)?"
    r"(?:prioriti[sz]ed\s+|ranked\s+|placed\s+|priority\s+|precedence\s+)?(?:over|above|ahead of|before)\s+"
    r"(?=(?:the\s+|all\s+)?(?:[\w-]+\s+){0,2}?(?:users|people|anyone|those|customers|members|\w+ers)\b)",
    re.IGNORECASE,
)
_LEAD_CUE = re.compile(
    r"^\s*(?P<cue>most important(?:ly)?|top priority|highest priority|first(?:ly)?|priority (?:one|1)|"
    r"second(?:ly)?|third(?:ly)?|least important|lowest priority|last(?:ly)?|finally)"
    r"(?:\s*[:,-]\s*|\s+(?:is|are|goes to|go to)\s+)",
    re.IGNORECASE,
)
_TRAIL_CUE = re.compile(
    r"\s*,?\s*(?:\b(?:is|are|should be|comes?|goes?|go|ranks?)\s+)?(?:the\s+)?\b"
    r"(?P<cue>(?:most important|top|highest|first|main|biggest|number one|#1)(?: priority| thing| one)?|priority|"
    r"(?:matters?|counts?) (?:the )?most|above all(?: else)?|wins|(?:should|must|will|would|ought to) win|first|"
    r"(?:least important|lowest priority|bottom|last)(?: priority)?|(?:matters?|counts?) (?:the )?least|least|second)\s*$",
    re.IGNORECASE,
)
_SCOPE = re.compile(r"^\s*(?:for|among|within|across)\s+[^,:]+,", re.IGNORECASE)
_ROLL_OUT = re.compile(
    r"^(?:launch|roll out|release|introduce|announce)\s+(?:the\s+|our\s+|a\s+|an\s+)?[\w-]+(?:\s+[\w-]+){0,3}?\s+"
    r"(?:in|to|for|among)\s+(?=the\s+|users|people|\w)",
    re.IGNORECASE,
)
_IN_ORDER = re.compile(r"\s*,?\s*\b(?:in (?:that|this) order|in order)\b", re.IGNORECASE)
_FRAMING = re.compile(
    r"^\s*(?:(?:we|i)\s+(?:want|need|would like|'d like)\s+to|(?:we|i)\s+(?:want|need)|our goals? (?:is|are)\s*(?:to)?|"
    r"(?:the\s+)?goals?\s*:|otherwise|prioriti[sz]e)\s*",
    re.IGNORECASE,
)


# "Write the suppressions and stop conditions", "Rank them": requests about the answer, not programs.
_ANSWER_PART = (
    r"(?:edge|corner|special) cases?|suppressions?|stop (?:conditions?|rules?)|exit (?:criteria|conditions?|rules?)|"
    r"guardrails?|caveats?|frequency caps?"
)
_INSTRUCTION = re.compile(
    r"^\s*(?:please\s+)?(?:write|include|add|draft|define|give|list|show|create|propose|explain|describe|document|"
    r"rank|order|decide|choose|pick|tell|make sure|set|specify|spell out|handle|cover|note)\b.*\b(?:polic\w*|"
    r"suppressions?|stop conditions?|edge cases?|rules?|priorit\w*|order|them|these|caps?|holdouts?|winner)\s*$|"
    r"^\s*(?:please\s+)?(?:rank|order|prioriti[sz]e|sort)\s+(?:the|these|them|those|all)\b[^,]{0,30}$|"
    # "What edge cases should we watch?", "Suppressions and stop conditions please", "Call out edge cases"
    rf"^[^,;]{{0,40}}\b{_ANSWER_PART}\b[^,;]{{0,40}}$",
    re.IGNORECASE,
)


_SEQUENCED = re.compile(
    rf"\b(?:then|next(?!{_NEXT_SPAN})|after that|afterwards|followed by|finally|lastly|in (?:that|this) order|most important|"
    r"matters? (?:the )?(?:most|least)|least important|top priority|lowest priority)\b",
    re.IGNORECASE,
)


# Words that say the clauses are ranked though no clause carries a cue ("Retention beats upsell: ...").
_ORDER_WORD = re.compile(
    r"\b(?:before|beats?|over|ahead of|precedence|priorit\w*|rank\w*|order|wins|should win|first|more than)\b",
    re.IGNORECASE,
)


def is_sequenced(text: str) -> bool:
    """Return True when the prompt orders its clauses with sequence or importance words ("then", "finally",
    "in that order", "most important"), which outweigh the program reader's grouping."""
    return bool(_SEQUENCED.search(text))


@dataclass
class _Clause:
    text: str
    rank: int


def _rank_of(cue: str) -> int:
    low = cue.lower()
    if any(w in low for w in ("least", "lowest", "bottom", "last", "final")):
        return _BOTTOM
    if "second" in low:
        return 1
    if "third" in low:
        return 2
    return _TOP


def _pieces(text: str) -> list[str]:
    """Cut the text into clauses; a clause of comma parts that each end with a cue ("churn matters most,
    referrals least") is cut at its commas."""
    out: list[str] = []
    # instructions go before the cuts would split them ("Write suppressions and | stop conditions")
    sentences = re.split(r"(?<=[.!?])\s+", text)
    # a heading that states a guard ("Exit criteria: they subscribe") is kept for the guard readers
    text = " ".join(s for s in sentences if not _INSTRUCTION.match(s.strip(" .")) or take_guards(s)[1])
    for raw in _CUT.split(_IN_ORDER.sub("", text)):
        parts = (raw or "").split(",")
        cued = [p for p in parts if _TRAIL_CUE.search(p.strip(" ."))]
        out += parts if len(parts) > 1 and len(cued) == len(parts) else [raw or ""]
    return out


def _clauses(text: str) -> list[_Clause]:
    out: list[_Clause] = []
    for raw in _pieces(text):
        piece = _FRAMING.sub("", raw.strip(" ,:;.")).strip(" ,:;.")
        if _INSTRUCTION.match(piece) and not take_guards(piece)[1]:
            continue
        rank = 0
        lead = _LEAD_CUE.match(piece)
        if lead:
            rank, piece = _rank_of(lead.group("cue")), piece[lead.end() :]
        trail = _TRAIL_CUE.search(piece)
        if trail and trail.start() > 0:
            rank, piece = _rank_of(trail.group("cue")), piece[: trail.start()]
        piece = re.sub(r"^(?:and|or|but|so)\s+", "", piece.strip(" ,:;."), flags=re.IGNORECASE)
        piece = _ROLL_OUT.sub("", piece)
        if piece:
            out.append(_Clause(piece, rank))
    return out


def cued_rank(sentence: str) -> tuple[int, str] | None:
    """Return the rank a cue word gives a sentence ("Trial first", "Most important: X", "X comes last")
    and the words it ranks, or None when it carries no cue."""
    piece = sentence.strip(" ,:;.!?")
    lead = _LEAD_CUE.match(piece)
    if lead:
        return _rank_of(lead.group("cue")), piece[lead.end() :].strip()
    trail = _TRAIL_CUE.search(piece)
    if trail and trail.start() > 0:
        return _rank_of(trail.group("cue")), piece[: trail.start()].strip()
    return None


def _clauses_cued(text: str) -> bool:
    return is_sequenced(text) or any(c.rank != 0 for c in _clauses(text))


def _is_reference(clause: _Clause, earlier: list[_Clause]) -> _Clause | None:
    """Return the earlier clause a short ranked clause names ("churn matters most" names "reduce churn")."""
    if clause.rank == 0 or len(content_stems(clause.text)) > 3:
        return None
    return next((e for e in earlier if same_label(e.text, clause.text)), None)


def split_ranked_clauses(text: str) -> Enumeration | None:
    """Return the clauses of a prompt in priority order, or None when it has fewer than two or no cue."""
    first, _, after = text.partition(". ")
    framed = framed_people(first) if after else None
    if framed is not None:
        text = f"{framed}: {after}"  # "For iOS users, we need to win them back. A first, then B": it only scopes
    head, colon, body = text.partition(":")
    if colon and len(_clauses(head)) >= 2 and len(_clauses(body)) <= 1:
        # "Welcome new users and convert trial users: new users come first": the head holds the programs
        head, body = "", f"{head}. {body}"
    elif not colon or _LEAD_CUE.match(text) or len(content_stems(head)) > 8:
        scope = _SCOPE.match(text)  # "For trial users, A first, then B": the scope is shared
        head, body = (scope.group(0), text[scope.end() :]) if scope else ("", text)
    intro, _, rest = body.partition(". ")
    if not head and rest and not _clauses_cued(intro) and is_sequenced(rest) and len(_clauses(rest)) >= 2:
        head, body = intro, rest  # "Our new launch is in Germany and France. German users go first, then ..."
    clauses: list[_Clause] = []
    cued = bool(_IN_ORDER.search(text) or _ORDER_WORD.search(text))
    for clause in _clauses(body):
        named = _is_reference(clause, clauses)
        if named is not None:
            named.rank = clause.rank
        else:
            clauses.append(clause)
        cued = cued or clause.rank != 0
    if len(clauses) < 2:
        return None
    ordered = sorted(clauses, key=lambda c: c.rank)  # stable: the written order breaks ties
    return Enumeration(head.strip(), [c.text for c in ordered], "") if cued or len(clauses) > 2 else None


_BELOW = re.compile(
    r"^(?P<low>[^.;!?]+?)\s+(?:(?:should\s+)?(?:ranks?|comes?|goes?|go|be ranked|is|are)\s+(?:below|after|behind|under)|"
    # "CSAT is below 3" compares a number: no ranking
    r"loses to|yields to|gives way to|comes? second to|is second to|"
    # "Make the referral ask lower priority than the upgrade offer", "the survey is less important than the win-back"
    r"(?:(?:should|must|will)\s+)?(?:(?:be|is|are|has|have|gets?|takes?)\s+)?(?:a\s+)?(?:lower priority|less important|"
    r"less urgent)\s+than)\s+(?!\d|(?:zero|one|two|three|four|five|six|seven|"
    r"eight|nine|ten)\b)(?P<high>[^.;!?]+)",
    re.IGNORECASE,
)


_MAKE = re.compile(r"^\s*(?:please\s+)?(?:make|keep|set|put)\s+", re.IGNORECASE)  # "Make A lower priority than B"


_TRAILING_PEOPLE = re.compile(r"^(?P<label>.+?)\s+for\s+(?P<people>[^,]+?)(?P<rest>\s*,.*)?$", re.IGNORECASE)
_HAS_PEOPLE = re.compile(r"\s(?:for|to)\s|\(")


def _higher_first(high: str, low: str) -> str:
    """Return "B ranks above A"; "A lower priority than B for X" is said of X's two programs, as "For X, A
    ranks below B" is (a bare A went to everyone else)."""
    people = _TRAILING_PEOPLE.match(high)
    if people is not None and not _HAS_PEOPLE.search(f" {low} "):
        return f"{people['label']} for {people['people']} ranks above {low.strip()} for {people['people']}{people['rest'] or ''}"
    return f"{high} ranks above {low}"


def put_higher_first(text: str) -> str:
    """Rewrite "A ranks below B" / "A comes after B" / "A loses to B" as "B ranks above A", the form the
    program reader orders."""
    sentences = re.split(r"(?<=[.;!?])\s+", text)
    return " ".join(
        _BELOW.sub(lambda m: _higher_first(m["high"], _MAKE.sub("", m["low"])), s, count=1) for s in sentences
    )
