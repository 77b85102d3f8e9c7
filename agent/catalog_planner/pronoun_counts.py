"""Read a clause whose object is a pronoun with a count or a window after it ("… and opened it 10 times", "…
and finished it 3 times this week", "… and did it twice in the last 10 days"). The pronoun is the object of the
act before, said in full: "installed the app and opened it 10 times" is "opened the app 10 times", "started a
yoga workout and finished it 3 times" is "finished a yoga workout 3 times" (read alone, "opened" was any message
opened, and "finished 3" was refused). A verb that only repeats or looks at that thing ("viewed pricing and
opened it 3 times", "saved a HIIT workout and did it twice") does the act before again. A pronoun that names
nothing before it ("users who opened it 5 times") is refused by name rather than guessed."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.quantities import extract_quantities, extract_window
from orchestrator.spec import Condition, EventCondition, TraitCondition

# "[and then] opened it [again] 10 times this week": a verb of up to three words, the pronoun, and what follows
_PRONOUN_COUNT = re.compile(
    r"^(?:.*\b(?:who|that)\s+)?\s*(?:(?:and|then|but|also|have|has|had|later)\s+)*"
    r"(?P<verb>(?:[a-z'-]+\s+){0,2}?[a-z'-]+)\s+it(?:\s+(?:again|back))?\s+(?P<tail>\S.*)$",
    re.IGNORECASE,
)
# "… but finished 0 of them", "… and completed 2 of those": a count of the things the clause before counted
_COUNT_OF_THEM = re.compile(
    r"^(?:.*\b(?:who|that)\s+)?\s*(?:(?:and|then|but|yet|also|have|has|had|only)\s+)*"
    r"(?P<verb>(?:[a-z'-]+\s+){0,2}?[a-z'-]+)\s+(?P<n>\d+)\s+of\s+(?:them|those|these)\s*$",
    re.IGNORECASE,
)
# words before the act of the clause before ("who have", "and then", "were" of "were sent an email")
_ACT_LEAD = re.compile(
    r"^\s*(?:(?:who|that|and|then|but|also|have|has|had|did|already|just|recently|were|was|been|is|are)\s+)*",
    re.I,
)
_NEGATED = re.compile(r"\b(?:not|never|no|without)\b|n't\b", re.IGNORECASE)
# verbs that do the act before again ("did it twice"), and verbs that look at a thing, which repeat an act of
# looking ("viewed pricing and opened it 3 times") but not another act ("saved a workout and opened it")
_DOING = frozenset({"did", "do", "does", "done", "repeated", "redid"})
_LOOKING = frozenset(
    {"opened", "open", "visited", "checked", "viewed", "saw", "seen", "hit", "looked at", "went to", "came back to",
     "returned to", "revisited", "reopened"}
)  # fmt: skip


@dataclass
class PronounCount:
    """A pronoun clause said in full (`clause`), or None when the pronoun names nothing; `said` is the reading."""

    clause: str | None
    said: str


def _counted(tail: str) -> bool:
    """Return True when the words after the pronoun hold a count or a window ("10 times", "this week")."""
    return bool(extract_quantities(tail)[0]) or extract_window(tail)[0] is not None


def _act_words(previous: str) -> tuple[str, str] | None:
    """Return (act, object) of the clause before without its count and window ("viewed pricing", "pricing";
    "opened an email", "an email"), or None when it is negated or says no verb and object."""
    if _NEGATED.search(previous):
        return None
    _, rest = extract_window(previous)
    _, rest = extract_quantities(rest)
    act = " ".join(_ACT_LEAD.sub("", rest, count=1).split())
    words = act.split()
    return (act, " ".join(words[1:])) if len(words) > 1 else None


def _one_act(conditions: list[Condition] | None, lexicon: Lexicon) -> bool:
    """Return True when the conditions are one count of one act (a state is no object done again, and two
    conditions say the words were read apart: "opened a workout" is no act on a workout)."""
    return (
        conditions is not None
        and len(conditions) == 1
        and (
            isinstance(conditions[0], EventCondition)
            or (isinstance(conditions[0], TraitCondition) and conditions[0].trait in lexicon.trait_to_event)
        )
    )


def resolve_pronoun_count(
    clause: str, previous: str, lexicon: Lexicon, reads: Callable[[str], list[Condition] | None]
) -> PronounCount | None:
    """Return the clause with its counted pronoun said in full (`reads` gives a phrase's conditions when it is
    read whole, else None); a PronounCount without a clause when the pronoun names nothing; None when the
    clause has no pronoun with a count or window after it."""
    if (of_them := _COUNT_OF_THEM.match(clause)) is not None:
        return _count_of_them(of_them, previous, lexicon, reads)
    m = _PRONOUN_COUNT.match(clause)
    if m is None or not _counted(m["tail"]) or _NEGATED.search(m["verb"]):
        return None
    said = f"{m['verb']} it"
    words = _act_words(previous) if previous.strip() else None
    if words is None:
        return PronounCount(None, said)
    act, thing = words
    verb, tail = m["verb"].lower(), m["tail"].strip()
    whole = f"{verb} {thing} {tail}"
    if _one_act(reads(whole), lexicon):
        return PronounCount(whole, f"'{said}' is {verb} {thing}, what the clause before names")
    again = f"{act} {tail}"
    repeats = verb in _DOING or (verb in _LOOKING and any(act.lower().startswith(f"{w} ") for w in _LOOKING))
    if repeats and _one_act(reads(again), lexicon):
        return PronounCount(again, f"'{said} {tail}' is {again}: the act before, again")
    return PronounCount(None, said)


def _count_of_them(
    m: re.Match[str], previous: str, lexicon: Lexicon, reads: Callable[[str], list[Condition] | None]
) -> PronounCount | None:
    """Return "finished 0 of them" after "started 2+ workouts this week" said in full: finished 0 workouts in
    the last 7 days (the things counted before, over their window; read alone it was none ever); None when the
    clause before names no such thing."""
    words = _act_words(previous)
    if words is None:
        return None
    window, _ = extract_window(previous)
    span = f" {window.label}" if window is not None else ""
    whole = f"{m['verb'].lower()} {m['n']} {words[1]}{span}"
    if not _one_act(reads(whole), lexicon):
        return None
    return PronounCount(whole, f"'{m.group(0).strip()}' is {whole}: of the things the clause before counted")
