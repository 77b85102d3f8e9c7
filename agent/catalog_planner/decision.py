"""Draft a decision prompt: read it every way the planner knows (an enumerated list, a table, named programs,
ranked clauses, alternatives), keep the reading that yields the most rules, and apply the settings the
prompt states in passing (holdout, control group, channel order). Sentences that speak of one program by
name (its stop, suppression, audience limit, channel, cap, holdout) are cut first and given to that
program's rule last, whichever reader drafted it. Sentences that state a ranking in another shape are first
rewritten as one the readers know: "when someone qualifies for both A and B, send A" and "A should never
outrank B" (`both_choice.py`, `negated_rank.py`), "A wins over everything except B" (`except_rank.py`),
"Order the programs for iOS users: …" (`request_heads.py`), "1st/2nd" (`rank_marks.py`), "lead with A, follow
with B" (`sequence_verbs.py`), "For X, A beats B" (`scoped_pairs.py`), "A ahead of B, and both behind C"
(`joint_pairs.py`), "A) … B) … B should win" (`letter_refs.py`), "if a user is both X and Y, they get A rather than B" (`overlap_pick.py`), "For X, A beats B, and B beats C" as
the numbered list it means (`pair_chains.py`)."""

from __future__ import annotations

import re

from agent.catalog_planner.answered_pairs import as_answered_ranking
from agent.catalog_planner.both_choice import rank_both_choice
from agent.catalog_planner.catch_all import with_catch_alls
from agent.catalog_planner.chat_shorthand import spell_out
from agent.catalog_planner.clauses import is_sequenced, put_higher_first, split_ranked_clauses
from agent.catalog_planner.contractions import with_apostrophes
from agent.catalog_planner.decision_background import without_background
from agent.catalog_planner.directives import apply_directives, read_directives
from agent.catalog_planner.edge_cases import refresh_edge_cases
from agent.catalog_planner.except_rank import rank_exceptions
from agent.catalog_planner.excluded_from_all import as_hold_on_all
from agent.catalog_planner.fallback_steps import give_fallbacks, take_fallbacks
from agent.catalog_planner.guard_phrases import split_stop_pairs, split_trailing_guards
from agent.catalog_planner.joint_pairs import split_joint_pairs
from agent.catalog_planner.label_channels import give_named_channels
from agent.catalog_planner.later_definitions import spell_out_definitions
from agent.catalog_planner.letter_refs import name_letters
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.lists import Enumeration, split_alternatives, split_enumeration
from agent.catalog_planner.named_guards import NamedGuards, give_named_guards, take_named_guards
from agent.catalog_planner.named_settings import (
    give_named_settings,
    take_named_settings,
    without_cap_sentences,
)
from agent.catalog_planner.negated_rank import rank_negations
from agent.catalog_planner.only_if_guards import with_only_if_people
from agent.catalog_planner.order_questions import without_order_question
from agent.catalog_planner.order_sentence import ordered_by_sentence
from agent.catalog_planner.overlap_pick import rank_overlap_pick
from agent.catalog_planner.pair_chains import chain_as_list
from agent.catalog_planner.people_headings import headed_programs_as_list, rest_heading_as_item
from agent.catalog_planner.policy import draft_policy
from agent.catalog_planner.priority_principle import asks_for_order, principled_order
from agent.catalog_planner.program_gates import as_audience_limits
from agent.catalog_planner.program_labels import LIFECYCLE_VERBS, same_label
from agent.catalog_planner.program_order import ProgramReading
from agent.catalog_planner.program_policy import draft_program_policy
from agent.catalog_planner.programs import programs_of_items, read_programs
from agent.catalog_planner.pronoun_programs import name_it
from agent.catalog_planner.rank_direction import read_direction, reversed_priorities
from agent.catalog_planner.rank_marks import apply_rank_marks, spell_ordinal_marks
from agent.catalog_planner.rank_sentences import split_pick_guards
from agent.catalog_planner.rank_typos import mend_rank_typos
from agent.catalog_planner.ranked_list import ranked_listing
from agent.catalog_planner.replacements import give_replacements, take_replacements
from agent.catalog_planner.request_heads import scope_of_request
from agent.catalog_planner.rule_labels import names_a_rule
from agent.catalog_planner.scoped_pairs import scope_pairs
from agent.catalog_planner.sequence_verbs import as_ranking
from agent.catalog_planner.suppressions import take_caps
from agent.catalog_planner.tables import tables_as_lists
from agent.catalog_planner.unranked import refuse_unranked
from agent.catalog_planner.unsupported_settings import (
    refuse_unsupported,
    unsupported_settings,
    without_waived_settings,
)
from agent.types import Refusal
from orchestrator.spec import Policy
from warehouse.catalog import Catalog

