"""Draft one Rule from an eligibility prompt: the program it names (for the id, channels and goal) and
the audience after "who", "with", "targets", ... (every phrase there must map to the catalog).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.catalog_planner.brief_audience import audience_of_brief, take_channel_label
from agent.catalog_planner.bullet_audience import join_bullets, join_sections
from agent.catalog_planner.channel_statements import take_channel_statement
from agent.catalog_planner.channels import stated_channels
from agent.catalog_planner.chat_shorthand import spell_out
from agent.catalog_planner.conditions import ConditionParse, only_grows, parse_conditions
from agent.catalog_planner.definitions import counted_again, defined_by, follows_relative
from agent.catalog_planner.directives import take_holdout, take_only_channel
from agent.catalog_planner.eligibility_slips import mend_slips
from agent.catalog_planner.excepted_people import read_excepted_people
from agent.catalog_planner.former_states import replaced_by
from agent.catalog_planner.goals import Goal, read_goal, returning_goal, stop_relative_to_audience
from agent.catalog_planner.guard_phrases import take_guards
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.logic import condition_names, negate
from agent.catalog_planner.message_labels import (
    MESSAGE_NOUN,
    take_message_label,
    take_sent_last,
    take_trailing_label,
)
from agent.catalog_planner.message_topics import take_opening_label, without_about_topic, without_with_message
from agent.catalog_planner.offered_states import offer_goal, offer_note, offered_state
from agent.catalog_planner.parenthetical_definitions import apply_parenthetical_definitions
from agent.catalog_planner.people_alternatives import split_people_alternatives
from agent.catalog_planner.people_idioms import read_active_people
from agent.catalog_planner.policy import build_rule, scope_with_people
from agent.catalog_planner.program_marks import named_channels, take_channels
from agent.catalog_planner.refusals import refusal_for
from agent.catalog_planner.request_context import from_request
from agent.catalog_planner.slugs import slugify
from agent.catalog_planner.stated_guards import read_guard, suppression_description
from agent.catalog_planner.suppressions import frequency_cap, opt_out_condition, take_caps
from agent.catalog_planner.thing_states import read_ended_subscriptions
from agent.catalog_planner.unsaid_shapes import unsaid_shape
from agent.types import Refusal
from orchestrator.spec import (
    AnyOf,
    Condition,
    EventCondition,
    Rule,
    StopCondition,
    Suppression,
    TraitCondition,
)
from warehouse.catalog import Catalog

_AUDIENCE_MARK = re.compile(
    r":|\b(?:who|whom|whose|that (?:have|has|are|is|did)|targets?|targeting|aimed at|eligible if|if|where|when|"
    r"(?:users|people|customers|members) (?:with|on|in|from|that|(?=without\b))|segment of|audience of|for users|for anyone)\b",
    re.IGNORECASE,
)
_CATALOG_NAME_JOIN = re.compile(r"(?<=[a-z])_(?=[a-z])")
_RELATIVE_MARK = re.compile(r"\b(?:who|whom|whose|that(?: (?:have|has|are|is|did))?)\s*$", re.IGNORECASE)
# a program phrase naming people ("the new user onboarding", "the lapsed-runner email") says who it is for
_PROGRAM_PEOPLE = re.compile(
    r"\b(?:users?|people|members?|customers?|folks|fans|lovers|subscribers?|trialists?|runners?|yogis?|cyclists?|"
    r"riders?|lifters?|newcomers?|signups?)\b",
    re.IGNORECASE,
)
# words that frame the people a targeting verb names, or the noun of the state that follows ("sub expired")
_FRAMING = frozenset({"existing", "exactly", "specifically", "precisely", "specific", "sub", "subs", "account", "status"})
_FOR_PEOPLE = re.compile(r"\bfor (?:users|anyone)\s*$", re.IGNORECASE)
_TARGET_MARK = re.compile(r"\b(?:targets?|targeting|aimed at)\s*$", re.IGNORECASE)
_TARGET_OPENING = re.compile(r"\s*(?:(?:it|this|that|which)\s+)?(?:only\s+)?(?:targets?|targeting)\b", re.IGNORECASE)
# "paying users on the annual plan …": the mark itself names the people, so all after it is about them
_PEOPLE_MARK = re.compile(r"\b(?:users|people|customers|members) (?:with|on|in|from|that|without)\s*$", re.IGNORECASE)
# What the message is or is for, said after the people: ", for the upgrade offer", "so we can nudge them to
# upgrade", "to invite them to …". It names no condition ("upgrade" there is the aim, not a past upgrade).
_MESSAGE_TAIL = re.compile(
    rf"(?:[,;]?\s*\b(?:for|with|via|using) (?:the|a|an|our) [^,;.]*\b(?:{MESSAGE_NOUN}|programs?|campaigns?)\b"
    # "… with a streak of 3+ and push enabled": a channel word before a state word is the user's state, no message
    r"(?!\s+(?:enabled|disabled|on|off|permissions?|turned|"
    r"notifications?|opt))|[,;]?\s*\bso (?:that )?(?:we|they|you|i)\b|"
    r"[,;]?\s*\bto (?:invite|nudge|remind|encourage|help|ask|convince|get|push) them\b|"
    # "… this week — we want to give them a break": why the rule is wanted, said after the people
    r"(?:[,;:]|\s[-\u2013\u2014])\s*(?:because\s+|since\s+|as\s+)?(?:we|i)(?:'d| would)?\s+(?:want|need|like|hope|plan|are trying)\s+to\b)"
    r"[^.;]*[.]?\s*$",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"^\s*(?:(?:please|pls|plz)\s+)?(?:(?:create|define|build|write|draft|set up|make|give me|generate|"
    # "I want to …", "we'd like to …", "I need to …": the speaker's wish frames the request
    r"(?:i|we)(?:'d|\s+would)?\s+(?:really\s+)?(?:want|like|need|plan|hope)(?:\s+to)?)\b)?\s*"
    r"(?:(?:an?|the|some)\b)?\s*(?:(?:eligib\w*|audience|targeting|segment)\b)?\s*"
    r"(?:(?:rules?|criteria|definition|audience|segment)\b)?\s*[:,]?\s*(?:(?:for|of)\b)?\s*(?:(?:an?|the|our)\b)?\s*",
    re.IGNORECASE,
)
_QUESTION_LEAD = re.compile(
    r"^\s*(?:who|which users)\s+(?:should|can|could|would)\s+(?:get|receive|see)\s+([^?.]*)[?.]\s*",
    re.IGNORECASE,
)


def split_program(prompt: str) -> tuple[str, str]:
    """Return (program phrase, audience phrase): "an upgrade nudge" and "completed 3 workouts, ..."."""
    asked = _QUESTION_LEAD.match(prompt)
    if asked:
        return asked.group(1), prompt[asked.end() :]
    m = _AUDIENCE_MARK.search(prompt)
    if m is None:
        return "", prompt
    program = _LEAD.sub("", prompt[: m.start()], count=1)
    return program.strip(" ,:"), prompt[m.end() :]


def _names_content(condition: Condition, catalog: Catalog) -> bool:
    """Return True when a trait condition's values are also what an event records ("yoga" is a workout's type):
    such a value in a program's name says what the program is about."""
    if not isinstance(condition, TraitCondition):
        return False
    values = condition.value if isinstance(condition.value, list) else [condition.value]
    recorded = {v for e in catalog.events for p in e.properties.values() for v in (p.values or [])}
    return bool(values) and all(v in recorded for v in values)


