"""Tell a question about how rules are doing ("is the upgrade nudge working?") from the other intents,
and find the rules it names among those that ran.

A question that names a rule that ran and asks what it did to people ("is the upgrade nudge actually driving
subscriptions?", "has the support program reduced tickets?") or weighs it against its holdout ("upgrade
nudge: treatment vs control?", "should we keep running it?") is one too, though it uses none of the words
above: the effect verb must come after the rule is named, so a request to change the rule ("should we
reduce the upgrade nudge to once a week?") stays a request.
A rule is named by its id or its policy's id said as words ("upgrade nudge", "the trial policy"), or by
a word only one rule's id has when the prompt also calls it a program ("how is the nudge doing?"). A
question about rules in general ("which of our campaigns are working?") measures every rule that ran.
Drafting requests ("create a rule like the upgrade nudge") are never performance questions.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from agent.catalog_planner.debug_cues import ASKS_WHY, movement_at, reports_movement
from tools.performance import RanRule

_DRAFTING = re.compile(
    r"\b(?:create|define|draft|build|set up|write|make|add|change|edit|rename|copy|clone|duplicate|"
    # ranking rules by how they did is a measurement ("rank our rules by lift"), ranking programs is a policy
    r"(?:prioriti[sz]e|rank)(?!\s+(?:\w+\s+){0,3}by\s+(?:lift|uplift|results?|performance|conversions?|roi)\b))\b"
    r"|^\s*(?:please\s+)?(?:send|target|email|push|notify|suppress|stop|pause|exclude|keep|remove|hold|cap|limit|"
    r"only|never|don't|do not)\b",
    re.IGNORECASE,
)
_PERFORMANCE = re.compile(
    r"\b(?:lift|uplift|working|worked|perform\w*|doing|results?|impact|effect(?:ive)?(?:ness)?|incremental\w*|"
    r"worth|paying off|paid off|pay off|helping|helped|move[sd]? the needle|moving the needle|significan\w*|"
    r"convert(?:s|ing|ed)?|conversions?|measure[sd]?|outcomes?|roi|works? (?:best|better|worse)|"
    r"p[- ]?values?|confidence intervals?|achiev\w*|scorecards?|report(?:\s+card)?s?|recap|"
    r"pull(?:s|ing)? (?:its|their) weight)\b"
    r"|\bhow (?:did|does|do|is|are|was|were|has|have)\b.*\b(?:do|done|go|goes|going|gone|went|land\w*|fare\w*)\b"
    r"|\b(?:did|does|do|is|are)\b.*\b(?:work|help)\b"
    r"|\b(?:don't|doesn't|didn't|isn't|aren't|not)\s+(?:seem to\s+)?(?:work|help)\w*\b",
    re.IGNORECASE,
)
PROGRAM = re.compile(
    r"\b(?:rules?|programs?|programmes?|campaigns?|journeys?|nudges?|offers?|messages?|messaging|flows?|"
    r"sequences?|reminders?|policy|policies|winbacks?|win-backs?)\b",
    re.IGNORECASE,
)
_COLLECTIVE = re.compile(
    r"\b(?:our|the|all|all of our|all the|each|every|which|which of (?:our|the)|my|any of (?:our|the))\s+"
    r"(?:(?:\w+\s+)?(?:rules|programs|programmes|campaigns|journeys|nudges|policies|messages|flows))\b"
    r"|\b(?:each|every|any|which)\s+(?:\w+\s+)?(?:rule|program|programme|campaign|journey|nudge|policy|flow)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+")
# words too common in prompts to name one rule on their own ("how are push users doing?")
_GENERIC = frozenset({"user", "people", "customer", "member", "rule", "policy", "program", "campaign", "message",
                      "email", "push", "app", "flow", "journey", "week", "day", "month", "last", "this", "with", "from"})


class PerformanceAsk(BaseModel):
    """What a performance question asks: the rule ids it names (empty: every rule that ran)."""

    rule_ids: list[str]
    named: list[str] = []  # the words that named each rule, as said


def _words(text: str) -> list[str]:
    """Return lowercase words, ids' underscores and hyphens as spaces, possessives and plurals as the word."""
    words = _WORD.findall(text.lower().replace("_", " ").replace("-", " ").replace("'s", ""))
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words]


def _find(words: list[str], phrase: list[str]) -> int | None:
    """Return where `phrase` first occurs in `words`, or None."""
    n = len(phrase)
    return next((i for i in range(len(words) - n + 1) if n and words[i:i + n] == phrase), None)


