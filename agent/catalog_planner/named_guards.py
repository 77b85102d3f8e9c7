"""Give a guard said of one program by name to that program's rule only: a stop ("Stop the re-engagement push
once they complete a workout.") or a suppression ("Exclude users in Germany from the comeback push.", "Don't
send the upgrade offer to anyone with an open ticket."). The sentence is cut before the programs are read (a
reader that ranks clauses would otherwise read it as a guard for every rule, or as a program), and applied to
the drafted rules; a name that matches no rule makes the guard everyone's, as a sentence without one would."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from agent.catalog_planner.conditions import parse_conditions
from agent.catalog_planner.goals import AUDIENCE_LEFT, FALLBACK_STOPS
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.logic import all_of, negate
from agent.catalog_planner.named_sentences import (
    CLAUSE_START,
    CUT,
    GENERIC_NAME,
    SENTENCE_START,
    has_article,
    program_name,
)
from agent.catalog_planner.refusals import refusal_for
from agent.catalog_planner.rule_labels import rules_named
from agent.catalog_planner.stated_guards import (
    Guard,
    Misses,
    shared_stops,
    stated_stops,
    stated_suppressions,
    with_stops,
)
from agent.types import Refusal
from orchestrator.spec import AllOf, Condition, Policy, Rule
from warehouse.catalog import Catalog

# the program a sentence names, as group "name"; without "the" it must name a drafted rule ("Stop onboarding
# after 2 workouts"), else any words would do ("Exclude users who signed up from Facebook")
_NAME = program_name(bare=True)
_PEOPLE = (
    # "frustrated users", "high-intent trial users": a few words may say which people before the noun
    r"(?P<people>(?:[\w-]+\s+){0,3}?(?:anyone|anybody|users|people|those|customers|members|subscribers|everyone)\b"
    r"[^.;!?\n]*?)"
)
_END = r"\s*(?:[.;!?]|$)"
# "while they have an open billing ticket", "as long as a ticket is open": the time a program waits out; the
# condition is kept in the "people" group, as the people a suppression holds back are
_WHILE = r"(?:while|whenever|when|if|as long as|for as long as)"
_CONDITION = r"(?P<people>[^.;!?\n]+?)"
# "Stop the re-engagement push once they complete a workout.", "End the trial nudge as soon as they subscribe."
# (a sentence of its own: inside a program's sentence the program reader reads it)
_WAIT = r"(?:once|when|as soon as|after|if)"  # "Stop the save offer if they cancel" (was dropped)
_NAMED_STOPS = [
    re.compile(
        rf"{SENTENCE_START}(?:stop|end|exit|pause)\s+(?:sending\s+)?{_NAME}\s+(?:(?:for\s+)?(?:them|it|someone|a user)\s+)?"
        rf"{_WAIT}\s+(?P<body>[^.;!?\n]+)[.;!?]?",
        re.IGNORECASE,
    ),
    # "The save offer should stop once they work out again", "The save offer ends when …"
    re.compile(
        rf"{SENTENCE_START}{_NAME}\s+(?:(?:should|must|will|can|needs? to)\s+)?(?:stop|stops|end|ends|exit|exits)\s+"
        rf"{_WAIT}\s+(?P<body>[^.;!?\n]+)[.;!?]?",
        re.IGNORECASE,
    ),
    # "Once they work out again, stop the save offer."
    re.compile(
        rf"{SENTENCE_START}{_WAIT}\s+(?P<body>[^,.;!?\n]+),\s*(?:stop|end|exit|pause)\s+(?:sending\s+)?{_NAME}\s*(?:[.;!?]|$)",
        re.IGNORECASE,
    ),
]
# "Stop both once they subscribe", "End all three when they cancel": every program, each read on its own
# "Exit everyone once they subscribe", "Take all users out when they cancel": the people leave every program
_EVERY_ONE = (
    r"(?:both|all|each(?: one| program| message| of them)?|every one|them all|all of them|all (?:two|three|four|five)|"
    r"all (?:the )?(?:programs|campaigns|journeys|rules|messages)|everything|everyone|everybody|anyone|every user|"
    r"all (?:the )?(?:users|people|members|customers))"
)
_EVERY_STOP = re.compile(
    rf"(?:{SENTENCE_START}|(?<=\s)and\s+)(?:(?:stop|end|exit|pause|remove|drop|pull)\s+{_EVERY_ONE}(?:\s+of them)?"
    rf"(?:\s+(?:from|out of)\s+(?:every|each|all)(?:\s+(?:the|of the))?(?:\s+\w+)?)?"
    rf"|take\s+{_EVERY_ONE}\s+out(?:\s+of\s+(?:every|each|all)(?:\s+(?:the|of the))?(?:\s+\w+)?)?"
    rf"|{_EVERY_ONE}\s+(?:(?:should|must|will)\s+)?(?:exits?|leaves?|drops? out))"
    r"\s+(?:once|when|as soon as|after|if)\s+(?P<body>[^.;!?\n]+)[.;!?]?",
    re.IGNORECASE,
)
# "stop each once they hit the goal", "end all of them when they reach their goal": each program's own goal
_OWN_GOAL = re.compile(
    r"^(?:they|the user|users?|someone|people)\s+(?:hit|hits|reach|reaches|achieve|achieves|meet|meets|complete|"
    r"completes|get to|gets to)\s+(?:the|its|their|each|that)\s+(?:own\s+|program's\s+|message's\s+)?goals?$",
    re.IGNORECASE,
)
_NAMED_SUPPRESSIONS = [
    # "Exclude users in Germany from the comeback push"
    re.compile(
        rf"{CLAUSE_START}(?:exclude|skip|suppress|leave out|hold back|omit|filter out|remove)\s+{_PEOPLE}\s+from\s+{_NAME}{_END}",
        re.IGNORECASE,
    ),
    # "Skip the upgrade offer for anyone with an open ticket"
    re.compile(
        rf"{CLAUSE_START}(?:skip|suppress|hold back|withhold|hold off on|pause|mute|block)\s+{_NAME}\s+(?:for|to)\s+{_PEOPLE}{_END}",
        re.IGNORECASE,
    ),
    # "Don't send the win-back email to users who opted out", "Never show the survey to people with low CSAT"
    re.compile(
        rf"{CLAUSE_START}(?:do not|don't|never)\s+(?:send|show|give|offer|run)\s+{_NAME}\s+(?:to|for)\s+{_PEOPLE}{_END}",
        re.IGNORECASE,
    ),
    # "Keep users in Germany out of the save offer"
    re.compile(rf"{CLAUSE_START}keep\s+{_PEOPLE}\s+out\s+of\s+{_NAME}{_END}", re.IGNORECASE),
    # "The save offer shouldn't go to anyone in Germany", "The save offer should never reach users in Germany"
    re.compile(
        rf"{SENTENCE_START}{_NAME}\s+(?:should not|shouldn't|must not|mustn't|should never|must never|never|may not|"
        rf"can't|cannot)\s+(?:go(?: out)?|be sent(?: out)?|get sent(?: out)?|reach|be shown)\s+(?:to\s+)?{_PEOPLE}{_END}",
        re.IGNORECASE,
    ),
    # "No save offer for anyone in Germany"
    re.compile(
        rf"{CLAUSE_START}no\s+(?:the\s+)?(?P<name>[\w-]+(?:\s+[\w-]+){{0,3}}?)\s+(?:for|to)\s+{_PEOPLE}{_END}",
        re.IGNORECASE,
    ),
    # "Users in Germany should not get the save offer"
    re.compile(
        rf"{SENTENCE_START}{_PEOPLE}\s+(?:should not|shouldn't|must not|mustn't|should never|must never|never|may not|"
        rf"can't|cannot|don't|do not)\s+(?:get|receive|see|be sent)\s+{_NAME}{_END}",
        re.IGNORECASE,
    ),
    # "Hold back the upgrade offer from anyone who filed a billing ticket", "Withhold the promo from users in DE"
    re.compile(
        rf"{CLAUSE_START}(?:hold back|withhold|keep back)\s+{_NAME}\s+from\s+{_PEOPLE}{_END}",
        re.IGNORECASE,
    ),
    # a condition said as a time the program must wait out: "Suppress the upgrade offer while they have an open
    # billing ticket", "Never send the upgrade nudge if they have an open bug ticket", "Pause the win-back
    # whenever a ticket is open", "The upgrade nudge should never go out while …"
    re.compile(
        rf"{CLAUSE_START}(?:suppress|skip|hold(?: back| off on)?|withhold|pause|mute|block|"
        rf"(?:do not|don't|never)\s+(?:send|show|run|give|offer)|(?:do not|don't|never)\s+(?:send|show)\s+out)\s+"
        rf"{_NAME}\s+(?:to\s+(?:them|users|anyone|people)\s+)?{_WHILE}\s+{_CONDITION}{_END}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"{SENTENCE_START}{_NAME}\s+(?:should not|shouldn't|must not|mustn't|should never|must never|never|may not|"
        rf"can't|cannot)\s+(?:go(?: out)?|be sent|get sent|run|be shown|fire)\s+{_WHILE}\s+{_CONDITION}{_END}",
        re.IGNORECASE,
    ),
]
# "The upgrade offer for high-intent users should never go out while they have an open ticket; it ranks below
# …": the program is defined where its guard is said, so the sentence keeps the program and loses the guard
_DEFINED_WITH_GUARD = re.compile(
    rf"{SENTENCE_START}(?P<program>(?:the|our)\s+(?P<name>[\w-]+(?:\s+[\w-]+){{0,3}}?)\s+(?:for|to)\s+[^.;!?\n]+?)\s+"
    rf"(?:should not|shouldn't|must not|mustn't|should never|must never|never|may not|can't|cannot)\s+"
    rf"(?:go(?: out)?|be sent|get sent|run|be shown|fire)\s+{_WHILE}\s+{_CONDITION}(?=\s*(?:[.;!?]|$))",
    re.IGNORECASE,
)
# "… for high-intent users; it ranks below the save offer": with its guard cut, "it" is the program said before
_IT_RANKS = re.compile(
    r"(?P<program>(?:^|(?<=[.;!?]\s))(?:the|our)\s+[^.;!?\n]+?)\s*[;,.]\s+it\s+(?P<rank>(?:should\s+)?(?:ranks?|comes?|goes?|sits?|is)\s+"
    r"(?:below|after|behind|above|before|ahead of)|beats|outranks|wins over)\s+",
    re.IGNORECASE,
)
# "…; the save offer ranks above it" (how "it ranks below the save offer" is put before the guards are read)
_RANKS_IT = re.compile(
    r"(?P<program>(?:^|(?<=[.;!?]\s))(?:the|our)\s+[^.;!?\n]+?)\s*[;,.]\s+(?P<other>(?:the|our)\s+[^.;!?\n]+?)\s+"
    r"(?P<rank>(?:ranks?|comes?|goes?) (?:above|before|ahead of)|beats|outranks|wins over)\s+it\b",
    re.IGNORECASE,
)
# "Only send the streak saver to users with push enabled", "The upgrade offer should only go to users in the US":
# the people narrow that program's audience
_ONLY = [
    re.compile(
        rf"{CLAUSE_START}only\s+(?:send|show|give|offer|run)\s+{_NAME}\s+(?:to|for)\s+{_PEOPLE}{_END}",
        re.IGNORECASE,
    ),
    # "Send the permission ask only to users without push enabled"
    re.compile(
        rf"{CLAUSE_START}(?:send|show|give|offer|run)\s+{_NAME}\s+only\s+(?:to|for)\s+{_PEOPLE}{_END}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"{SENTENCE_START}{_NAME}\s+(?:should|must|may|can|will)\s+only\s+(?:go|be sent|be shown)\s+to\s+{_PEOPLE}{_END}",
        re.IGNORECASE,
    ),
]
# "A first and B second, but the upgrade nudge only for those on iOS", "…; the workout tips only for users who …":
# a program ranked before, narrowed after the ranking (read as the ranking's last piece, the order turned
# around and a program 'but_upgrade_nudge' was drafted)
_ONLY_AFTER = re.compile(
    rf"{CLAUSE_START}{_NAME}\s+(?:(?:should|must|will|can)\s+(?:go\s+|be sent\s+)?)?only\s+(?:goes\s+|go\s+)?(?:to|for)\s+"
    rf"{_PEOPLE}{_END}",
    re.IGNORECASE,
)
# "Upsell goes to users with high upgrade intent", "The survey is for users who cancelled": that program's
# people, said after a sentence that ranked it (in a list of definitions, "the tips email goes to everyone
# else", each clause is the program reader's)
_TOLD_PEOPLE = re.compile(
    rf"{SENTENCE_START}{_NAME}\s+(?:(?:only\s+)?(?:goes|go|is sent|gets sent|is|applies)\s+(?:only\s+)?(?:to|for)|"
    rf"(?:only\s+)?targets|is aimed at)\s+(?!(?:everyone|everybody|anyone|anybody)\s+else\b){_PEOPLE}{_END}",
    re.IGNORECASE,
)


# "Suppressions: don't send the offer to …. Stop: stop the nudge once …": a heading whose guards were all cut
_GUARD_HEADING = (
    r"(?:suppress(?:ions?)?|exclu(?:de|sions?)|stops?|stop conditions?|exit(?: criteria| conditions?)?)\s*:"
)
_EMPTY_HEADING = re.compile(
    rf"(?:^|(?<=[.;!?:\n{CUT}]))\s*{_GUARD_HEADING}(?:\s*{CUT})+\s*(?=$|[.;!?\n{CUT}]|(?-i:[A-Z]))",
    re.IGNORECASE,
)


@dataclass
class NamedGuards:
    """The guards said of a program by name: (program name, condition phrase) per kind; the name is "" for
    a stop said of every program ("Stop both once …")."""

    stops: list[tuple[str, str]] = field(default_factory=list)
    suppressions: list[tuple[str, str]] = field(default_factory=list)
    restrictions: list[tuple[str, str]] = field(default_factory=list)

    def count(self) -> int:
        """Return how many guards were said."""
        return len(self.stops) + len(self.suppressions) + len(self.restrictions)


def _cutter(
    into: list[tuple[str, str]], group: str, known: Callable[[str], bool] | None
) -> Callable[[re.Match[str]], str]:
    """Return a substitution that records (program name, the `group` phrase) and cuts the sentence; a name
    that names no program ("stop the messages once …"), or one without "the" that `known` does not know,
    leaves the sentence to the readers."""

    def cut(m: re.Match[str]) -> str:
        name = m["name"].strip()
        if GENERIC_NAME.match(name) or not (has_article(m) or (known is not None and known(name))):
            return m.group(0)
        into.append((m["name"].strip(), m[group].strip()))
        return f" {CUT} "

    return cut


def _named_before(m: re.Match[str]) -> bool:
    """Return True when the program a sentence names was named in an earlier sentence."""
    return re.search(rf"(?<![\w-]){re.escape(m['name'].strip())}(?![\w-])", m.string[: m.start()], re.IGNORECASE) is not None


def take_named_guards(text: str, known: Callable[[str], bool] | None = None) -> tuple[str, NamedGuards]:
    """Cut the sentences that guard a program by name out of the text: (rest, the guards they state); a name
    without "the" counts when `known` says it names a drafted program."""
    said = NamedGuards()

    def cut_every_stop(m: re.Match[str]) -> str:
        if not _OWN_GOAL.match(m["body"].strip()):
            said.stops.append(("", m["body"].strip()))  # "…once they hit the goal": each keeps its goal's stop
        return f" {CUT} "

    text = _EVERY_STOP.sub(cut_every_stop, text)
    for pattern in _NAMED_STOPS:
        text = pattern.sub(_cutter(said.stops, "body", known), text)
    for pattern in _ONLY:
        text = pattern.sub(_cutter(said.restrictions, "people", known), text)
    told = _cutter(said.restrictions, "people", known)
    text = _TOLD_PEOPLE.sub(lambda m: told(m) if _named_before(m) else m.group(0), text)
    text = _ONLY_AFTER.sub(lambda m: told(m) if _named_before(m) else m.group(0), text)
    for pattern in _NAMED_SUPPRESSIONS:
        text = pattern.sub(_cutter(said.suppressions, "people", known), text)

    def keep_program(m: re.Match[str]) -> str:
        said.suppressions.append((m["name"].strip(), m["people"].strip()))
        return m["program"]

    text = _DEFINED_WITH_GUARD.sub(keep_program, text)
    text = _RANKS_IT.sub(r"\g<other> \g<rank> \g<program>", _IT_RANKS.sub(r"\g<program> \g<rank> ", text))
    while _EMPTY_HEADING.search(text):
        text = _EMPTY_HEADING.sub(f" {CUT} ", text)
    return text.replace(CUT, " ").strip(), said


def _leaves(cond: Condition) -> list[Condition]:
    return list(cond.conditions) if isinstance(cond, AllOf) else [cond]


def _with_own_stop(rule: Rule, phrase: str, catalog: Catalog, lexicon: Lexicon, misses: Misses) -> Rule:
    """Return the rule with the stop read against its own audience, its fallback stop dropped."""
    stops = stated_stops([("stop", phrase)], _leaves(rule.audience), catalog, lexicon, misses)
    if not stops:
        return rule
    kept = [s for s in rule.stop_conditions if s.id not in FALLBACK_STOPS]
    return with_stops(rule.model_copy(update={"stop_conditions": kept}), stops)


def _with_stops(
    rules: list[Rule], said: list[tuple[str, str]], catalog: Catalog, lexicon: Lexicon, misses: Misses
) -> list[Rule]:
    for name, phrase in said:
        named = {r.id for r in rules_named(name, rules)} if name else {r.id for r in rules}
        if named:
            rules = [
                _with_own_stop(r, phrase, catalog, lexicon, misses) if r.id in named else r for r in rules
            ]
        else:
            shared = shared_stops([("stop", phrase)], rules, catalog, lexicon, misses)
            rules = [with_stops(r, s) for r, s in zip(rules, shared, strict=True)]
    return rules


def _narrowed(rule: Rule, conditions: list[Condition]) -> Rule:
    """Return the rule with its audience ANDed with the conditions (its "audience left" stop follows)."""
    own = _leaves(rule.audience)
    audience = all_of([*own, *(c for c in conditions if c not in own)])
    if audience is None:
        return rule
    stops = [
        s.model_copy(update={"condition": negate(audience)}) if s.id == AUDIENCE_LEFT else s
        for s in rule.stop_conditions
    ]
    return rule.model_copy(update={"audience": audience, "stop_conditions": stops})


def _restricted(
    rules: list[Rule], said: list[tuple[str, str]], catalog: Catalog, lexicon: Lexicon, misses: Misses
) -> list[Rule]:
    """Return the rules with "only send the <program> to <people>" narrowing the programs it names (every
    program when it names none)."""
    for name, people in said:
        parsed = parse_conditions(people, catalog, lexicon)
        if parsed.unexpressed or not parsed.conditions:
            misses.phrases += parsed.unexpressed or [people]
            misses.suggestions += parsed.suggestions
            continue
        named = {r.id for r in rules_named(name, rules)} or {r.id for r in rules}
        rules = [_narrowed(r, list(parsed.conditions)) if r.id in named else r for r in rules]
    return rules


def give_named_guards(
    draft: Policy | Refusal, said: NamedGuards, catalog: Catalog, lexicon: Lexicon
) -> Policy | Refusal:
    """Return the policy with each named stop on the rules it names, each named suppression applying to them
    and each "only … to <people>" narrowing them; a phrase the catalog cannot express refuses, naming it."""
    if not isinstance(draft, Policy) or not (said.stops or said.suppressions or said.restrictions):
        return draft
    misses = Misses()
    rules = _with_stops(list(draft.rules), said.stops, catalog, lexicon, misses)
    rules = _restricted(rules, said.restrictions, catalog, lexicon, misses)
    targets: list[tuple[list[str] | Literal["all"], list[Guard]]] = []
    for name, phrase in said.suppressions:
        named = [r.id for r in rules_named(name, rules)]
        targets.append((named or "all", [("suppress", phrase)]))
    sups = [
        s
        for s in stated_suppressions(targets, catalog, lexicon, misses)
        if all(s.id != t.id for t in draft.suppressions)
    ]
    if misses.phrases:
        return refusal_for(misses.phrases, misses.suggestions, catalog, what="condition phrase")
    return draft.model_copy(update={"rules": rules, "suppressions": [*sups, *draft.suppressions]})
