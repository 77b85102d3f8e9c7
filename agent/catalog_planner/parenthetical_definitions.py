"""Let a definition in parentheses replace the word it defines: "lapsed users (no workout in 21+ days)" are
the users with no workout in 21 days, and "power users (defined as 8+ workouts)" those with 8 or more, not
also lapsed or committed by the catalog's own reading of the word beside the prompt's.

A word is taken as defined only when the prompt's reading could differ from the catalog's: its condition is
a number the word did not say ("lapsed" read with a default threshold), a state the catalog defines by a
count ("new", "committed"), or the same trait or event the parentheses name. A plain fact beside a
parenthesis ("android users (push enabled)") is another condition, and both are kept.
"""

from __future__ import annotations

import re

from agent.catalog_planner.conditions import parse_conditions
from agent.catalog_planner.lexicon import Lexicon, value_glosses
from agent.catalog_planner.logic import condition_names
from orchestrator.spec import Condition, EventCondition, TraitCondition
from warehouse.catalog import Catalog

_PARENTHESIS = re.compile(r"\(\s*(?P<inner>[^()]+?)\s*\)")
# "(defined as …)", "(i.e. …)", "(meaning …)": the words that introduce a definition say nothing of the people
_DEFINITION_LEAD = re.compile(
    r"^(?:defined as|meaning|means|i\.?\s?e\.?|aka|that is|like|as in|so|=)[,:]?\s+", re.IGNORECASE
)
# "folks who've been slacking - like no workouts in 10+ days - but …": a definition set off by dashes
_DASH_ASIDE = re.compile(
    r"\s+[-\u2013\u2014]+\s*(?P<inner>(?:like|i\.?\s?e\.?|meaning|aka|as in|so)\b[^-\u2013\u2014()]+?)\s*[-\u2013\u2014]+(?=\s)",
    re.IGNORECASE,
)
_PEOPLE = re.compile(r"^(?:users|people|customers|members|folks|subscribers|accounts|ones|signups|trialists|visitors)$", re.IGNORECASE)
# "lapsed runners (…)": people named by a value ("runners" prefer running) keep it; the parenthesis defines "lapsed"
_VALUE_PEOPLE = re.compile(r"^(?:\w+ers|\w+ists|yogis|lovers|fans)$", re.IGNORECASE)
# Words a defined term never runs across: "users who have churned (…)" defines "churned" only
_BOUNDARY = re.compile(
    r"^(?:who|whom|whose|that|which|with|and|or|but|not|no|have|has|had|are|is|were|was|been|be|the|a|an|our|"
    r"all|any|on|in|from|for|to|of|by|at|target|send|email|push|message)$",
    re.IGNORECASE,
)
_MAX_TERM_WORDS = 2


def _defined_term(before: str) -> tuple[str, str] | None:
    """Return (term, people noun) said right before a parenthesis: ("lapsed", "users"), ("trialists", "")."""
    words = before.split()
    people = len(words) > 1 and (_PEOPLE.match(words[-1]) or _VALUE_PEOPLE.match(words[-1]))
    noun = words.pop() if people else ""
    term: list[str] = []
    while words and len(term) < _MAX_TERM_WORDS:
        word = words[-1]
        if _BOUNDARY.match(word) or not re.fullmatch(r"[A-Za-z][\w'-]*", word):
            break
        term.insert(0, words.pop())
    return (" ".join(term), noun) if term else None


def _definable(cond: Condition, term: str, defining: set[str], catalog: Catalog) -> bool:
    """Return True when the prompt may mean something else by the term than the catalog's reading of it."""
    if condition_names(cond) & defining:
        return True
    said_number = re.search(r"\d", term) is not None
    if isinstance(cond, EventCondition):
        return not said_number
    if not isinstance(cond, TraitCondition):
        return False
    spec = catalog.trait(cond.trait)
    if spec.type in ("int", "float"):
        return not said_number
    if cond.op == "eq" and isinstance(cond.value, str):
        glosses = value_glosses(cond.value, spec.description or "")
        return bool(glosses) and re.search(r"\d", glosses[0]) is not None
    return False