def named_rules(prompt: str, ran: list[RanRule]) -> PerformanceAsk:
    """Return the rules (or policies) of `ran` the prompt names, in the order it names them.

    By id or policy id said in full; else, when the prompt speaks of a program, by a word of the ids: a word
    only one rule has ("how is the nudge doing?"), or, said of programs in general ("are our nudges working?"),
    every rule whose id has it.
    """
    words = _words(prompt)
    said: dict[str, tuple[int, str]] = {}  # rule or policy id -> (where the prompt names it, as said)
    names = [(r.rule_id, r.rule_id) for r in ran] + [(p, p) for p in dict.fromkeys(r.policy_id for r in ran if r.policy_id) if p]
    for target, name in names:
        at = _find(words, _words(name))
        if at is not None:
            said.setdefault(target, (at, name.replace("_", " ")))
    if PROGRAM.search(prompt):
        # beside a rule said in full, another said by a word only it has ("is the nudge better than upgrade
        # messaging?" named upgrade_messaging alone); said of programs in general, only when none was said in full
        general = speaks_of_rules(prompt) and not said
        owners: dict[str, list[str]] = {}
        for rule in ran:
            for word in _words(rule.rule_id):
                owners.setdefault(word, []).append(rule.rule_id)
        for at, word in enumerate(words):
            owned = owners.get(word, []) if len(word) > 3 and word not in _GENERIC else []
            if len(owned) == 1 or (general and owned):
                for rule_id in owned:
                    said.setdefault(rule_id, (at, word))
    ordered = sorted(said.items(), key=lambda item: item[1][0])
    return PerformanceAsk(rule_ids=[k for k, _ in ordered], named=[v[1] for _, v in ordered])


# people described by what they did ("users who got the nudge but did not convert"), said as an audience
_PEOPLE_CLAUSE = re.compile(r"\b(?:users|people|customers|members|subscribers|anyone|those)\s+(?:who|that|whose|in|with)\b",
                            re.IGNORECASE)
_QUESTION = re.compile(r"\?\s*$|^\s*(?:how|is|are|was|were|did|does|do|has|have|what|which|should|can|could|why)\b",
                       re.IGNORECASE)


# what a rule did to the people it reached, said after the rule is named ("is the nudge driving upgrades?")
_EFFECT = re.compile(
    r"\b(?:driv(?:e|es|ing|en)|drove|(?:make|makes|making|made)\s+(?:a\s+|any\s+|much\s+(?:of\s+a\s+)?|no\s+)?difference|"
    r"increas(?:e|es|ed|ing)|rais(?:e|es|ed|ing)|boost(?:s|ed|ing)?|improv(?:e|es|ed|ing)|reduc(?:e|es|ed|ing)|"
    r"lower(?:s|ed|ing)?|decreas(?:e|es|ed|ing)|hurt(?:s|ing)?|harm(?:s|ed|ing)?|affect(?:s|ed|ing)?|"
    r"lead(?:s|ing)? to|led to|caus(?:e|es|ed|ing)|(?:get|gets|getting|got)\s+(?:more\s+)?(?:people|users|anyone)\s+to|"
    r"mov(?:e|es|ed|ing)|change[sd]?\s+(?:behaviou?r|anything)|"
    r"(?:bring|brings|bringing|brought|win|wins|winning|won)\s+(?:\w+\s+){0,2}back)\b",
    re.IGNORECASE,
)
# a rule weighed as a whole, wherever it is named ("should we keep running the upgrade nudge?")
_WEIGHED = re.compile(
    r"\b(?:keep(?:ing)?\s+(?:running|sending|it)|worth\s+(?:keeping|running|it)|kill|evidence|proof|better than nothing|"
    r"pay(?:s|ing)? for itself|beat(?:s|ing)?|outperform\w*|(?:better|worse)\s+than|(?:works?|working|performs?|performing|"
    r"does|doing|did)\s+(?:better|worse)|"
    # whether a holdout can tell ("is the holdout big enough for the nudge?"): the measurement says what it takes
    r"(?:big|large)\s+enough|enough\s+(?:users|people|data)|sample\s+sizes?|(?:statistical\s+)?power|underpowered|"
    r"how\s+many\s+more\s+(?:users|people))\b",
    re.IGNORECASE,
)
# its treatment against its holdout: a measurement, asked or not ("compare the nudge's treatment with its holdout")
_AGAINST_HOLDOUT = re.compile(
    r"\btreatment\b|\b(?:vs\.?|versus|against|compared (?:to|with)|than|with)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:holdouts?|control(?:\s+group)?)\b",
    re.IGNORECASE,
)
# a question that asks for a change ("can you reduce the cap?", "please lower it"): a request, not a judgement
_REQUEST = re.compile(r"^\s*(?:(?:can|could|would|will)\s+(?:you|we)\b|please\b)|\bplease\b", re.IGNORECASE)


