"""Classify a prompt: decision, eligibility, debug, question, or out_of_scope.

Order matters: requests to approve, apply or change data are out of scope whatever else they say; a
prompt with no catalog word is out of scope (unless shaped like an audience, so its refusal can name the
phrase); an enumerated list or priority words make a decision; "why did X drop" over a catalog metric is
debug; "how many / what share / average / top N" is a question; a reported movement of an outcome a metric's
funnel measures ("we sent fewer pushes to Android users and conversion fell", `debug_cues.py`) is debug
unless it is a drafting request or sits in a relative clause; audience words are eligibility; then the
weaker cues: suppressions/stop conditions/journey (decision), which/list/show (question).
"""

from __future__ import annotations

import re

from agent.catalog_planner.answered_pairs import as_answered_ranking
from agent.catalog_planner.brief_audience import audience_of_brief
from agent.catalog_planner.bullet_conditions import lists_only_conditions
from agent.catalog_planner.channel_statements import without_channels
from agent.catalog_planner.clauses import split_ranked_clauses
from agent.catalog_planner.debug_cues import (
    ASKS_WHY,
    HOW_IT_WENT,
    PERIOD_COMPARISON,
    reads_as_debug,
    reports_movement,
)
from agent.catalog_planner.debug_metric import debug_metric
from agent.catalog_planner.debug_spelling import mend_spelling
from agent.catalog_planner.debug_support import asks_about_support
from agent.catalog_planner.decision_background import without_background
from agent.catalog_planner.directives import states_only_settings
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.lists import split_enumeration
from agent.catalog_planner.overlap_pick import OVERLAP_PICK
from agent.catalog_planner.pair_chains import chain_as_list
from agent.catalog_planner.priority_principle import asks_for_order
from agent.catalog_planner.program_gates import as_audience_limits
from agent.catalog_planner.program_marks import take_channel_sequence
from agent.catalog_planner.programs import read_programs
from agent.catalog_planner.question_background import counted_after_background
from agent.catalog_planner.question_comparisons import as_comparison, periods_compared
from agent.catalog_planner.question_cues import reads_as_question
from agent.catalog_planner.question_spelling import mend_shape_words
from agent.catalog_planner.rank_marks import spell_ordinal_marks
from agent.catalog_planner.request_context import from_request
from agent.catalog_planner.sequence_verbs import as_ranking
from agent.catalog_planner.text import normalize, tokenize
from agent.debug_channel import asked_channel
from agent.types import Intent
from warehouse.catalog import Catalog