# "welcome comes first for users who are both": the overlap is what a priority order is for
_BOTH = re.compile(
    r",?\s*(?:for|among)\s+(?:users|people|anyone|those)\s+(?:who (?:are|qualify for|match|fall into) both|in both"
    r"(?: groups| audiences)?|who overlap)\b|,?\s*(?:if|when) (?:they|a user|someone|anyone|a member|a customer) (?:are|is|qualif(?:y|ies) for|(?:is|are) "
    r"eligible for|(?:match|matches|fall into|falls into|get|gets) (?:into )?) both\b"
    r"|,?\s*(?:if|when|where) (?:both|the two|they) (?:apply|overlap|match|qualify|collide|conflict)\b",
    re.IGNORECASE,
)


# "…, should the upgrade nudge or the streak challenge go first?": the alternatives, without the question's verbs
_SHOULD_EITHER = re.compile(
    r"\bshould\s+(?P<alternatives>(?:the|our|a|an)\s[^?.;]*?\bor\b[^?.;]*?)\s+(?:go|come|be sent|get sent|win)\s+first\b",
    re.IGNORECASE,
)


# "Which matters more, A or B?", "Who do we contact first, A or B?": the question frames the alternatives
# (also after a scope: "For trial users: who should we message first, A or B?")
_CHOICE = re.compile(
    r"(?:^|(?<=[:,]))\s*(?:(?:which|what)(?:'s)? (?:one )?(?:matters more|is more important|more important|should (?:win|go first|come first)|comes first|"
    r"goes first)|(?:who|which(?: \w+)?|what)\s+(?:should|do|would|must|shall)\s+(?:we\s+|i\s+)?(?:\w+\s+){0,2}first)"
    r"(?P<scope>\s+(?:for|among)\s+[^,:?]+?)?\s*[,:]\s*",
    re.IGNORECASE,
)


# "We want to re-engage at-risk users and upsell high-intent users", "help me prioritise the win-back vs the survey",
# "for at-risk users we have the save offer, …": the framing of a request, not a program or its people
_FRAMING = re.compile(
    rf"(?:^|(?<=[.!?:])\s*)(?:so\s+)?(?:(?:we|i)\s+(?:want|need|would like|'d like|plan|hope)\s+to\s+(?=(?:{LIFECYCLE_VERBS})\s)|"
    r"(?:(?:can|could)\s+you\s+)?(?:please\s+)?help\s+(?:me|us)\s+(?:to\s+)?(?:prioriti[sz]e|rank|order|sequence)\s+"
    r"(?=(?:the|a|an|our)\s)|"
    # "can u rank save offer vs upgrade nudge for …": the request, before two programs set against each other
    r"(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:please\s+|pls\s+|plz\s+)?(?:rank|prioriti[sz]e|order)\s+"
    r"(?=(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3}?\s+(?:vs\.?|versus)\s))",
    re.IGNORECASE,
)
# "Hey team, quick one:", "Hi all -": a Slack opener says nothing of the programs
_GREETING = re.compile(
    r"^\s*(?:(?:hey|hi|hello|morning|yo)\b[^,.:!?\n-]{0,20}[,.:!?-]+\s*)?(?:quick (?:one|question|ask)|question|q)\s*[,.:!?-]+\s*"
    r"|^\s*(?:hey|hi|hello)\s+(?:team|all|folks|everyone|there)\s*[,.:!?-]+\s*"
    # "hey can u rank …", "hi, could you …": a greeting before the request
    r"|^\s*(?:hey|hi|hello|yo)\s*,?\s+(?=(?:can|could|would|pls|please|plz)\b)",
    re.IGNORECASE,
)
_WE_HAVE = re.compile(
    r"(?:^|(?<=[.!?:])\s*)(?P<scope>(?:for|among)\s+[^,.:;!?]+?)\s*,?\s+we\s+(?:have|run|'ve got|got|are running|offer)\s+"
    r"(?:(?:two|three|four|five|\d)\s+(?:programs|campaigns|messages|options)\s*:?\s*)?",
    re.IGNORECASE,
)