def _program_goal(program: str, catalog: Catalog, lexicon: Lexicon) -> Goal | None:
    """Read the program phrase as a goal when it names a conversion ("upgrade nudge") or a milestone."""
    if not program:
        return None
    goal = read_goal(program, catalog, lexicon, [])
    return goal if goal.kind in ("conversion", "milestone") else None


def _exit_on_negated(audience_conditions: Sequence[Condition], catalog: Catalog) -> list[StopCondition]:
    """Stop a rule whose audience waits for something not done ("never viewed pricing", "haven't worked out
    in 14 days") once it is done."""
    for cond in audience_conditions:
        name = (
            cond.trait
            if isinstance(cond, TraitCondition)
            else cond.event
            if isinstance(cond, EventCondition)
            else ""
        )
        if any(word in name for word in ("ticket", "support")):
            continue  # "no open tickets" is a guard, not the thing the message asks for
        absent = (isinstance(cond, EventCondition) and cond.op == "eq" and cond.count == 0) or (
            isinstance(cond, TraitCondition)
            and (
                (cond.op == "eq" and type(cond.value) is int and cond.value == 0)
                # "haven't worked out": never, kept as no days since the last one
                or (cond.op == "is_null" and catalog.trait(cond.trait).unit == "days")
                # a lapse ends with the act; an age that only grows ("signed up 60+ days ago") never ends
                or (
                    cond.op in ("gte", "gt")
                    and catalog.trait(cond.trait).unit == "days"
                    and not only_grows(catalog.trait(cond.trait))
                )
            )
        )
        if absent:
            return [
                StopCondition(
                    id="done",
                    description="Stop once the user does what the audience lacked.",
                    condition=negate(cond),
                )
            ]
    return []