# Approving, applying or running anything is a reviewer's act (the registry, `mcc run`), never the agent's:
# a verb of applying with a definite object ("run the executor", "send the messages now"); "create a rule
# that sends a push" or "send a nudge to trial users" has no definite object and stays a draft request.
_APPLY_VERB = (
    r"(?:apply|deploy|activate|publish|enable|roll out|ship|run|execute|send|deliver|launch|trigger|fire|"
    r"kick off|start|push out)"
)
_DEFINITE = (
    r"(?:(?:it|this|that|these|those|the|my|our|all(?: the| of the)?|pending|queued|approved|every)\s+)"
)
_APPLY_OBJECT = (
    r"(?:rules?|polic(?:y|ies)|specs?|proposals?|changes?|drafts?|executor|campaigns?|sends|messages|"
    r"notifications|emails|pushes|deliver(?:y|ies)|batch|decisions|it|them)"
)
# "send it by push to users with push enabled" says how a drafted program reaches people, unless it says now
_DRAFTED_CHANNEL = (
    r"(?:(?<!\bsend it)(?<!\bsend them)|(?!\s+(?:by|via|through|over)\s+(?:push|e-?mail|sms|text|in-app)\b"
    r"(?![^.]*\b(?:now|immediately|right away|today|tonight)\b)))"
)
# "send them the save offer", "… instead of the check-in": them is who a drafted program reaches, unless it
# says now; a clause may follow it ("send them a push reminder, and skip anyone with an open ticket")
_GIVEN_PROGRAM = (
    r"(?!(?<=\bthem)\s+(?:the|a|an|our)\s+[\w-]+(?:\s+(?!now\b)[\w-]+){0,3}\s*(?:first|instead|only|(?:instead of|rather than|"
    r"over|not)\s+(?:the|a|an|our)\s+[\w-]+(?:\s+[\w-]+){0,3})?\s*(?:[.;!?]|$|[,;]\s*(?:and|but)\s+"
    r"(?![^.]*\b(?:now|immediately|right away|today|tonight)\b)))"
)
# "send them less often", "send it twice a week": how often a drafted program sends, a change to it, not a send now
_CADENCE = (
    r"(?!\s+(?:(?:a\s+)?(?:bit|little|lot)\s+|much\s+|slightly\s+)?(?:(?:less|more)\s+(?:often|frequently)\b|fewer\b)"
    r"|\s+(?:once|twice|\d+\s+times?)\s+(?:a|per|every)\s+(?:day|week|month)\b)"
)
APPROVAL = re.compile(
    rf"\bapprov\w*\b|\bgo live\b|\bmcc run\b|(?<!n't )(?<!not )(?<!never )\b{_APPLY_VERB}\s+(?:{_DEFINITE}?(?:rules?|polic(?:y|ies)|executor|"
    rf"spec|proposal|changes?|draft|it|them)\b{_CADENCE}{_DRAFTED_CHANNEL}{_GIVEN_PROGRAM}|{_DEFINITE}(?:\w+\s+)?{_APPLY_OBJECT}\b(?!\s+(?:to|for)\b))|\b(?:delete|drop|truncate|alter|insert into|update)\s+"
    r"(?:the\s+|all\s+|my\s+)?(?:table|tables|data|database|rows?|records?|users?|events?)\b",
    re.IGNORECASE,
)
UNRELATED = re.compile(
    r"\b(?:poem|haiku|joke|story|song|essay|recipe|weather|translate|ignore (?:all |the |your )?(?:previous |prior )?instructions|system prompt)\b",
    re.IGNORECASE,
)
_DECISION = re.compile(
    r"\b(?:priorit\w*|(?<!in )order|in order of (?:importance|urgency|preference|value)|(?:our|the|these) plays\b|what wins|wins|(?:should|would|will|does|which \w+)\s+win|goes first|"
    r"arbitrat\w*|precedence|rank\w*|outranks?|beats?|most important|matters? (?:the )?most|least important|"
    # "High-intent users vs at-risk users: which gets the message first?", "who do we message first?"
    r"\b(?:who|which)\b(?=[^.;!?]{0,40}?\b(?:gets?|go(?:es)?|should|do we|hears?|messag\w*|contact\w*|talk|reach\w*|sen[dt]\w*|receives?|comes?)\b)[^.;!?]{0,40}?\bfirst(?=\s*(?:[?.!]|$))|"
    r"matters? (?:the )?least|in that order|comes? before|matters? more than|more important than|"
    # "the survey is less important than the win-back", "the tips digest should come after the upgrade offer"
    r"less important than|lower priority than|(?:should |must )?(?:come|comes|go|goes|rank|ranks) (?:after|below|behind)\s+(?:the|our|a|an)\b|"
    # "put the win-back campaign ahead of feature education"
    r"(?:put|place|rank|move|slot|keep)\s+[^.;?!]{1,40}?\s+(?:ahead of|above|before|over)\s+(?!\d)|"
    r"(?:decid\w*|choos\w*|chose|pick\w*|select\w*)\s+(?:who|which|what|between)|choice between|"
    # "two plays for at-risk members: …", "the campaigns overlap": choosing between programs
    r"(?:two|three|four|five|[2-5]|competing|overlapping|conflicting|rival)\s+(?:\w+\s+)?(?:plays|campaigns|programs|journeys|"
    r"flows|initiatives|options)|(?:plays|campaigns|programs|journeys|flows|offers|messages)\s+(?:compete|collide|"
    r"clash|overlap|conflict)|"
    # "either the upgrade push or the tour email for trial users: pick the push"
    r"either\b[^.?!]*\bor\b[^.?!]*(?:[.;:!?]|\s[-\u2013\u2014])\s*(?:so\s+|then\s+)?(?:we(?:'d| would)?\s+)?"
    r"(?:pick|choose|prefer|go with)\b|"
    # "the upgrade nudge or the coach check-in? We'd go with the check-in"
    r"\bor\b[^.?!]*\?\s*(?:so\s+|then\s+)?(?:(?:we|i)(?:'d| would| will|'ll)?\s+)?(?:pick|choose|prefer|go with)\b|"
    # "when a user qualifies for both X and Y, send X"
    r"(?:qualif\w*|eligible|match\w*|falls? into|(?:is|are) in)\s+(?:for\s+)?both\b[^.?!]*,\s*(?:then\s+)?"
    r"(?:send|pick|choose|prefer|go with|give|use|show|run|only)\b|(?:which|what) (?:matters|is) more|(?:messaged|contacted|targeted|prioriti[sz]ed) first|(?:who|which \w+)\s+(?:gets?|goes?|comes?|hears?|should get)\b[^.?]*\bfirst|"
    # "who should we message first", "which should go first": a question about order
    r"(?:who|which(?: \w+)?|what)\s+(?:should|do|would|must|shall)\s+(?:we\s+|i\s+)?(?:\w+\s+){0,2}first)\b"
)
_SENT_TO_THEM = re.compile(
    r"^\s*(?:and\s+|then\s+)?(?:please\s+)?(?:send|give|email|push|text|message|ping|offer)\s+them\b(?![^.;!?]*\b(?:first|"
    r"before|after|over|instead|priority|then)\b)",
    re.IGNORECASE,
)
_LABELLED_CONDITIONS = re.compile(
    r"(?:^|(?<=[.!?\n])|(?<=[.!?]\s))\s*(?:target(?:ed)?\s+)?(?:audience|segment|criteria|conditions|requirements|include|"
    r"includes|who qualifies|eligibility(?:\s+criteria)?|who)\s*:\s*[^.;:\n]+;",
    re.IGNORECASE,
)
_FIRST_THEN = re.compile(r"\bfirst\s*[,;]\s*(?:and\s+)?then\b", re.IGNORECASE)
# "For at-risk users: save offer, then re-engagement", "save offer before re-engagement push": a program named by
# its message, ranked above the next one (not "got the discount offer then purchased", an act after it)
_PROGRAM_THEN = re.compile(
    r"\b(?:offer|nudge|digest|survey|tips|series|challenge|reminder|check-in|ask|promo|campaign|newsletter|"
    r"announcement|tour)s?\s*,?\s+(?:and\s+)?(?:then|before|vs\.?|versus)\s+(?:the\s+|a\s+|an\s+|our\s+)?(?![\w-]+ed\b)"
    r"(?:[\w-]+\s+[\w-]+|[\w-]+(?=\s*(?:[.;,!?]|$)))",
    re.IGNORECASE,
)
_WHO = re.compile(r"\b(?:who|whom|that|which)\b", re.IGNORECASE)


