"""Read a ranking sentence that is itself the list of programs ("Win-back beats onboarding for cancelled users",
"For iOS users, streak saving beats the referral ask, and the referral ask beats feature education", "Lapsed
users: win-back email before the feature education push", "support > win-back > feature education",
"win-back outranks feature education, and support outranks both") as the numbered list it means: "For
<people>: 1) A 2) B 3) C". Only programs named bare (no people of their own: "A for X beats B for Y" is the
program reader's) in the prompt's first sentence are read so; later sentences (guards, caps) follow as said."""

from __future__ import annotations

import re

from agent.catalog_planner.program_labels import same_label
from agent.catalog_planner.program_marks import CHANNEL
from agent.catalog_planner.program_shapes import PEOPLE_IN_LABEL

# the verb of one step down: "A beats B", "A before B", "A > B", "A should come before B"
_OVER = (
    r"(?:\s*>\s*|\s+(?:(?:should|must|will|would)\s+)?(?:beats?|trumps?|outranks?|wins? over|takes? precedence over|"
    r"(?:(?:comes?|goes?|go|come|ranks?|rank|is|are|sits?)\s+)?(?:before|above|ahead of|over)|"
    r"(?:is|are) more important than|matters? more than|(?:takes?|has|gets?) priority over)\s+)"
)
# "…, and B beats C", "…, which beats C", "…, then C": the chain goes on from its last program
_ON = r"(?:\s*[,;]\s*(?:and\s+|which\s+(?:in turn\s+)?|that\s+|then\s+)?|\s+and\s+|\s+which\s+)"
# a program said bare: one to four words, an article allowed, no digit, no people, no framing word
# …with its people in parentheses after it: "support check-in (if open ticket)"
_ITEM = r"(?:(?:the|a|an|our)\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}?(?:\s*\([^()]*\))?"
# "…, and B before anything promotional": what no program names, below the chain's last
_BELOW_ALL = re.compile(
    r"^\s*(?:anything|everything|all|any)(?:\s+(?:else|other|promotional|marketing|promos?|promotions?|messages?))*\s*$",
    re.IGNORECASE,
)
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_ARTICLE = re.compile(r"^(?:the|a|an|our)\s+", re.IGNORECASE)
# "…, and support outranks both": a program above every one before it
_ALL = r"(?:both|them all|all of them|the other two|the others|the rest|everything(?: else)?|all the others)"
_SCOPE_HEAD = re.compile(
    r"^\s*(?:(?:[\w ]*?\b(?:priority|priorities|order|ranking|rank|prioriti[sz]e)\s+)?(?P<for>(?:for|among|within)\s+[^,:;.]+?)(?:\s*[,:]|\s+[-\u2013\u2014]|(?=\s+(?:rank|prioriti[sz]e|put|place|order)\s))\s*|(?P<heading>(?:[\w-]+\s+){0,4}?"
    r"(?:users|people|customers|members|subscribers|signups|sign-ups|trials|trialists)(?:\s+[^,:;.]+?)?)\s*:\s*)",
    re.IGNORECASE,
)
_TRAIL_SCOPE = re.compile(r",?\s+(?P<for>(?:for|among)\s+[^,;:.]+?)\s*$", re.IGNORECASE)
_FIRST_SENTENCE = re.compile(r"^(?P<sentence>[^.!?\n]+?)(?P<end>[.!?\n]|$)")
# "Prioritize A over B", "send A before B": the request's verb is no part of A
_REQUEST_VERB = re.compile(
    r"^\s*(?:please\s+)?(?:prioriti[sz]e|put|place|rank|rate|order|send|run|show)\s+", re.IGNORECASE
)
_FRAMING = re.compile(
    r"\b(?:anything|everything|nothing|something|other|else|all|any|every|more|than|messages?|send|sends|"
    r"priority|priorities|order|rank|ranking|cap|max|holdout|stop|suppress|never|only|if|when|once|after|"
    # a question or a time span ("What happened to activation over the weekend") ranks no programs
    r"what|why|how|who|which|where|happened|did|does|do|is|are|was|were|has|have|had|went|go|got|get|we|i|you|"
    r"they|it|this|that|there|weekend|week|weeks|month|months|day|days|time|period|fortnight|their|ends?|ending|ended|starts?|expires?|expiring|begins?|renews?|signup|sign-up)\b",
    re.IGNORECASE,
)