def _weighs(prompt: str) -> bool:
    """Return whether the prompt weighs a rule as a whole or against its holdout (no effect word needed)."""
    return bool(_WEIGHED.search(prompt) or _AGAINST_HOLDOUT.search(prompt))


_YES_NO = re.compile(r"(?:did|does|do|has|have|is|are|was|were)\b")


def _may_judge_a_rule(prompt: str) -> bool:
    """Return whether the prompt could ask what a named rule did (see `_judges_named_rule`): a question, or a
    treatment-against-holdout comparison, that asks for no change and no diagnosis."""
    why = ASKS_WHY.search(prompt.lower())
    # "did the nudge move subscriptions?" asks whether it did (a yes/no of what a rule did), not why something moved
    if _REQUEST.search(prompt) or (why is not None and not _YES_NO.match(why.group(0))):
        return False
    if _AGAINST_HOLDOUT.search(prompt):
        return True
    return bool(_QUESTION.search(prompt)) and bool(_EFFECT.search(prompt) or _WEIGHED.search(prompt))


# since a rule began: "after we launched the upgrade nudge", "since the trial policy went live", "the rollout of …"
_LAUNCHED = re.compile(
    r"\b(?:after|since|once|when|following)\s+(?:(?:we|you|they|i|the team)\s+)?(?:first\s+)?(?:launch|start|roll|"
    r"turn|switch|ship|introduc|enabl|deploy|releas|kick|activat|began|begin|put|went)\w*\b"
    r"|\b(?:launch|rollout|roll-out|start|introduction|release|go-live)\s+of\b"
    r"|\b(?:went|gone|go|going|been)\s+live\b"
    r"|\b(?:launched|started|began|rolled out|shipped|introduced|turned on|switched on)\b",
    re.IGNORECASE,
)
# an open question of what came of it: "what happened …", "what changed …", "what did it do", "any difference?"
_OPEN_OUTCOME = re.compile(
    r"(?:^|[,;:.!?\u2013\u2014-]\s*)(?:(?:so|ok|okay|hey|and)\W+)*what(?:'s|s| has| have| had| is)?\s+"
    r"(?:happened|happening|changed|different)\b"
    r"|\bwhat\s+(?:did|has|have|does)\b[^?.!]*\b(?:do|done|change[sd]?|bring|brought)\b"
    r"|\bany\s+(?:change|difference|effect|impact)\b",
    re.IGNORECASE,
)


_WHAT_DID = re.compile(r"^\s*what\s+(?:did|has|have|does)\b[^?.!]*\b(?:do|done|achieve[sd]?)\s*[?.!]*\s*$", re.IGNORECASE)


def _asks_what_launch_did(prompt: str) -> bool:
    """Return whether the prompt asks openly what came of starting a rule ("what happened after we launched the
    upgrade nudge?", "what changed since the trial policy went live?"), reporting no movement of its own (what
    moved is asked why of in a diagnosis: "conversion dropped after we launched the nudge, why?")."""
    lowered = prompt.lower()
    if not (_OPEN_OUTCOME.search(prompt) and (_LAUNCHED.search(prompt) or re.search(r"\bwhat did\b", lowered))):
        return False
    return not re.search(r"\bwhy\b|\bhow come\b", lowered) and not reports_movement(lowered)


# how many people a rule reached: "how many users got the upgrade nudge?", "how many people were sent the trial policy?"
_REACHED = re.compile(
    r"^\s*how many\s+(?:\w+\s+){0,2}?(?:have\s+|has\s+)?(?:got|gotten|get|received|receive|were sent|was sent|"
    r"have been sent|been sent|saw|seen)\s+(?:the|our)\b",
    re.IGNORECASE,
)


def drafting_request(prompt: str) -> bool:
    """Return whether the prompt asks for a rule to be drafted or changed ("create …", "send …", "rank these …")."""
    return bool(_DRAFTING.search(prompt))