def _choice_scope(m: re.Match[str]) -> str:
    """Cut the question, keeping the people it is asked of ("What should win for at-risk users, A or B?")."""
    return f"{m['scope'].strip()}: " if m["scope"] else ""


# "which gets the message first?", "be messaged first": messaging is what is decided, not a condition
_MESSAGE_FRAMING = re.compile(
    r"\b(?:be|get|gets|getting|is|are)\s+(?:messaged|contacted|targeted)\b|\b(?:gets?|receives?|sees?|hears?)\s+the\s+message\b",
    re.IGNORECASE,
)


# "High-intent users and at-risk users overlap.": the two audiences compete, as "A vs B" says
_OVERLAP = re.compile(
    r"^(?P<a>[^.;:?!]+?)\s+and\s+(?P<b>[^.;:?!]+?)\s+(?:overlap|collide|conflict|compete)(?:\s+(?:a lot|often|sometimes))?"
    r"(?:\s+(?:for|among|in)\s+(?P<people>[^.;:?!]+?))?(?=\s*[.;:?!]|$)",
    re.IGNORECASE,
)


def _versus(m: re.Match[str]) -> str:
    """Return "A vs B", after "For <people>," when the overlap is said of some ("… overlap for expired trials")."""
    return (f"For {m['people']}, " if m["people"] else "") + f"{m['a']} vs {m['b']}"


# "Put the churn save ahead of everything", "the win-back email before anything else": a rank, not a program
_ABOVE_ALL = re.compile(
    # "over every marketing message", "above all other campaigns": every other program, none of its own
    r"\s+(?:before|ahead of|above|over)\s+(?:(?:every|all|any)\s+(?:other\s+)?(?:marketing\s+|promotional\s+)?(?:messages?|"
    r"programs?|campaigns?|sends?|promos?|promotions?|nudges?)\b|"
    r"(?:anything|everything|all)(?:\s+else)?\b(?!\s+(?:for|to|who|with)\b))",
    re.IGNORECASE,
)


# "At-risk beats both.", "the save offer trumps the others": a rank over every other program, not a program
_BEATS_ALL = re.compile(
    r"\s+(?:beats|trumps|outranks|wins over|takes precedence over|is more important than)\s+(?:both|either|"
    r"(?:anything|everything|all)(?:\s+else)?|"
    r"(?:all\s+)?the (?:others|other (?:two|three|four|ones|programs)|rest))\b(?!\s+(?:for|to|who|with)\b)",
    re.IGNORECASE,
)


# "Users with open tickets should get nothing but the support follow-up": that program is theirs (ranked where
# it is said; the built-in ticket hold keeps marketing from them), not a hold on everything they get
_NOTHING_BUT = re.compile(
    r"\b(?P<verb>get|gets|receive|receives|hear|hears)\s+(?:nothing|no messages?)\s+(?:but|except|other than|besides)\s+",
    re.IGNORECASE,
)


# ", since web users convert better", ", because they already know us": why the order is what it is, not who gets
# what ("convert" read as a condition: trial users who had subscribed)
_REASON = re.compile(
    r"\s*,\s*(?:because|since|as)\s+(?=(?:they|we|it|this|that|these|those|(?:[\w-]+\s+){0,2}(?:users|people|customers))\s+"
    r"(?:\w+\s+){0,2}?(?:are|is|have|has|tend|usually|typically|know|already|convert|respond|churn|need|want|like|do|"
    r"matter|matters|get|pay)\b)[^.;!?\n]*",
    re.IGNORECASE,
)