# "(score 70+)", "(70 or more)", "(above 4)": a threshold with at most a generic measure word
_THRESHOLD = re.compile(
    r"^(?:(?:score|value|level|rating|of|a|an)\s+)*(?P<bound>(?:(?:at least|at most|over|under|above|below|more than|"
    r"less than)\s+)?\d+(?:\.\d+)?\s*(?:\+|or more|or higher|and up|and above|or less|or lower|and below)?)$",
    re.IGNORECASE,
)
# a level word the threshold replaces ("high momentum", "low CSAT")
_LEVEL = re.compile(r"^(?:high|higher|low|lower|strong|weak|good|bad|poor|big|small|top|medium)$", re.IGNORECASE)


def _threshold_of(term: str, definition: str, catalog: Catalog, lexicon: Lexicon) -> str | None:
    """Return "<measure> <bound>" when the parenthesis is a bare bound for a level of one numeric trait the term
    names ("high momentum (score 70+)" → "momentum 70+"), else None."""
    bound = _THRESHOLD.match(definition.strip())
    measure = " ".join(w for w in term.split() if not _LEVEL.match(w))
    if bound is None or not measure or measure == term:
        return None
    said = f"{measure} {bound['bound']}"
    parsed = parse_conditions(said, catalog, lexicon)
    numeric = [
        c for c in parsed.conditions if isinstance(c, TraitCondition) and catalog.trait(c.trait).type in ("int", "float")
    ]
    return said if len(parsed.conditions) == 1 and numeric and not parsed.unexpressed else None


def apply_parenthetical_definitions(text: str, catalog: Catalog, lexicon: Lexicon) -> str:
    """Return the text with each term a parenthesis defines set aside for its definition."""
    text = _DASH_ASIDE.sub(lambda m: f" ({m['inner']})", text)
    # "(no workout in 14 days, prefer running)": the comma inside joins two parts of one definition
    text = _PARENTHESIS.sub(lambda m: "(" + re.sub(r"\s*,\s*(?:and\s+)?", " and ", m["inner"]) + ")", text)
    out, last = [], 0
    for m in _PARENTHESIS.finditer(text):
        definition = _DEFINITION_LEAD.sub("", m["inner"])
        found = _defined_term(text[last : m.start()])
        if found is None:
            continue
        term, noun = found
        measured = _threshold_of(term, definition, catalog, lexicon)
        if measured is not None:
            definition = measured  # "high momentum users (score 70+)": momentum 70+
        else:
            defines = parse_conditions(definition, catalog, lexicon)
            # the term alone is defined; its noun stays as said ("runners" in "lapsed runners (…)" prefer running,
            # "subscribers" in "lapsed subscribers (cancelled in the last 60 days)" are who they were)
            named = parse_conditions(f"{term} users", catalog, lexicon)
            if not defines.conditions or defines.unexpressed:
                continue
            # "VIP users (20+ workouts)", "slacking (no workouts in 10+ days)": a word the catalog cannot read at
            # all is what its parenthesis says
            unread = not named.conditions
            if not unread and named.unexpressed:
                continue
            defining = {name for c in defines.conditions for name in condition_names(c)}
            # "any paid source (google, facebook, …)": a term naming the trait its parenthesis lists is that list
            # ("paid" was read as paying users)
            renamed = any(e.kind == "trait" and e.name in defining for w in term.split() for e in lexicon.entries_for(w))
            if not (unread or renamed) and not all(_definable(c, term, defining, catalog) for c in named.conditions):
                continue
        head = text[last : m.start()].rstrip()
        cut = head.rfind(term) if not noun else head.rfind(f"{term} ")
        # a comma closes the definition, so its last clause does not run on into the words after it
        # ("(8+ workouts and one in the last week) on web": the "one" would take "on web" for its own)
        closed = "," if re.match(r"\s*[A-Za-z]", text[m.end() :]) else ""
        out.append(f"{head[:cut]}{noun + ' ' if noun else ''}({definition}){closed}")
        last = m.end()
    return "".join(out) + text[last:]