def _ranks_programs(text: str) -> bool:
    """Return True when a program named by its message is ranked above the next one, outside a relative clause
    ("users who got the welcome series then went quiet" is one audience)."""
    m = _PROGRAM_THEN.search(text)
    return m is not None and not _WHO.search(text[: m.start()])
_DECISION_WEAK = re.compile(r"\b(?:suppressions?|stop conditions?|journey|policy|policies)\b")
# A metric's movement: a prompt with these words is a diagnosis even if it lists clauses. "why" anywhere asks
# why a metric moved ("Fewer Android users reach a second workout. Why?"), as does a period comparison
# (`debug_cues.PERIOD_COMPARISON`).
_CHANGE = re.compile(
    rf"\bwhy\b|\bhow come\b|{PERIOD_COMPARISON}|\b(?:what caused|what happened|diagnose|investigate|root cause|"
    r"dropp?(?:ed|ing)?|declin\w*|fell|fall(?:en|ing)?|dipp?\w*|spik\w*|tank\w*|(?:is|are|was|went) (?:down|up))\b"
)
# "Did the new onboarding flow hurt second-workout rates?": asking whether something moved a metric
_CAUSAL = (
    r"\b(?:did|does|do|has|have|had|could|might|is|was)\b[^.?!]*\b(?:hurt|harm|impact|affect|help|boost|lift|"
    r"lower|reduce|raise|increase|decrease|change)(?:s|ed|ing)?\b"
)
# a movement asked of with "did": "why did retention drop?", "why did revenue go down?"
_BARE_MOVE = re.compile(r"\b(?:did|has|have|does|do)\b(?!\s+you\b)[^.?!]*\b(?:drop|fall|rise|dip|decline|spike|tank|increase|"
                        r"decrease|shrink|grow|go (?:up|down)|change)\b")