# "the resubscribe offer first (they know the product)", "upgrade nudge (we need the revenue)": why, in brackets; a
# bracket after people ("lapsed users (they haven't worked out in 14 days)") defines them and stays
_BRACKET = re.compile(r"(?P<before>[\w'-]+)?\s*\((?P<inner>[^()]*)\)")
_OUR_LEAD = re.compile(r"^\s*(?:we|we're|we've|we'd|our|i'm|i think)\b", re.IGNORECASE)
_WHY_LEAD = re.compile(
    r"^\s*(?:because|since|as (?:they|we|it)|so (?:that|they|we)|(?:they|they're|they've|theyre|it|it's|this|that|"
    r"these|those)\s+(?!only\b)[\w']+)",
    re.IGNORECASE,
)
_PEOPLE_BEFORE = re.compile(
    r"^(?:users|people|customers|members|subscribers|signups|sign-ups|trials|trialists|visitors|everyone|"
    r"everybody|anyone|folks|runners|cyclists|yogis|lovers|fans|newcomers|else|rest)$",
    re.IGNORECASE,
)


_RANK_BEFORE = re.compile(r"^(?:first|second|third|fourth|last|top)$", re.IGNORECASE)


def _without_bracket_reasons(text: str) -> str:
    """Return the text without the reasons said in brackets (kept: definitions of people, places, settings)."""

    def cut(m: re.Match[str]) -> str:
        before = m["before"] or ""
        why = _OUR_LEAD.match(m["inner"]) or (_WHY_LEAD.match(m["inner"]) and not _PEOPLE_BEFORE.match(before))
        # "save offer first (highest value)", "re-engagement push second (cheap)": after its place, why it is there
        why = why or (_RANK_BEFORE.match(before) and not re.search(r"\d|%", m["inner"]))
        return before if why else m.group(0)

    return _BRACKET.sub(cut, text)


# "support follow-up first, then nothing else until the ticket is resolved", "; no marketing until it's resolved":
# what the built-in open-ticket hold already does, no program ('nothing_else' was drafted) and no people
_HELD_TILL_RESOLVED = re.compile(
    r"\s*[,;]?\s*(?:and\s+)?(?:then\s+)?(?:nothing else|no(?:thing)? (?:other |more )?(?:marketing|messages?|promos?|"
    r"promotions?|campaigns?|sends?)(?: at all)?)\s+until\s+(?:the |their |that |it'?s |it is |its )?"
    r"(?:(?:support )?(?:ticket|issue|case)s?\s+(?:is\s+|are\s+|gets?\s+|has been\s+)?)?(?:resolved|closed|fixed|sorted)"
    r"(?:\s+out)?\b",
    re.IGNORECASE,
)


# "users with an open ticket -> support check-in. trial users -> upgrade offer.": the people on the left get the
# program on the right (a lone arrow assigns; "A > B > C" ranks)
_ASSIGNED = re.compile(
    r"(?:^|(?<=[.;\n]))(?P<lead>\s*)(?P<people>[^.;\n>]*?\b(?:users|people|anyone|everyone(?:\s+else)?|everybody(?:\s+else)?|"
    r"the rest|customers|members|subscribers|signups|trialists)\b[^.;\n>]*?)\s*(?:->|\u2192|=>)\s*"
    r"(?P<program>[^.;\n>]+?)(?=\s*(?:[.;\n]|$))",
    re.IGNORECASE,
)


# "Context: our Android retention dropped … Ask: for Android users, …": the background before the ask
_BACKGROUND = re.compile(
    r"^\s*(?:context|background|situation|fyi)\s*[:\-\u2013\u2014].*?(?:^|(?<=[.!?\n])|\s)\s*(?:the\s+)?"
    r"(?:ask|request|task|what (?:i|we) need)\s*[:\-\u2013\u2014]\s*",
    re.IGNORECASE | re.DOTALL,
)