def _take_label(
    text: str, program: str, audience: str, catalog: Catalog, lexicon: Lexicon
) -> tuple[str, str, bool, str]:
    """Return (program, audience, whether a label was taken from words with no audience mark, the program's
    words that may say who it is for): "send trial users a workout reminder" is for trial users, and "workout"
    there is the message's subject; "send the trial-ending reminder" says the people only in the label, which
    is then read as before; "Users who viewed pricing twice, send them an upgrade offer" names the rule after
    the offer, whose words say nothing of the people ("upgrade" there is no past upgrade)."""
    label, unlabelled = take_message_label(audience) if not program else ("", audience)
    if not label and not program:
        label, unlabelled = take_sent_last(audience)  # "For users who opened the app, send a survey"
    if label and parse_conditions(unlabelled, catalog, lexicon).conditions:
        return label, unlabelled, True, label
    if program and (trailing := take_trailing_label(text, audience))[0]:
        return f"{program} {trailing[0]}", trailing[1], False, program  # "send users on trial a workout nudge"
    return program, audience, False, program


_CHANNEL_IDS = frozenset({"push", "email", "text", "sms", "message", "notify", "ping", "in_app"})
_ADDRESSING = frozenset(
    {"to", "email", "e-mail", "push", "message", "text", "sms", "notify", "remind", "target", "nudge", "ping", "send",
     # what a lifecycle program does to the people it names: "re-engage users who …", "reward people with …"
     "reengage", "re-engage", "engage", "reactivate", "re-activate", "retain", "reward", "congratulate", "celebrate",
     "thank", "encourage", "invite", "welcome", "onboard", "upsell", "educate", "survey", "contact", "reach", "help"}
)
# two-word verbs of the same kind: "win back people who cancelled", "check in on users who …"
_ADDRESSING_PAIRS = frozenset({"win back", "bring back", "check in", "follow up", "reach out", "check on"})


def _addresses(words: list[str], i: int) -> bool:
    """Return True when words[i] is (or ends) a verb that addresses the people after it."""
    return words[i].lower() in _ADDRESSING or (i > 0 and f"{words[i - 1]} {words[i]}".lower() in _ADDRESSING_PAIRS)


def _people_head(program: str, people_mark: re.Match[str] | None, relative: bool) -> str | None:
    """Give back the people noun an audience mark took: "… for lapsed users with push enabled" is split after
    "users", and the words between "for" (or the verb: "email lapsed users on iOS") and it are said of the
    people ("lapsed users"); the verb itself is no people word ("message users in France"). Before a relative
    pronoun the noun ends the program ("TikTok or Instagram users who …")."""
    words = program.split()
    described = False  # "… for customers over 40 who …": words after the noun describe the people too
    if people_mark is not None:
        noun = people_mark.group().split()[0]
    elif relative and words and _PEOPLE_NOUN.fullmatch(words[-1]):
        noun, words = words[-1], words[:-1]
    elif relative and (at := _described_noun(words)) is not None:
        noun, words, described = " ".join(words[at:]), words[:at], True
    else:
        return None
    marks = [i for i, w in enumerate(words) if w.lower() in ("for", "among")] or [
        i for i in range(len(words)) if _addresses(words, i)
    ]
    # with no verb or "for" before them ("lapsed users on iOS", "high momentum users in Germany") the words
    # that open the prompt are said of the people, or they would be dropped as a label
    people = words[marks[-1] + 1 :] if marks else [w for w in words if w.lower() not in _ARTICLES]
    return f"{' '.join(people)} {noun}".strip() if (people or described) and len(people) <= 3 else None


