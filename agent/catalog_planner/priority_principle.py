"""Choose the order when a decision prompt asks for it and states none ("Which should win, an upgrade nudge for
high-intent users or a save offer for at-risk users?", "help me prioritise A vs B", "you decide the order").

The principle, the same for every prompt: support and service messages first (a person with a problem is
helped before anything is sold to them), then retention (save offers, win-back, re-engagement, churn
prevention: losing a customer costs more than a sale not made), then activation and habit (onboarding, a second
workout, streaks, education), then upsell and promotion (upgrades, discounts), then feedback requests
(surveys). Programs of one kind keep the order the prompt said them in. Every program is kept; the policy's
description and an edge case say the order was chosen and why, so a reviewer can overrule it.
"""

from __future__ import annotations

import re

from orchestrator.spec import Not, Policy, Rule, TraitCondition, iter_conditions

# (kind, the words of a program's label that name it, the audience traits/values that name it)
_KINDS: list[tuple[str, re.Pattern[str], set[str]]] = [
    (
        "support/service",
        re.compile(r"\b(?:support|ticket|tickets|check[-_ ]?in|service|billing|csat[-_ ]recovery|apology|help)\b"),
        {"open_tickets", "tickets_30d", "support_risk", "avg_csat"},
    ),
    (
        "retention",
        re.compile(
            r"\b(?:save|saves|win[-_ ]?back|winback|retention|retain|churn|re[-_ ]?engage(?:ment)?|re[-_ ]?activat\w*|"
            r"comeback|come[-_ ]back|lapsed|at[-_ ]risk|rescue|cancel\w*)\b"
        ),
        {"activation_state=at_risk", "subscription_status=cancelled", "days_since_last_workout"},
    ),
    (
        "upsell/promotion",
        re.compile(
            r"\b(?:upgrade|upgrades|upsell|upsells|discount|discounts|promo|promos|promotion\w*|conversion|convert|"
            r"annual|pricing|checkout|sale|sales|coupon|paywall|paid|trial[-_ ]end\w*|purchase)\b"
        ),
        {"upgrade_intent", "pricing_views", "plan_comparisons", "checkout_attempts", "trial_days_left"},
    ),
    (
        "activation/habit",
        re.compile(
            r"\b(?:onboard\w*|welcome|second[-_ ]workout|first[-_ ]workout|activation|activate|habit|streak\w*|tips?|"
            r"education|educate|tutorial|permission|getting[-_ ]started|guide|reminder|nudge)\b"
        ),
        {"activation_state=new", "workouts_completed", "current_streak_days", "push_enabled", "workouts_completed_7d"},
    ),
    ("feedback request", re.compile(r"\b(?:survey|surveys|feedback|nps|review|poll|questionnaire)\b"), set()),
]
# the order the kinds are served in (the list above is the order they are recognised in: "upgrade reminder" is
# an upsell before it is a reminder, "save offer" retention before it is an offer)
_SERVED = ["support/service", "retention", "activation/habit", "upsell/promotion", "feedback request"]
# a word above that names a kind only as a label's last resort ("nudge", "reminder" say how, not what)
_WEAK = re.compile(r"^(?:nudge|reminder|tips?|help|paid|guide)$")

_ASK = re.compile(
    # the question word opens a sentence or clause: "users who viewed pricing get priority" is said, not asked
    r"(?:^|(?<=[.?!:;,\-])\s*|\b(?:so|and|but|now|then|decide|tell me|figure out|choose|pick)\s+)(?:which|what|who)(?:'s| is| are)?(?:\s+\w+){0,3}?\s+(?:should\s+|would\s+|must\s+|do\s+we\s+|does\s+)?"
    r"(?:win|wins|come first|comes first|go first|goes first|get priority|gets priority|take priority|takes priority|"
    r"have priority|has priority|matter more|matters more|more important|most important)(?![-\w])|"
    # "who should we message first", "what do we send first": a modal before the verb ("who completed a workout
    # first?" asks about the data)
    r"(?:^|(?<=[.?!:;,\-])\s*)(?:which|what|who)\s+(?:\w+\s+)?(?:should|do|would|must|shall)\s+(?:we\s+|i\s+)?(?:\w+\s+){0,3}first\b|"
    # "decide who gets messaged first", "which gets the message first?"
    r"\b(?:which|who)(?:\s+\w+)?\s+(?:gets?|is|are|should\s+be|hears?)\s+(?:the\s+message|messaged|contacted|targeted|"
    r"nudged|emailed)\s+first\b|"
    r"\bshould\b[^.?!]*?\b(?:come|go|get sent|be sent)\s+first\b|"
    r"\bhelp\s+(?:me|us)\s+(?:to\s+)?(?:prioriti[sz]e|rank|order|decide|choose|pick)\b|"
    r"\b(?:you|planner)\s+(?:decide|choose|pick|rank|order)\b|\byour call\b|\bup to you\b|"
    r"\bdecide\s+(?:the\s+order|the\s+priority|between|which|how)\b|^\s*decide\s*[:,-]|"
    r"\b(?:recommend|suggest|propose)\s+(?:an?\s+|the\s+)?(?:order|priority|ranking)\b|"
    r"\b(?:what|which)\s+order\b|\bin\s+what\s+order\b|"
    r"\bhow\s+should\s+(?:we|i)\s+(?:order|rank|prioriti[sz]e|sequence)\b|"
    r"\b(?:rank|order|prioriti[sz]e|sort)\s+(?:these|them|those|the following)\b|"
    r"\bprioriti[sz]e\b(?=[^.?!]*\b(?:vs\.?|versus|or)\b)",
    re.IGNORECASE,
)
# words that state an order ("A before B", "first A, then B", "1) A 2) B"); "first workout" and "win-back" name
# programs, "at least 2 workouts" a count
_STATED = re.compile(
    r"\b(?:first(?![-\s]+(?:workout|session|week|purchase|run|class|time|day|month|order|ticket))|then|before|after|"
    r"over|above|ahead of|behind|below|beats?|outranks?|wins?|trumps?|second(?![-\s]+workout)|third|last|"
    r"top priority|highest|lowest|(?:the\s+)?most important|(?<!at )(?:the\s+)?least(?:\s+important)?|more important than|"
    r"rather than|instead of|prefer)(?![-\w])|>|"
    r"(?:^|\s)(?:\d|[a-e])[.)]\s|\((?:\d|[a-e])\)",
    re.IGNORECASE,
)