# "New users", "trial users", "everyone else": an item that names people and no program
_ONLY_PEOPLE = re.compile(
    r"^\s*(?:the\s+|all\s+)?(?:[\w-]+\s+){0,3}?(?:users|people|customers|members|subscribers|signups)\s*$|"
    r"^\s*(?:everyone|everybody|anyone)(?:\s+else)?\s*$|^\s*the rest\s*$",
    re.IGNORECASE,
)


# "for trial users upgrade nudge first then streak challenge": chat with no comma or colon after the people; the
# people end at their noun when programs ranked by cue words follow (the scope reached the first program only)
_BARE_HEAD = re.compile(
    r"^(?P<head>\s*(?:for|among)\s+(?:[\w-]+\s+){0,3}?(?:users|people|customers|members|subscribers|signups|trialists))"
    r"\s+(?=\w)(?!(?:who|whom|whose|with|without|on|in|from|that|which|and|or|we|i|you|should|must|get|gets|the|our|a|an|"
    r"is|are|have|has|had|did|do|does|not|no|only|at|of|to|by|via|over|under|between|than|first|last)\b)"
    r"(?=[^.;:!?\n]*\b(?:first|then|second|before|over|beats?|outranks?)\b|[^.;:!?\n]*>)",
    re.IGNORECASE,
)


# "Never send promotions to them.", ", nothing promotional", "; no promos": what the people should not get beyond
# the programs ranked for them, no program of its own (one named 'never_promotions' was drafted, or the last
# program read as 'save_offer_second'); said again in the edge cases
_NO_PROMOTIONS = re.compile(
    r"\s*(?:(?<=[.;!?,])|^)\s*(?:and\s+|but\s+)?(?:(?:never|don'?t|do not)\s+send\s+(?:them\s+)?(?:any\s+)?|no\s+|nothing\s+)"
    r"(?P<what>promotions?|promos?|promotional(?:\s+(?:messages?|offers?|stuff|content))?|upsells?|upselling)"
    r"(?:\s+(?:to|for)\s+(?:them|these|those)(?:\s+(?:users|people|customers))?)?(?:\s+at all)?\s*(?=[.;!?]|$)",
    re.IGNORECASE,
)


def _held_promotions(draft: Policy | Refusal, said: list[str]) -> Policy | Refusal:
    """Return the policy with an edge case saying the promotions held back: none of its programs is one."""
    if not isinstance(draft, Policy) or not said:
        return draft
    case = (
        f"Said: '{said[0]}'. No promotion is drafted for these people beyond the programs ranked here; rules outside "
        "this policy are not changed by it (pause or scope them to hold their promotions too)."
    )
    return draft.model_copy(update={"edge_cases": [*draft.edge_cases, case]})


# "New signups (joined in the last 7 days): A first, then B": people defined in brackets heading the prompt are its
# scope, as after "For" (read without it, the definition was lost and a later program's people were every one's)
_DEFINED_HEAD = re.compile(
    r"^(?P<head>\s*(?!(?:for|among)\b)[^.:;()\n]{0,50}?\b(?:users|people|customers|members|subscribers|signups|trialists)\b"
    r"\s*\([^()]*\))\s*:",
    re.IGNORECASE,
)
# "Lapsed subscribers - win-back offer first, survey second": people, a dash, then the programs ranked for them
_DASH_HEAD = re.compile(
    r"^(?P<head>\s*(?:for\s+)?[^.:;\n\-\u2013\u2014]{0,60}?\b(?:users|people|customers|members|subscribers|signups|trialists)\b)"
    r"\s+[-\u2013\u2014]+\s+(?=[^.;:!?\n]*\b(?:first|then|second|before|over|beats?|outranks?)\b)",
    re.IGNORECASE,
)