def _described_noun(words: list[str]) -> int | None:
    """Return where the people noun stands when up to 3 words after it, before a relative pronoun, describe them
    ("… for customers over 40 who use iOS": 'over 40' was dropped as part of the program's name)."""
    at = max((i for i, w in enumerate(words) if _PEOPLE_NOUN.fullmatch(w)), default=None)
    after = words[at + 1 :] if at is not None else []
    if at is None or not 0 < len(after) <= 3 or any(w.lower() in ("for", "to", "among") for w in after):
        return None
    return at


_ARTICLES = frozenset({"a", "an", "the", "our", "all", "any", "every", "some"})
# the verb that sends the message to the people just named says its channel
_SENT_BY = re.compile(r"(?:[,:;]|\s[-\u2013\u2014])\s*(?:and\s+)?(?:please\s+)?(?P<verb>email|e-mail|push|text|sms)\s+them\b", re.I)
_TRAILING_RELATIVE = re.compile(r"\s+(?:that|which|who|it|this)\b.*$", re.IGNORECASE)


def _unnamed_people(program: str, catalog: Catalog, lexicon: Lexicon) -> Refusal | None:
    """Refuse a request that names only its program when the name says of no one whom it targets ("the yoga
    challenge", "the new program": a topic or a word about the program is no people), or says it in words the
    catalog cannot read ("the power-user program for heavy users": 'heavy' was dropped); None when it can be read."""
    if not _PROGRAM_PEOPLE.search(program):
        return refusal_for([program], [], catalog, what="program, which is all the prompt names: say whom it targets")
    head = _people_head(program, None, relative=True)
    read = parse_conditions(head, catalog, lexicon) if head is not None else None
    unread = [*read.unexpressed, *read.leftover] if read is not None else []
    return refusal_for(unread, [], catalog, what="audience phrase") if unread else None
_PEOPLE_NOUN = re.compile(r"users|people|customers|members|folks|subscribers|accounts", re.IGNORECASE)


def _stated_guards(
    guards: Sequence[tuple[str, str]], catalog: Catalog, lexicon: Lexicon
) -> tuple[list[StopCondition], list[Suppression]] | Refusal:
    """Read the stops and guards the prompt states ("stop once they subscribe", "never while a ticket is open")."""
    stated_stops: list[StopCondition] = []
    stated_sups: list[Suppression] = []
    for kind, phrase in guards:
        guard = read_guard(phrase, catalog, lexicon)
        if guard.unexpressed or guard.condition is None:
            return refusal_for(
                guard.unexpressed or [phrase], guard.suggestions, catalog, what="condition phrase"
            )
        if kind == "stop":
            stated_stops.append(
                StopCondition(
                    id=f"stated_stop_{len(stated_stops) + 1}",
                    description=f"Stop once {phrase}.",
                    condition=guard.condition,
                )
            )
        else:
            stated_sups.append(
                Suppression(
                    id=f"stated_guard_{len(stated_sups) + 1}",
                    description=suppression_description(phrase, guard.approximations),
                    condition=guard.condition,
                )
            )
    return stated_stops, stated_sups


def _either_rule(
    prompt: str, alternatives: tuple[str, str], catalog: Catalog, lexicon: Lexicon
) -> Rule | None:
    """Draft each kind of people on its own and target either ("Android users with push on or web users who
    opted in"); None when either alternative is no audience, and the text is read as one phrase instead."""
    drafts = [draft_eligibility(alternative, catalog, lexicon) for alternative in alternatives]
    if not all(isinstance(d, Rule) for d in drafts):
        return None
    first, second = (d for d in drafts if isinstance(d, Rule))
    first.audience = AnyOf(conditions=[first.audience, second.audience])
    first.description = f'Eligibility for "{prompt.strip()}"'
    # a stop of one kind of people would end the other's too: only a stop both share is kept
    shared = [t.condition for t in second.stop_conditions]
    first.stop_conditions = [s for s in first.stop_conditions if s.condition in shared]
    return first