def bare_program(item: str) -> bool:
    """Return True when words name a program alone: no people, no framing word, no number (its people in
    parentheses aside)."""
    item = _PARENTHESES.sub("", item)
    return not PEOPLE_IN_LABEL.search(item) and not _FRAMING.search(item) and not re.search(r"\d", item)


# "First onboarding, then the streak saver, then the upgrade nudge": a sequence of bare programs
_FIRST = re.compile(r"^\s*first(?:ly)?\s*,?\s+", re.IGNORECASE)
# "first push, then email": the channels of one program (`program_marks.take_channel_sequence`)
_CHANNEL_ITEM = re.compile(rf"^(?:(?:an?|the|by|via)\s+)?{CHANNEL}(?:e?s)?$", re.IGNORECASE)
_THEN = re.compile(
    r"\s*,?\s*(?:and\s+)?(?:then|finally|lastly|last|followed by|after that|next)\s*,?\s+", re.IGNORECASE
)


def _sequence(chain: str) -> list[str] | None:
    """Return the programs of "First A, then B, then C", or None when it is not a sequence of bare programs."""
    lead = _FIRST.match(chain)
    if lead is None:
        return None
    order = [item.strip() for item in _THEN.split(chain[lead.end() :])]
    if len(order) < 2 or any(_CHANNEL_ITEM.match(i) for i in order):
        return None
    if not all(re.fullmatch(_ITEM, i, re.IGNORECASE) and bare_program(i) for i in order):
        return None
    return order if len({i.lower() for i in order}) == len(order) else None


def _steps(chain: str) -> list[str] | None:
    """Return the programs of "A beats B, and B beats C" / "A > B > C" / "A before B, and C outranks both",
    highest first, or None when the chain is not one of bare programs."""
    first = re.match(rf"^\s*(?P<item>{_ITEM}){_OVER}(?P<rest>.+)$", chain, re.IGNORECASE)
    if first is None:
        return None
    order = [first["item"].strip()]
    rest = first["rest"]
    while True:
        m = re.match(rf"^(?P<item>{_ITEM})(?P<tail>(?:{_ON}|(?={_OVER})).+)?\s*$", rest, re.IGNORECASE)
        if m is None:
            return None
        item = m["item"].strip()
        if not same_label(item, order[-1]):
            order.append(item)
        if m["tail"] is None:
            break
        nxt = " " + re.sub(rf"^{_ON}", "", m["tail"], count=1, flags=re.IGNORECASE)
        top = re.match(rf"^\s*(?P<item>{_ITEM}){_OVER}{_ALL}\s*$", nxt, re.IGNORECASE)
        link = re.match(rf"^\s*(?P<item>{_ITEM}){_OVER}(?P<rest>.+)$", nxt, re.IGNORECASE)
        down = re.match(rf"^{_OVER}(?P<rest>.+)$", nxt, re.IGNORECASE)
        if link is not None and same_label(link["item"], order[-1]) and _BELOW_ALL.match(link["rest"]):
            break  # "…, and win back before anything promotional": the last program is ranked already
        if top is not None:
            order.insert(0, top["item"].strip())  # "…, and support outranks both"
            break
        if link is not None and same_label(link["item"], order[-1]):
            rest = link["rest"]  # "…, and the referral ask beats feature education"
        elif down is not None:
            rest = down["rest"]  # "…, which beats C", "A > B > C"
        else:
            return None
    if (
        len(order) < 2
        or not all(bare_program(i) for i in order)
        or len({i.lower() for i in order}) != len(order)
    ):
        return None
    return order