# "save offer vs upgrade nudge for at risk trial users": the people after the pair are both programs' (read as the
# second's alone, the first had none and was refused)
_VS_FOR = re.compile(
    r"^(?P<lead>\s*)(?P<pair>(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3}?\s+(?:vs\.?|versus)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3}?)"
    r"\s+(?:for|among)\s+(?P<people>[^.;:!?\n]*\b(?:users|people|customers|members|subscribers|signups|trialists)\b[^.;:!?\n]*?)"
    r"\s*(?P<end>[?.!]?\s*)$",
    re.IGNORECASE,
)


def _holds_programs(item: str) -> bool:
    """Return True when a text names two or more programs, each with its people."""
    reading = read_programs(item)
    return reading is not None and len([p for p in reading.programs if p.audience]) >= 2


def _rules(draft: Policy | Refusal | None) -> int:
    return len(draft.rules) if isinstance(draft, Policy) else 0


def _listed(prompt: str, listing: Enumeration, catalog: Catalog, lexicon: Lexicon) -> Policy | Refusal:
    listing = apply_rank_marks(listing)
    programs = programs_of_items(listing.head, listing.items, listing.tail)
    if programs is not None:
        return draft_program_policy(prompt, programs, catalog, lexicon)
    return _goals(prompt, listing, catalog, lexicon)


def _goals(prompt: str, listing: Enumeration, catalog: Catalog, lexicon: Lexicon) -> Policy | Refusal:
    """Draft listed goals, a later item that names nothing ("then promos") going to everyone left."""
    return draft_policy(prompt, with_catch_alls(listing, catalog, lexicon), catalog, lexicon)