def draft_eligibility(prompt: str, catalog: Catalog, lexicon: Lexicon) -> Rule | Refusal:
    """Draft the rule for an eligibility prompt, or refuse naming the audience phrases that map to nothing; a
    prompt refused as typed is read once more with its slips mended ("trail users" → "trial users")."""
    draft = _draft_as_typed(prompt, catalog, lexicon)
    if not isinstance(draft, Refusal):
        return draft
    mended, notes = mend_slips(prompt, catalog, lexicon)
    if not notes or not isinstance(again := _draft_as_typed(mended, catalog, lexicon), Rule):
        return draft
    again.description = f'Eligibility for "{prompt.strip()}"; read: {", ".join(notes)}' + again.description.partition(
        f'Eligibility for "{mended.strip()}"'
    )[2]
    return again


def _draft_as_typed(prompt: str, catalog: Catalog, lexicon: Lexicon) -> Rule | Refusal:
    """Draft the rule for an eligibility prompt as typed, or refuse naming the phrases that map to nothing."""
    # "at_risk", "days_since_signup": a catalog name typed as the catalog writes it is its words
    # "Context: … Audience: users with …": the brief's audience, not its background
    said = _CATALOG_NAME_JOIN.sub(" ", join_sections(join_bullets(audience_of_brief(from_request(spell_out(prompt))))))
    said = apply_parenthetical_definitions(said, catalog, lexicon)  # "lapsed users (no workout in 21+ days)"
    text, active_notes = read_active_people(said, catalog, lexicon)
    text, inexact = read_excepted_people(text, catalog, lexicon)
    # "no longer subscribed" is a state the catalog keeps (the subscription's ended value), not one held before
    text = read_ended_subscriptions(text, catalog, lexicon, active_notes)
    if (refused := inexact or unsaid_shape(text)) is not None:
        return refused
    text, _ = take_caps(text)  # "max 2 messages a week" is the rule's cap (below), never its audience
    text, holdout = take_holdout(text)  # "…, keep a 10% holdout" says how many to hold back, not who
    text, said_channels = take_channel_label(text)  # "Channels: email + push." in a brief
    if not said_channels:
        text, said_channels = take_channel_statement(text)  # "…, on push and email", "sent via SMS"
    if not said_channels:
        text, said_channels = take_channels(text)
    if not said_channels:
        text, said_channels = take_only_channel(text)  # "…, email only"
    text, guards = take_guards(text)
    stated = _stated_guards(guards, catalog, lexicon)
    if isinstance(stated, Refusal):
        return stated
    alternatives = split_people_alternatives(text)
    if alternatives is not None and (either := _either_rule(prompt, alternatives, catalog, lexicon)) is not None:
        return _apply_settings(either, prompt, holdout, said_channels, stated, [either.audience], lexicon, catalog)
    text = without_about_topic(text, catalog, lexicon)  # "… about the new pricing": the message's, not the people's
    unsent = without_with_message(text)  # "Target yoga lovers with a new class announcement": the same
    if not said_channels and unsent != text:
        # "…, with an apology push": the message cut says its channel
        said_channels = [c for c in named_channels(text) if c not in named_channels(unsent)]
    text = unsent
    # "workout reminders for Android users": the message's label is no condition on the people
    opening = take_opening_label(text)
    program, audience_text = opening or split_program(text)
    before = text[: len(text) - len(audience_text)]  # the program and the audience mark
    program, audience_text, labelled, named_people = _take_label(text, program, audience_text, catalog, lexicon)
    said_channels = said_channels or named_channels(program)  # 'a win-back push', 'an SMS reminder'
    if (labelled or not program) and not said_channels and text.split():
        said_channels = named_channels(text.split()[0])  # the sending verb: "email trial users the digest"
    if not said_channels and (sent := _SENT_BY.search(text)) is not None:
        said_channels = named_channels(sent["verb"])  # "Users who viewed pricing twice, push them a discount"
    trimmed = _MESSAGE_TAIL.sub("", audience_text)
    if not said_channels and trimmed != audience_text:
        said_channels = named_channels(audience_text[len(trimmed) :])  # "…, with an apology push"
    if not program and trimmed != audience_text and not _LEAD.sub("", trimmed).strip(" ,.:;"):
        # "Create eligibility rules for the power-user program": the request names its program and nothing else
        # (the whole name was cut as the message, and the request's own words were refused as people)
        only = _LEAD.sub("", audience_text).strip(" ,.:;")
        refused = _unnamed_people(only, catalog, lexicon)
        if refused is not None:
            return refused
        program = named_people = only  # its own words ("power user", "trial users") say whom it is for
        trimmed = ""
    audience_text = trimmed
    # After an audience mark ("… who", "users on …") every word is about the people; without one the words
    # before the first catalog phrase are the program's ("send a push reminder to trial users").
    people_mark = None if labelled else _PEOPLE_MARK.search(before)
    # "customers who watched a yoga class", "who signed up in March": after a relative pronoun every word is
    # said of the people (the parser holds a clause to its words after the pronoun it keeps)
    relative = not labelled and _RELATIVE_MARK.search(before) is not None
    # the mark is given back ("who …", "people with …"): the parser holds the words after a people mark to
    # the catalog, and tolerates them elsewhere (a label's)
    mark = "who" if relative else people_mark.group().strip() if people_mark is not None else ""
    parsed = parse_conditions(f"{mark} {audience_text.lstrip()}" if mark else audience_text, catalog, lexicon)
    # "… that only targets female users who like yoga": after a targeting verb every word is said of the people,
    # so one the catalog cannot read is named, not dropped ("female" was, leaving everyone who likes yoga)
    targeted = _TARGET_MARK.search(before) is not None or _TARGET_OPENING.match(audience_text) is not None
    # "… for users aged 25-34 who like running": after "for users" the words before the clause are the people's
    for_people = _FOR_PEOPLE.search(before) is not None
    said_of_people = people_mark is not None or relative or opening is not None or targeted or for_people
    lead = [p for p in parsed.lead if not (targeted and set(p.split()) <= _FRAMING)]
    unexpressed = parsed.unexpressed + (lead if said_of_people else [])
    if unexpressed:
        return refusal_for(unexpressed, parsed.suggestions, catalog, what="audience phrase")
    head = _people_head(named_people, people_mark, relative)
    if head is not None and (unsaid := parse_conditions(head, catalog, lexicon).unexpressed):
        return refusal_for(unsaid, [], catalog, what="audience phrase")  # "send a push to dormant users on iOS"
    # "a trial offer": the program offers the trial, so it is for people not in one yet (never those in it)
    offered = offered_state(program, catalog, lexicon)
    states = [
        c
        for c in parse_conditions(named_people, catalog, lexicon, states_only=True).conditions
        if offered is None or c != offered.state
    ]
    if parsed.conditions and not _PROGRAM_PEOPLE.search(program):
        # "the yoga challenge that only targets activated users", "the yoga challenge for activated users", "the UK
        # launch that targets users in the UK or Canada": a program named for what it is about (a kind of workout,
        # a place the audience names itself) says nothing of whom it is for when the prompt says that
        traits = {c.trait for c in parsed.conditions if isinstance(c, TraitCondition)}
        states = [c for c in states if not (_names_content(c, catalog) or condition_names(c) & traits)]
    # "users signed up more than 30 days ago who …": the people the program phrase names are read in full,
    # unless the audience says the same thing ("lapsed users who haven't worked out in 14 days")
    named = {name for c in parsed.conditions for name in condition_names(c)}
    people = [
        c
        for c in scope_with_people(states, head or named_people, catalog, lexicon)
        if offered is None or c != offered.state
    ]
    past = [c for c in [*states, *people] if replaced_by(c, parsed.conditions, catalog)]
    scope = [c for c in people if c not in past and (c in states or not condition_names(c) & named)]
    if follows_relative(text, named_people) and defined_by(named_people, scope, parsed.conditions, catalog):
        scope = []  # "new users who signed up less than 3 days ago": the clause says what "new" means
    # "the power-user program that only targets users with 20+ workouts": the audience says who its power users are
    redefined = [c for c in scope if c in states and counted_again(c, parsed.conditions, catalog)]
    scope = [c for c in scope if c not in redefined]
    # "dormant users on web": how the people the program names were read ("dormant" as a 14-day lapse) is said too
    named_read = parse_conditions(head or named_people, catalog, lexicon) if scope else None
    scope_notes = named_read.approximations if named_read and any(c in scope for c in named_read.conditions) else []
    goal = offer_goal(offered) if offered is not None else _program_goal(program, catalog, lexicon)
    conditions = [*scope, *parsed.conditions]
    if not conditions:
        return refusal_for([audience_text.strip() or prompt.strip()], [], catalog, what="audience phrase")
    if goal is None and program:
        # "a win-back email for people who cancelled in the last month": they are back once they pay again, and a
        # cancellation counted in a window still holds then, so only that stop ends their win-back
        goal = returning_goal(program, ConditionParse(conditions=conditions), catalog, lexicon)
        if goal is not None:
            goal.audience = []  # the prompt's audience says who
    if goal is None:
        goal = Goal("state", audience=[], stops=_exit_on_negated(conditions, catalog))
    elif goal.kind == "milestone":
        goal.audience = []  # the prompt's audience says who; the program only names the goal and its exit
        # "Expired trial users from facebook": a goal the audience already holds is who they are, not an exit (as
        # a stop it ended every member's rule at once)
        if any(s.condition in conditions for s in goal.stops):
            goal.stops = _exit_on_negated(conditions, catalog)
    else:
        # "an upgrade nudge for trial users": the state the audience pins says who has not converted yet
        pinned = {c.trait for c in conditions if isinstance(c, TraitCondition) and c.op in ("eq", "in")}
        goal.audience = [c for c in goal.audience if not (isinstance(c, TraitCondition) and c.trait in pinned)]
    rule_id = slugify(program, fallback="") or slugify(audience_text, fallback="eligibility")
    if rule_id in _CHANNEL_IDS:
        # "push users who abandoned checkout": a channel is how the rule sends, not what it is; the people name it
        rule_id = f"{rule_id}_{slugify(audience_text, max_words=2, fallback='audience')}"
    offered_notes = [offer_note(offered)] if offered is not None and goal.audience else []
    offered_notes += [
        f"'{_TRAILING_RELATIVE.sub('', named_people)}' is defined by the audience stated (the catalog's "
        f"{c.trait} = {c.value} is not added)"
        for c in redefined
        if isinstance(c, TraitCondition)
    ]
    was = [f"'{program}' read as who they were: the audience clause says what they are now"] if past else []
    said = f'Eligibility for "{prompt.strip()}"' + "".join(
        f"; approximated: {a}"
        for a in dict.fromkeys([*active_notes, *scope_notes, *parsed.approximations, *was, *offered_notes])
    )
    rule = build_rule(rule_id, said, goal, conditions, priority=100)
    if rule is None:  # unreachable with conditions present; keeps the type honest
        return refusal_for([audience_text.strip()], [], catalog, what="audience phrase")
    return _apply_settings(rule, prompt, holdout, said_channels, stated, conditions, lexicon, catalog)


def _apply_settings(
    rule: Rule,
    prompt: str,
    holdout: float | None,
    said_channels: list[str],
    stated: tuple[list[StopCondition], list[Suppression]],
    conditions: list[Condition],
    lexicon: Lexicon,
    catalog: Catalog,
) -> Rule:
    """Give the rule the cap, holdout, channels, stops and guards the prompt states, and the opt-out guard."""
    stated_stops, stated_sups = stated
    rule.frequency_cap = frequency_cap(prompt)[0]
    if holdout is not None:
        rule.holdout_share = holdout
    for stop in stated_stops:
        stop.condition = stop_relative_to_audience(stop.condition, conditions, catalog, lexicon)
    if stated_stops:
        rule.stop_conditions = stated_stops + [
            s for s in rule.stop_conditions if s.condition not in [t.condition for t in stated_stops]
        ]
    if said_channels:
        rule.channels = stated_channels(said_channels, rule.id)
    rule.suppressions = stated_sups
    opt_out = opt_out_condition(lexicon)
    if opt_out is not None and opt_out not in [s.condition for s in stated_sups]:
        rule.suppressions.append(
            Suppression(
                id="marketing_opt_out",
                description="Never send marketing to users who opted out.",
                condition=opt_out,
            )
        )
    return rule