# A debug cue: a movement, asking whether something moved one, or asking to explain or compare ("the gap in
# activation between organic and TikTok users").
_DEBUG = re.compile(
    rf"{_CHANGE.pattern}|{_CAUSAL}|\b(?:explain\w* (?:the|why)|compar\w*|(?:gap|difference) (?:in|between))\b"
)
_QUESTION = re.compile(
    r"^\s*(?:how many|how much|what share|what percentage|what percent|what proportion|what fraction|count|average|avg|"
    r"mean|median|total|top|bottom)\b|\b(?:share of|percentage of|number of|proportion of)\b"
    # "of those who got a push last week, how many opened it", "In the last 7 days, how many …", "…: how many?"
    r"|[,:;]\s*(?:how many|what share|what percentage|what percent|what proportion|what fraction)\b"
    # "what % of trial users …" ("% of" alone also says a holdout: "hold out 10% of users")
    r"|^\s*what(?:'s| is)?(?: the)?\s*%"
)
# A data question's opening words: what follows is counted, whatever lists or sequences it holds
_COUNT_OPENER = re.compile(r"^\s*(?:how many|what share|what percentage|what percent|what proportion|number of)\b")
_PEOPLE_COUNT = re.compile(
    r"^\s*(?:how many|number of|count of|count)\s+(?:users|people|customers|members|accounts)"
    r"(?:\s+(?:do we have|are there|have we got|in total|total|overall|altogether))*\s*[?.!]*\s*$"
)
_MEASURE_WORD = re.compile(r"\b(?:average|avg|mean|median|total|sum|number|count|share|percentage|max\w*|min\w*)\b")
_QUESTION_WEAK = re.compile(
    r"^\s*(?:what (?:is|was|are|were) (?:the|our)|what'?s (?:the|our)|which|list|show|give me|find|"
    # "break down trial users by country", "breakdown of at-risk users by platform"
    r"(?:break ?-?down|split)(?=\b[^.;:!?]*\bby\b))\b"
)
_ELIGIBILITY = re.compile(
    r"\b(?:eligib\w*|audience|target\w*|(?:who|which users)\s+should\s+(?:get|receive|see)|segment|qualif\w*)\b"
)
_ELIGIBILITY_WEAK = re.compile(
    r"\b(?:nudge|campaign|send (?:to|a|an)|rule for|rules for|reach out|message users|"
    r"(?:users|people|customers|members|subscribers|folks) (?:who|that|whose))\b"
    # "Users in Japan", "Users with NPS below 6": people named by what the catalog lacks are refused as an audience
    # phrase, naming what people can be chosen by (as out of scope they were told nothing matched)
    r"|^\s*(?:all\s+)?(?:users|people|customers|members|subscribers|folks)\s+(?:in|on|with|from|without|aged|over|under|older|younger)\b"
    # "Invite heavy users to the beta": a verb that reaches people names an audience, whatever words describe them
    r"|^\s*(?:please\s+)?(?:invite|email|text|ping|remind|notify|message|reach|nudge)\s+(?:all\s+|our\s+|the\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:users|people|customers|members|folks|subscribers)\b"
)