def draft_decision(prompt: str, catalog: Catalog, lexicon: Lexicon) -> Policy | Refusal:
    """Return the policy a decision prompt asks for, or a refusal naming what maps to nothing."""
    asked = unsupported_settings(prompt)
    if asked:
        return refuse_unsupported(asked)  # quiet hours dropped would send when the prompt said not to
    unranked = refuse_unranked(prompt)  # "run A and B in parallel, with no priority": a policy always ranks
    if unranked is not None:
        return unranked
    # "A, B, C - lowest to highest": read as written, served reversed
    # "We're a fitness app and churn is up. …" before the ask is background; "Prioritze A ovr B" is "Prioritize A
    # over B"
    # "dont send either to ppl with an open ticket": chat shorthand spelt out, as eligibility does (the guard was lost)
    told = without_background(_BACKGROUND.sub("", spell_out(prompt), count=1))
    told = as_answered_ranking(told)  # "A vs B for X — which first? B": the answer ranks
    told = _DASH_HEAD.sub(r"\g<head>: ", _BARE_HEAD.sub(r"\g<head>: ", told, count=1), count=1)
    told = _DEFINED_HEAD.sub(r"For \g<head>:", told, count=1)
    upward, from_bottom = read_direction(mend_rank_typos(with_apostrophes(told)))
    upward = name_it(without_waived_settings(upward))  # "No quiet hours needed."; "Rank it above B."
    upward = with_only_if_people(upward)  # "Send A first, but only if they have push enabled": A's people
    upward = as_hold_on_all(upward)  # "…; exclude Germany from both": a hold on every program, no program of its own
    upward = spell_out_definitions(upward)  # "… Nudge: users with one workout.": the second workout nudge's people
    upward = without_order_question(upward)  # "… What order makes sense?": no program for everyone else
    upward = _HELD_TILL_RESOLVED.sub("", upward)  # "…, then nothing else until the ticket is resolved"
    promotions = [m.group(0).strip(" ,;.") for m in _NO_PROMOTIONS.finditer(upward)]
    upward = _NO_PROMOTIONS.sub("", upward)  # "Never send promotions to them."
    upward = as_audience_limits(upward)  # "the upgrade offer shouldn't go out until they've completed 3 workouts"
    upward, replacements = take_replacements(upward)  # "If they upgrade, swap the nudge for a tip": a stop and a program
    tabled = tables_as_lists(upward)  # "| Priority | Program | Audience |" rows: the numbered list they mean
    tabled = split_trailing_guards(tabled)  # "A ahead of B, but never send A while …": a guard of its own
    # "Send the saver by push", "the offer at most once a week": one program's, before the policy-wide settings
    text, settings = take_named_settings(tabled)
    directives = read_directives(text)
    # "For iOS users, A beats B, and B beats C": a first sentence ranking bare programs is their numbered list
    unfallen, fallbacks = take_fallbacks(directives.text)  # "if they don't open it, a push 2 days later"
    # "Trial users: A. Everyone else: B."; "… After that, B. Everything else: C."
    assigned = _ASSIGNED.sub(r"\g<lead>\g<people> get \g<program>", _REASON.sub("", _without_bracket_reasons(unfallen)))
    listed = rest_heading_as_item(headed_programs_as_list(chain_as_list(assigned)))
    body = split_joint_pairs(scope_pairs(as_ranking(split_pick_guards(name_letters(listed)))))
    picked = rank_overlap_pick(body, catalog, lexicon)
    if isinstance(picked, Refusal):
        return picked  # "both X and Y, A rather than B" with nothing saying whose people are whose
    body = picked
    body = rank_negations(rank_exceptions(rank_both_choice(scope_of_request(spell_ordinal_marks(body)))))
    body = _BEATS_ALL.sub(" first", _ABOVE_ALL.sub(" first", _NOTHING_BUT.sub(r"\g<verb> ", body)))
    body = _WE_HAVE.sub(lambda m: f"{m['scope']}: ", _FRAMING.sub("", _GREETING.sub("", body)))
    body = _VS_FOR.sub(r"\g<lead>For \g<people>: \g<pair>\g<end>", body)
    body = _SHOULD_EITHER.sub(r"\g<alternatives>", body)
    body = put_higher_first(_MESSAGE_FRAMING.sub(" ", _BOTH.sub("", _CHOICE.sub(_choice_scope, body))))
    body = split_stop_pairs(_OVERLAP.sub(_versus, body))
    body, _ = take_caps(body)  # ", cap 2/week": the policy reads its cap from the prompt; it is no program
    read = without_cap_sentences(tabled, settings)
    body, guards, draft = _guarded_draft(read, body, catalog, lexicon)
    draft = give_named_channels(give_named_guards(draft, guards, catalog, lexicon), body)
    draft = give_replacements(draft, replacements, catalog, lexicon)
    draft = give_fallbacks(give_named_settings(draft, settings), fallbacks, directives.text)
    draft = ordered_by_sentence(draft, body)  # "- A: … - B: … Order: B, A."
    if isinstance(draft, Policy) and read != prompt:
        # the readers saw the table as a list and no per-program cap; the description quotes what was asked
        draft = draft.model_copy(
            update={"description": draft.description.replace(read.strip(), prompt.strip())}
        )
    if isinstance(draft, Policy) and from_bottom:
        draft = reversed_priorities(draft)
    if not isinstance(draft, Policy):
        return draft
    if asks_for_order(prompt):
        draft = principled_order(draft)  # "Which should win, A or B?": the planner's order, and why
    return _held_promotions(refresh_edge_cases(apply_directives(draft, directives), catalog), promotions)


def _guarded_draft(
    prompt: str, text: str, catalog: Catalog, lexicon: Lexicon
) -> tuple[str, NamedGuards, Policy | Refusal]:
    """Return (body, named guards, draft) with the guards said of one program cut first ("Stop the push once
    …": for that program, given last); a guard naming a drafted program without "the" ("Stop onboarding after
    2 workouts") is only known after a first draft, which is then redone without its sentence."""
    body, guards = take_named_guards(text)
    draft = _drafted(prompt, body, catalog, lexicon)
    if not isinstance(draft, Policy):
        return body, guards, draft
    rules = list(draft.rules)
    again, more = take_named_guards(text, known=lambda name: names_a_rule(name, rules))
    if more.count() == guards.count():
        return body, guards, draft
    return again, more, _drafted(prompt, again, catalog, lexicon)