_DEFINES = r"\s*(?:=|:|->|\u2192|\s(?:(?:is|are)\s+(?:only\s+)?for|(?:only\s+)?goes to|go to|targets?|is aimed at)\s)"
# "Upsell goes to users with high upgrade intent.": a later sentence of its own giving a program its people
_PEOPLE_WORD = r"(?:users|people|anyone|everyone|those|customers|members|subscribers)\b"


def _defined_later(order: list[str], rest: str) -> bool:
    """Return True when a later sentence gives a ranked program its people ("Winback = cancelled users")."""
    return any(
        re.search(rf"\b{re.escape(_ARTICLE.sub('', item))}{_DEFINES}", rest, re.IGNORECASE) for item in order
    )


def _people_said_later(order: list[str], rest: str) -> tuple[list[str], str] | None:
    """Return the programs with the people later sentences give them ("A. A goes to users who …" as "A for
    users who …") and the rest without those sentences, or None when one such sentence is not of this shape."""
    items = list(order)
    for n, item in enumerate(order):
        name = re.escape(_ARTICLE.sub("", item))
        said = re.search(
            rf"(?:^|(?<=[.;!?\n]))\s*(?:the\s+|our\s+)?{name}{_DEFINES}\s*(?P<people>{_PEOPLE_WORD}[^.;!?\n]*?)\s*(?:[.;!?\n]|$)",
            rest,
            re.IGNORECASE,
        )
        if said is not None:
            items[n] = f"{item} for {said['people']}"
            rest = rest[: said.start()] + rest[said.end() :]
    if items == order or _defined_later(order, rest):
        return None
    return items, (" " + rest.strip()) if rest.strip() else ""


def _chain(sentence: str) -> tuple[str, list[str]] | None:
    """Return (the people, the programs highest first) of one ranking sentence, or None."""
    head = _SCOPE_HEAD.match(sentence)
    scope = (head["for"] or f"for {head['heading']}") if head else ""
    chain = sentence[head.end() :] if head else sentence
    trail = _TRAIL_SCOPE.search(chain)
    if trail is not None and not scope:
        scope, chain = trail["for"], chain[: trail.start()]
    order = _steps(_REQUEST_VERB.sub("", chain)) or _sequence(chain)
    return None if order is None else (scope.strip(), order)


def chain_as_list(text: str) -> str:
    """Return the text with its first sentences that rank bare programs in chains written as one numbered list
    ("For cancelled users: 1) win-back 2) onboarding."; "cancelled users: winback > survey. expired trials:
    discount > education." lists each program for its own people, in the order written); other text as it
    was."""
    chains: list[tuple[str, list[str]]] = []
    rest = text
    while (first := _FIRST_SENTENCE.match(rest)) is not None and first[
        "end"
    ] != "?":  # a question ranks nothing
        read = _chain(first["sentence"])
        if read is not None and chains and not read[0] and same_label(read[1][0], chains[-1][1][-1]):
            # "A outranks B. B outranks C.": the next sentence goes on from the last program
            chains[-1] = (chains[-1][0], chains[-1][1] + read[1][1:])
            rest = rest[first.end() :]
            continue
        if read is None or (chains and not (read[0] and chains[0][0])):
            break  # several chains each say their own people
        chains.append(read)
        rest = rest[first.end() :]
    if not chains:
        return text
    order = [item for _, items in chains for item in items]
    if re.search(_OVER, rest, re.IGNORECASE):
        return text  # another ranking is for the other readers
    if _defined_later(order, rest):
        told = _people_said_later(order, rest) if len(chains) == 1 else None
        if told is None:
            return text  # the programs' people said in another shape ("Winback = cancelled users") are theirs
        chains, rest = [(chains[0][0], told[0])], told[1]
    if len(chains) == 1:
        scope, items = chains[0]
        lead = f"{scope[0].upper()}{scope[1:]}: " if scope else ""
        return f"{lead}{' '.join(f'{n}) {item}' for n, item in enumerate(items, start=1))}.{rest}"
    each = [f"{item} {scope}" for scope, items in chains for item in items]
    return f"{' '.join(f'{n}) {item}' for n, item in enumerate(each, start=1))}.{rest}"