# a short sentence right after the question: "Which goes first, the win-back or the survey? The win-back."
_ANSWER = re.compile(r"\?\s*(?P<answer>(?:the\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})\s*(?:[.!]|$)", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|a|an)$", re.IGNORECASE)


def _answers_itself(prompt: str) -> bool:
    """Return True when a question is answered by the prompt: a sentence after it of a few words, each said
    in the question ("… the win-back or the survey? The win-back.")."""
    for m in _ANSWER.finditer(prompt):
        asked = set(re.findall(r"[\w-]+", prompt[: m.start()].lower()))
        said = [w for w in re.findall(r"[\w-]+", m["answer"].lower()) if not _ARTICLE.match(w)]
        if said and set(said) <= asked:
            return True
    return False


def asks_for_order(prompt: str) -> bool:
    """Return True when the prompt asks which program should come first and states no order of its own."""
    if not _ASK.search(prompt) or _answers_itself(prompt):
        return False
    return _STATED.search(_ASK.sub(" ", prompt)) is None


def _audience_marks(rule: Rule) -> set[str]:
    marks: set[str] = set()
    for leaf in iter_conditions(rule.audience):
        if isinstance(leaf, TraitCondition):
            marks |= {leaf.trait, f"{leaf.trait}={leaf.value}"}
    return marks


def _labels(rule: Rule) -> list[str]:
    """Return the words a rule was named by: its id, then the item it was drafted from ('(1) "save offer …"')."""
    said = re.findall(r'"([^"]*)"', rule.description)
    return [rule.id.replace("_", " "), *(s.lower() for s in said[:1])]


def program_kind(rule: Rule) -> str:
    """Return the kind of program a rule is: a service rule is support; else the first kind its name (then the
    item it was said in) names, a weak word ("nudge") giving way to its audience; else its audience's kind;
    else activation/habit."""
    if rule.purpose == "service":
        return "support/service"
    weak: str | None = None
    for label in _labels(rule):
        for kind, words, _ in _KINDS:
            found = [m.group(0) for m in words.finditer(label)]
            if any(not _WEAK.match(w) for w in found):
                return kind
            weak = weak or (kind if found else None)
    marks = _audience_marks(rule)
    by_audience = next((kind for kind, _, traits in _KINDS if traits & marks), None)
    return by_audience or weak or "activation/habit"


def _is_catch_all(rule: Rule) -> bool:
    """Return True for "everyone else": its audience is who the rules before it missed, so it stays last."""
    return isinstance(rule.audience, Not) or rule.id.startswith("rest_")


_RATIONALE = (
    "support and service first, then retention (save, win-back, churn prevention), then activation and habit, "
    "then upsell and promotion, then feedback requests; programs of one kind keep the order they were said in"
)
CHOSEN = "Order chosen by the planner: "


def principled_order(policy: Policy) -> Policy:
    """Return the policy ordered by the principle, its description and edge cases saying why (a catch-all
    stays last); a policy with one rule, or with a catch-all before another rule, is returned as drafted."""
    rules = sorted(policy.rules, key=lambda r: r.priority)
    tail = [r for r in rules if _is_catch_all(r)]
    head = [r for r in rules if not _is_catch_all(r)]
    if len(head) < 2 or rules[len(head) :] != tail:
        return policy
    kinds = {r.id: program_kind(r) for r in head}
    ordered = sorted(head, key=lambda r: _SERVED.index(kinds[r.id])) + tail
    served = " > ".join(f"{r.id} ({kinds.get(r.id, 'everyone else')})" for r in ordered)
    changed = [r.id for r in ordered] != [r.id for r in rules]
    why = (
        f"{CHOSEN}the prompt asked which should come first and gave no order, so the principle decides: {_RATIONALE}. "
        f"{served}" + (" (the order said was kept)." if not changed else ".")
    )
    renumbered = [
        r.model_copy(update={"priority": i, "description": re.sub(r"^\(\d+\)", f"({i})", r.description)})
        for i, r in enumerate(ordered, start=1)
    ]
    return policy.model_copy(
        update={
            "rules": renumbered,
            "description": f"{policy.description} {why}",
            "edge_cases": [why, *(e for e in policy.edge_cases if not e.startswith(CHOSEN))],
        }
    )