def _listed_beside(body: str, programs: ProgramReading) -> Enumeration | None:
    """Return the list after a colon that asks for an order ("Order these: A, B for X, C for Y") when it holds
    items the program reader kept no program of (a bare program has no people for it to read), else None."""
    if ":" not in body or not asks_for_order(body):
        return None  # only a list the planner is asked to order: a stated ranking places its bare programs
    listing = split_alternatives(body)
    labels = [p.label for p in programs.programs]
    missed = [item for item in listing.items if not any(same_label(label, item) for label in labels)]
    short = all(len(item.split()) <= 4 for item in missed)  # program names, not a question or a sentence
    return listing if listing.head and missed and short and len(listing.items) > len(labels) else None


# "For people with an open ticket: the support follow-up comes first." (what else they get, nothing, is the hold)
_ONE_FIRST = re.compile(
    r"^\s*(?P<head>(?:for|among)\s[^:.;]+):\s*(?:the\s+|our\s+)?(?P<item>[^.;,:]+?)\s+(?:(?:comes?|goes?)\s+)?first\s*[.!]?\s*$",
    re.IGNORECASE,
)


def _one_first(body: str) -> Enumeration | None:
    """Return the one program put first for the people a head names as a list of one, else None."""
    m = _ONE_FIRST.match(body)
    return Enumeration(m["head"], [m["item"]], "", False) if m else None


def _drafted(prompt: str, body: str, catalog: Catalog, lexicon: Lexicon) -> Policy | Refusal:
    """Return the reading of the prompt's body that yields the most rules."""
    listing = split_enumeration(body)
    draft: Policy | Refusal
    if listing is not None and listing.explicit:
        return _listed(prompt, listing, catalog, lexicon)  # a numbered or bulleted list is the structure
    programs = read_programs(body)
    weak = listing is None and programs is None  # only the comma/"or" split of alternatives is left
    if listing is not None:
        draft = _listed(prompt, listing, catalog, lexicon)
        if programs is not None:
            # "Retention first, conversion second, onboarding last" after the programs is a ranking, not a list
            named = draft_program_policy(prompt, programs, catalog, lexicon)
            # "New users first, then trial users. New users get onboarding, …": people ranked, programs named
            people_only = all(_ONLY_PEOPLE.match(item) for item in listing.items)
            more = _rules(named) > _rules(draft) or (people_only and _rules(named) == _rules(draft))
            draft = named if more else draft
    elif programs is not None:
        draft = draft_program_policy(prompt, programs, catalog, lexicon)
        listed = _listed_beside(body, programs)
        if listed is not None:
            # "Order these: promo discount, onboarding, support follow-up for users with open tickets, save offer
            # for at-risk users": the two items without people were dropped; the list reads (or refuses) them all
            draft = draft_policy(prompt, listed, catalog, lexicon)
            if isinstance(draft, Refusal):
                return draft  # naming the items it cannot read; no other reader may drop them again
    else:
        draft = draft_policy(prompt, _one_first(body) or split_alternatives(body), catalog, lexicon)
    ranked = split_ranked_clauses(body)
    if ranked is not None:
        # Clauses ranked by cue words ("most important", "then", "in that order") that the other readers
        # merged or missed win when they yield more rules (with sequence words, or over a lone rule); with
        # sequence words they always beat the comma/"or" split of alternatives.
        sequenced = is_sequenced(body)
        clauses = _goals(prompt, ranked, catalog, lexicon)
        # a clause holding several programs ("New users get A, trial users get B") is no one program
        merged = any(_holds_programs(item) for item in ranked.items)
        more = _rules(clauses) > _rules(draft) and (_rules(draft) <= 1 or sequenced) and not merged
        if more or (weak and sequenced and _rules(clauses) > 1):
            draft = clauses
    prose = ranked_listing(body)
    if prose is not None:
        # "We run A, B and C. C first, then A.": a later sentence ranking the listed items by name
        named = _goals(prompt, prose, catalog, lexicon)
        draft = named if _rules(named) >= _rules(draft) else draft
    return draft