# A list's heading that says its items describe one audience ("Target:", "Eligibility for the upgrade email:",
# "Who qualifies:", "Users who:"), not a set of programs to rank
_AUDIENCE_HEAD = re.compile(
    # "I need eligibility criteria for our Black Friday sale. Include: free users; …"
    r"^\s*(?:(?:i|we)(?:'d| would)?\s+(?:need|want|like)\s+(?:to\s+)?)?(?:(?:create|define|write|build|set up|draft)\s+)?"
    r"(?:(?:an?|the|our|some)\s+)?"
    r"(?:target(?:ing)?|eligib\w*|audience|criteria|conditions|requirements|segment|who(?:'s| is| are)?\s+"
    r"(?:qualif\w*|eligible|should get)|(?:users|people|customers|members)\s+(?:who|that|with))\b",
    re.IGNORECASE,
)


# words that ask for a rule or a message, not for a number
_DRAFTING = re.compile(
    r"\b(?:create|build|make|set up|draft|rules?|target\w*|send|audience|eligib\w*|segment|campaign|nudge|email|push|"
    r"notify|message|remind\w*|offer)\b",
    re.IGNORECASE,
)


def classify(prompt: str, lexicon: Lexicon, catalog: Catalog | None = None) -> Intent:
    """Return the intent of a prompt (see the module docstring for the order of the tests).

    With the catalog, a movement reported of an outcome a metric's funnel measures is debug too
    (`debug_cues.py`, `debug_metric.py`): "users in Germany stopped paying this week — what happened?".
    """
    if APPROVAL.search(prompt) or UNRELATED.search(prompt):
        return "out_of_scope"
    if as_answered_ranking(prompt) != prompt:
        return "decision"  # "winback vs survey for expired trials? winback first pls": the answer ranks the pair
    counted = counted_after_background(prompt)
    if counted is not None and classify(counted, lexicon, catalog) == "question":
        # "For the board deck - how many paying subscribers are in Germany?": the count asked after the background
        # (read whole, the people in it were drafted as a rule)
        before = prompt.replace(counted, " ")
        said = classify(before, lexicon, catalog) if before.strip() else "out_of_scope"
        # "Create a rule for trial users on iOS. How many would that reach?" asks for a draft and its size
        if said == "out_of_scope" or (said in ("eligibility", "question") and not _DRAFTING.search(before)):
            return "question"
    request = from_request(prompt)
    if request != prompt:
        # "Our Q3 goal is to lift trial conversion … Create eligibility rules for the discount email targeting …":
        # the request says what is asked; the background's metric and movement made it a diagnosis
        return classify(request, lexicon, catalog)
    told = as_audience_limits(without_background(prompt))
    if told != prompt and classify(told, lexicon, catalog) == "decision":
        # "Context for you: retention dipped in Q3 … For lapsed users: A over B": the story's movement is no
        # diagnosis when the ask after it ranks programs; "A first; B shouldn't go out until …" ranks two
        return "decision"
    if _LABELLED_CONDITIONS.search(prompt) and not _DECISION.search(normalize(prompt)):
        # "Audience: trial users; viewed pricing at least once; not in India", "… Include: free users; …": one
        # audience's conditions listed under its label (the semicolons read as programs to rank)
        return "eligibility"
    brief = audience_of_brief(prompt)
    if brief != prompt and not _DECISION.search(normalize(prompt)):
        # "Goal: win back churned users. Audience: … Channels: email + push.": one audience with its settings,
        # whatever the labelled lines before it say (they read as programs to rank)
        return classify(brief, lexicon, catalog)
    # catalog names typed as written in the catalog ("trial_conversion by device_os") read as their words
    # "how mnay users …": a slip in a question's shape word does not make it a rule
    text = mend_shape_words(normalize(re.sub(r"(?<=[a-z])_(?=[a-z])", " ", prompt)))
    tokens = tokenize(text)
    recognised = lexicon.match(
        tokens, kinds={"trait", "value", "event", "property_value", "metric", "dimension"}
    )
    eligibility = _ELIGIBILITY.search(text) or _ELIGIBILITY_WEAK.search(text)
    if catalog is not None and asks_about_support(text, lexicon, catalog):
        # "why did support tickets spike?", "which source is behind the rise in bug tickets?": a diagnosis of
        # support load (`debug_support.py`), whatever list or question shape it has
        return "debug"
    if not eligibility and (ASKS_WHY.search(text) or HOW_IT_WENT.search(text)) and asked_channel(text) is not None:
        # "how is email doing on web this week?", "what changed for android email?": a channel's messages, which
        # the diagnosis's exposure comparison measures (`agent/debug_channel.py`)
        return "debug"
    if recognised and as_comparison(text) is not None and not (
        periods_compared(text) is not None and lexicon.match(tokens, kinds={"metric"})
    ):
        # "compare average streak between trial and paid users": a measure side by side, not a metric's move;
        # "compare workouts in October vs September": the count in each period (a metric's rate over two periods,
        # "compare conversion in October vs September", is the debug path's funnel comparison)
        return "question"
    if not recognised and (
        _PEOPLE_COUNT.search(text) or _QUESTION.search(text) or (_QUESTION_WEAK.search(text) and _MEASURE_WORD.search(text))
    ):
        # "how many users do we have?" counts everyone; "what's the average revenue per user?" is a question
        # whose refusal names what the catalog lacks ("revenue"), not a generic "cannot do that"
        return "question"
    if not recognised:
        if (
            catalog is not None
            and reads_as_debug(text)
            and lexicon.match(tokenize(mend_spelling(text, catalog, lexicon)[0]))
        ):
            # "why did convresion drop on andriod": slips the debug path mends and reports
            return "debug"
        if not eligibility and reads_as_debug(text) and ASKS_WHY.search(text) and (
            reports_movement(text) or _BARE_MOVE.search(text)
        ):
            # "Why did retention drop?": a metric the catalog lacks, asked why it moved; the debug path refuses it
            # naming the metrics there are (out of scope said only what the command center does)
            return "debug"
        # A prompt shaped like one of ours whose words map to nothing goes to that path, whose refusal
        # names the phrase and the closest catalog entries; anything else is simply out of scope.
        return "eligibility" if eligibility else "out_of_scope"
    if _COUNT_OPENER.match(text) and not _DECISION.search(text) and not _CHANGE.search(text):
        # "How many users viewed pricing, then compared plans, then started checkout?": a count of people whose
        # acts come in a sequence, not programs ranked by "then"
        return "question"
    # "push first, then email, then SMS for trial users" is one program's channel plan, no ranking; "lead with
    # A, follow with B, close with C" ranks programs
    unplanned = take_channel_sequence(spell_ordinal_marks(prompt))[0]  # "winback email 1st, survey 2nd"
    ranked_text = as_ranking(unplanned)
    listing = split_enumeration(ranked_text)
    ranked = split_ranked_clauses(ranked_text)
    if listing is not None and listing.explicit and _AUDIENCE_HEAD.match(listing.head) and not _DECISION.search(text):
        # "Target:\n- trial users\n- on iOS\n- who viewed pricing twice": one audience written as a list
        return "eligibility"
    if (
        listing is not None
        and listing.explicit
        and catalog is not None
        and not listing.head.strip()
        and not _DECISION.search(text)
        and lists_only_conditions(listing.items, catalog, lexicon)
    ):
        # "- iOS users\n- at least 3 workouts in the last 14 days\n- no open tickets": no heading, and every item a
        # condition on people, none a program (each became a rule of a 3-program policy)
        return "eligibility"
    if (
        listing is not None
        or _DECISION.search(text)
        or ranked_text != unplanned
        or OVERLAP_PICK.search(prompt)
        or chain_as_list(prompt) != prompt  # "Lapsed users: win-back email before the education push"
        or _FIRST_THEN.search(unplanned)  # "winback offer first, then feature education" (not a channel plan)
        or _ranks_programs(unplanned)  # "save offer, then re-engagement", "save offer before the push"
        or asks_for_order(prompt)  # "Decide: A or B?", "What's more important, A or B?" (`priority_principle.py`)
    ):
        return "decision"
    reported = (
        catalog is not None and reads_as_debug(text) and debug_metric(tokens, lexicon, catalog) is not None
    )
    if (
        ranked is not None
        and not _CHANGE.search(text)
        and not reported
        # "… who haven't worked out. Holdout 5%, push only.": settings said beside one audience rank nothing
        and sum(
            bool(lexicon.match(tokenize(normalize(i))))
            for i in ranked.items
            # "…. Use push and email.": the channels said beside one audience are a setting, and so is the
            # background before a request for one audience ("We're launching a class. Create eligibility …")
            if not states_only_settings(without_channels(i)) and i in from_request(ranked_text)
            # "Users who have subscribed before, send them a re-subscribe offer": the message sent to the
            # people just named is their program, not a second one to rank
            and not _SENT_TO_THEM.match(i)
        )
        >= 2
    ):
        # "re-engage lapsed users, then upsell committed ones"; "email X first, push Y second"
        return "decision"
    if _DEBUG.search(text) and lexicon.match(tokens, kinds={"metric"}):
        return "debug"
    if reported and (ASKS_WHY.search(text) or HOW_IT_WENT.search(text)):
        return "debug"
    if not eligibility and reads_as_debug(text) and ASKS_WHY.search(text) and reports_movement(text):
        # "Why did DAU fall for android users week over week?": a metric the catalog lacks still asks why
        # something moved; the debug path refuses it by name. Before the question shapes: "why did the number
        # of workouts drop?" asks why a count moved, which no single query answers
        return "debug"
    if _QUESTION.search(text):
        return "question"
    programs = read_programs(unplanned)
    if programs is not None and len(programs.programs) > 1:
        return "decision"
    if reported:
        # "we sent fewer push messages to Android users and conversion fell"
        return "debug"
    if not eligibility and catalog is not None and reads_as_question(text, catalog, lexicon):
        # "Messages clicked by channel last week", "Distribution of users by lifecycle stage", "Max streak by
        # country": a breakdown or an extreme value, asked with no question word
        return "question"
    if _ELIGIBILITY.search(text):
        return "eligibility"
    if _DECISION_WEAK.search(text):
        return "decision"
    if _QUESTION_WEAK.search(text):
        # "What's our trial-to-paid conversion by utm source?": a metric's rates by segment are what the
        # debug path's funnel comparison computes; the question path answers over traits. `recognised` is
        # longest-first over every kind, so "activation state" is the trait, not the metric "activation".
        return "debug" if any(e.kind == "metric" for m in recognised for e in m.entries) else "question"
    if eligibility or not (_DEBUG.search(text) or ASKS_WHY.search(text)) or not (ASKS_WHY.search(text) or reports_movement(text)):
        # "users whose streak dropped to zero": a movement inside a relative clause describes people
        return "eligibility"
    return "debug"


def is_approval_request(prompt: str) -> bool:
    """Return True when the prompt asks the agent to approve, apply or change data."""
    return bool(APPROVAL.search(prompt))