def asks_about_performance(prompt: str) -> bool:
    """Return True when the prompt asks how rules did, not for a rule to be drafted, an audience described or
    data to be counted."""
    if _PEOPLE_CLAUSE.search(prompt) and not _QUESTION.search(prompt):
        return False
    if drafting_request(prompt):
        return False
    return (bool(_PERFORMANCE.search(prompt)) or _may_judge_a_rule(prompt) or _asks_what_launch_did(prompt)
            or bool(_REACHED.search(prompt)))


def _judges_named_rule(prompt: str, ran: list[RanRule]) -> bool:
    """Return whether the prompt weighs a rule that ran, or asks what it did after naming it."""
    if not _may_judge_a_rule(prompt):
        return False
    ask = named_rules(prompt, ran)
    if not ask.rule_ids:
        return False
    if _weighs(prompt):
        return True
    first = _find(_words(prompt), _words(ask.named[0]))
    return any(first is not None and len(_words(prompt[:m.start()])) > first for m in _EFFECT.finditer(prompt))


def speaks_of_rules(prompt: str) -> bool:
    """Return True when the prompt speaks of rules in general ("which of our campaigns work?")."""
    return bool(_COLLECTIVE.search(prompt))


# whether something works, asked of a program (not "what share of users who got the email converted?")
_JUDGED = re.compile(r"\b(?:working|worked|work|doing|perform\w*|lift|uplift|impact|paying off|worth it|helping|"
                     r"results?|effective\w*|achiev\w*)\b", re.IGNORECASE)


def _judges_unnamed_program(prompt: str) -> bool:
    """Return whether the prompt asks what a program did that names no rule that ran ("is the referral
    campaign driving signups?"): the answer then says which rules did run."""
    program = PROGRAM.search(prompt)
    if program is None or not _may_judge_a_rule(prompt):
        return False
    if _weighs(prompt):
        return True
    return any(m.start() > program.end() for m in _EFFECT.finditer(prompt))


def _moved_before_rule(prompt: str, ran: list[RanRule]) -> bool:
    """Return whether the prompt reports a movement before it names a rule that ran ("why did conversion fall
    after we launched the upgrade nudge?"): a diagnosis of what moved, with the rule as a suspect. One said
    after it is what the rule did ("has the upgrade nudge increased subscriptions?")."""
    lowered = prompt.lower()
    moved = movement_at(lowered)
    ask = named_rules(prompt, ran)
    if moved is None or not ask.rule_ids or _JUDGED.search(prompt) or _weighs(prompt):
        return False
    named = _find(_words(prompt), _words(ask.named[0]))
    return named is not None and len(_words(lowered[:moved])) < named


def reads_as_performance(prompt: str, ran: list[RanRule]) -> bool:
    """Return True when the prompt asks how rules that ran are doing (or how "our campaigns" are)."""
    if not asks_about_performance(prompt) or _moved_before_rule(prompt, ran):
        return False
    if not _PERFORMANCE.search(prompt):
        # "what happened after we launched the upgrade nudge?": what came of a rule that ran is its measurement;
        # with no rule that ran named, it is left to the planner (a product change is diagnosed there)
        # "how many users got the upgrade nudge?": whom a rule that ran reached is its measurement's sent count
        # (read as catalog words, "upgrade" was a subscription and the nudge was dropped)
        launched = (_asks_what_launch_did(prompt) or bool(_REACHED.search(prompt))) and bool(named_rules(prompt, ran).rule_ids)
        # "what did the lapsed winback do?" of a program that never ran: the answer says which ones did (a launch
        # of something that is no rule, "after we launched the new onboarding flow", stays the planner's)
        did = bool(_WHAT_DID.search(prompt) and PROGRAM.search(prompt)) and not _LAUNCHED.search(prompt)
        return launched or did or _judges_named_rule(prompt, ran) or _judges_unnamed_program(prompt)
    if ASKS_WHY.search(prompt.lower()) and not PROGRAM.search(prompt):
        # "why did second workout conversion drop on iOS?": asks why something moved, not how a program did
        return False
    if speaks_of_rules(prompt) or named_rules(prompt, ran).rule_ids:
        return True
    # "is the winback campaign working?" names a program that never ran: the answer says which ones did
    return bool(PROGRAM.search(prompt) and _QUESTION.search(prompt) and _JUDGED.search(prompt))
