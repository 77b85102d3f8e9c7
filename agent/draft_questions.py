"""Questions about the draft on the table, asked mid-conversation: "how many people is that?", "what does it
overlap with?", "what did we change?", "why is France so small?", and "undo that".

Deterministic and planner-neutral, like `agent/revision_cues.py`: the graph decides with it that a message is
about the thread's draft, and answers from the draft's own preview (its sizes and overlaps with the running
rules) or from the thread's history of that draft, never from a query a planner writes. A message that names
anything else ("how many users are in France?") is a data question and is read as one.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from agent.catalog_planner.countries import country_names
from warehouse.catalog import Catalog


class DraftQuestion(BaseModel):
    """What a message asks about the draft: its size, overlaps, changes, or how it splits by one trait (and why
    one of the trait's values is so small or so big)."""

    kind: Literal["size", "overlap", "changes", "breakdown", "sample", "narrowing"]
    trait: str | None = None
    value: str | None = None


# Words that point at the draft, its rules or its audience, rather than at some other group of users.
_DRAFT = re.compile(
    r"\b(?:that|this|it|its|they|them|these|those|the (?:draft|rule|rules|policy|audience|segment|program|holdout|"
    r"email|emails|push|pushes|sms|message|messages|notification|nudge)|each (?:rule|one|program)|"
    r"every rule|each of (?:them|the rules))\b",
    re.IGNORECASE,
)
# A size question says nothing but how many: any other word ("in France", "on iOS") makes it a data question.
_SIZE_OPENING = re.compile(r"^\s*(?:(?:so|ok|okay|and|now|then|hmm)\s*,?\s*)*(?:how (?:many|big|large)|what(?:'s| is) the (?:audience )?size)\b",
                           re.IGNORECASE)
_SIZE_WORDS = {
    "so", "ok", "okay", "and", "now", "then", "hmm", "how", "many", "big", "large", "what", "what's", "whats", "is", "the",
    "audience", "size", "people", "users", "persons", "customers", "that", "this", "it", "its", "they", "them", "these",
    "those", "draft", "rule", "rules", "policy", "segment", "program", "each", "one", "every", "of", "does", "do", "would",
    "will", "reach", "reaches", "target", "targets", "hit", "hits", "cover", "covers", "get", "gets", "receive",
    "receives", "in", "are", "there", "be", "total", "who", "qualify", "qualifies", "eligible", "right", "currently",
    "roughly", "about", "approximately", "exactly", "message", "messages", "send", "sends", "to", "we", "you", "can",
    "with", "all", "end", "up", "s", "email", "emails", "push", "pushes", "sms", "notification", "notifications",
    "nudge", "holdout", "held", "out", "back", "day", "daily", "week", "per", "a", "go", "going", "sent",
}
_OVERLAP = re.compile(
    r"\b(?:overlap(?:s|ping)?|collide|collides|compete|competes|clash(?:es)?|conflict(?:s)?|in common|"
    r"share(?:s)? (?:users|people|an audience|its audience))\b",
    re.IGNORECASE,
)
_OTHERS = re.compile(r"\b(?:anything|any other|other (?:rules|programs)|running|live|active|existing)\b", re.IGNORECASE)
_CHANGES = re.compile(
    r"^\s*(?:(?:so|ok|okay|and|now|remind me)\s*,?\s*)*(?:"
    r"what(?:'s| has| have)? (?:changed|we changed|i changed|you changed)|"
    r"what (?:did|have) (?:we|i|you) (?:change|changed)(?: so far)?|"
    r"what(?:'s|s| is) (?:different|new)(?: (?:now|so far|since the first draft))?|"
    r"(?:show|list|give)(?: me)? (?:the |all |my |our )?(?:changes|edits)|"
    r"what (?:changes|edits) (?:did|have) (?:we|i|you) (?:made|make)"
    r")(?: (?:so far|to it|to the draft|since the start|since the first draft|in (?:it|the draft)))?\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_UNDO = re.compile(
    r"^\s*(?:(?:ok|okay|actually|no|hmm|wait|oops|sorry|please)\s*,?\s*)*(?:"
    r"undo(?: (?:that|this|it|the last (?:change|edit|one)|my last (?:change|edit)))?|"
    r"(?:revert|roll back|rollback|take back|reverse)(?: (?:that|this|it|the last (?:change|edit)|my last (?:change|edit)))|"
    r"go back(?: to (?:the |how it was|what it was|the previous (?:draft|version)|before))?(?: (?:draft|version))?|"
    r"put it back(?: (?:the way|how) it was)?|never ?mind(?: that| the last (?:change|one))?"
    r")(?:,?\s*(?:please|thanks))?\s*[.!]*\s*$",
    re.IGNORECASE,
)


def _words(message: str) -> list[str]:
    """Return the message's words, lowercased, contractions kept whole ("what's")."""
    return re.findall(r"[a-z]+(?:'[a-z]+)?", message.lower())


# "why is France so small?", "why are there so few Android users?", "why is iOS so big in it?"
_WHY_SIZE = re.compile(
    r"^\s*(?:(?:so|but|hmm|ok|okay|and)\s*,?\s*)*why (?:is|are|does|do|has|have) (?:there\s+)?(?:so\s+(?:few|many)\s+)?"
    r"(?:the\s+)?(?:number of\s+|share of\s+)?(?:users\s+(?:in|from|on)\s+|people\s+(?:in|from|on)\s+)?(?P<what>.+?)"
    r"(?:\s+(?:users|people|ones))?(?:\s+(?:so|that|this|such an?)\s*(?:small|low|big|large|high|tiny|little|huge|few|many)"
    r"(?:\s+(?:a\s+)?(?:share|slice|segment|group|number|part))?|\s+(?:under|over)-?represented)"
    r"(?:\s+(?:in\s+(?:it|this|that|the audience|the draft)|here|there))?\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_WHY_FEW = re.compile(
    r"^\s*(?:(?:so|but|hmm|ok|okay|and)\s*,?\s*)*why (?:are|is) there (?:so|that|such) (?:few|many|little|much) "
    r"(?:users\s+(?:in|from|on)\s+|people\s+(?:in|from|on)\s+)?(?P<what>.+?)(?:\s+(?:users|people))?"
    r"(?:\s+(?:in\s+(?:it|this|that|the audience|the draft)|here|there))?\s*[?.!]*\s*$",
    re.IGNORECASE,
)
# "why so few?", "why is it so small?", "why is the audience that big?", "what's cutting it down?", "which condition
# removes the most people?": the draft's own size, condition by condition (a value named is a breakdown instead)
_SMALL_BIG = r"(?:small|low|big|large|high|tiny|little|huge|few|many|narrow|broad|wide)"
_WHY_THIS_SIZE = re.compile(
    r"^\s*(?:(?:so|but|hmm|ok|okay|and|wow|huh)\s*,?\s*)*(?:"
    rf"why (?:(?:is|are|does|do)\s+(?:it|this|that|they|the (?:audience|draft|rule|segment|numbers?))\s+)?(?:so|that|this)\s+{_SMALL_BIG}"
    rf"(?:\s+(?:people|users|of them|an? (?:audience|number)))?|why (?:is|are) there (?:so|that) (?:few|many)(?: (?:people|users))?|"
    r"what(?:'s| is) (?:cutting|narrowing|shrinking|limiting) (?:it|this|that|the audience|them)(?: down)?|"
    r"(?:which|what) (?:condition|filter|rule|part|criteri(?:on|a))\s+(?:is\s+)?(?:removes?|removing|cuts?|cutting|drops?|dropping|"
    r"filters?|filtering|excludes?|excluding|knocks? out|takes? out)\s+(?:out\s+)?(?:the )?most(?: (?:people|users))?(?: out)?|"
    r"where (?:do|did) (?:all )?(?:the )?(?:people|users) (?:go|drop off|fall off)"
    r")(?:\s+(?:in\s+)?(?:it|this|that|the audience|the draft|here))?\s*[?.!]*\s*$",
    re.IGNORECASE,
)
# "how many of them are on iOS?", "how many of those users are in France?": one value of the draft's audience
_HOW_MANY_OF = re.compile(
    r"^\s*(?:(?:so|and|ok|okay)\s*,?\s*)*how many of (?:them|those|these|the audience|its audience|the (?:people|users)(?: in it)?)"
    r"(?:\s+(?:users|people))?\s+(?:are|is|live|come|use)\s+(?:on|in|from|using)?\s*(?P<what>.+?)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
# "show me a few users in it", "who's in it?", "give me some example users"
_SAMPLE = re.compile(
    r"^\s*(?:(?:so|and|ok|okay|can you|could you)\s*,?\s*)*(?:(?:show|give|list)(?: me)? (?:a few|some|a sample of|sample|example|"
    r"a couple of)\s+(?:example\s+)?(?:users|people|members|user ids)(?: (?:in|from|of) (?:it|this|that|the audience|the draft))?|"
    r"who(?:'s| is| are)(?: actually)? in (?:it|this|that|the audience|the draft))\s*[?.!]*\s*$",
    re.IGNORECASE,
)
# "how does it split by country?", "break it down by platform", "what's the country split?"
_SPLIT_BY = re.compile(
    r"^\s*(?:(?:so|ok|okay|and|now)\s*,?\s*)*(?:how (?:does|do|is|are) (?:it|this|that|they|the audience) (?:split|broken down|"
    r"break down|divided|spread)(?: up)? (?:by|across|over) (?P<a>.+?)|break (?:it|this|that|them|the audience) (?:down|up) by (?P<b>.+?)|"
    r"what(?:'s| is) the (?P<c>.+?) (?:split|breakdown|mix)(?: (?:of|in) (?:it|this|that|the audience))?)\s*[?.!]*\s*$",
    re.IGNORECASE,
)


def _value_of(phrase: str, catalog: Catalog) -> tuple[str, str] | None:
    """Return the (trait, value) of an enum value a phrase names ("France" -> country FR, "iOS" -> device_os ios)."""
    said = re.sub(r"^(?:the|users? (?:in|from|on)|people (?:in|from|on))\s+", "", phrase.strip().lower())
    for trait in catalog.traits:
        for value in trait.values or []:
            names = {value.lower(), *(n.lower() for n in trait.value_synonyms.get(value, [])), *country_names(value)[1:]}
            if said in names:
                return trait.name, value
    return None


def _trait_of(phrase: str, catalog: Catalog) -> str | None:
    """Return the trait a phrase names, by its name or a synonym ("platform" -> device_os)."""
    said = re.sub(r"^(?:the|their|its)\s+", "", phrase.strip().lower())
    return next((t.name for t in catalog.traits if said in {t.name, t.name.replace("_", " "), *t.synonyms}), None)


def asks_about_draft(message: str, catalog: Catalog | None = None) -> DraftQuestion | None:
    """Return which question about the draft on the table a message asks, or None when it asks none; with the
    catalog, "why is France so small?" and "how does it split by platform?" name what to break it down by."""
    if _CHANGES.match(message):
        return DraftQuestion(kind="changes")
    if _OVERLAP.search(message) and (_DRAFT.search(message) or _OTHERS.search(message)):
        return DraftQuestion(kind="overlap")
    words = _words(message)
    if _SIZE_OPENING.match(message) and _DRAFT.search(message) and set(words) <= _SIZE_WORDS:
        return DraftQuestion(kind="size")
    if _SAMPLE.match(message):
        return DraftQuestion(kind="sample")
    m = _WHY_FEW.match(message) or _WHY_SIZE.match(message) or _HOW_MANY_OF.match(message)
    if catalog is not None and m is not None and (named := _value_of(m["what"], catalog)):
        return DraftQuestion(kind="breakdown", trait=named[0], value=named[1])
    if _WHY_THIS_SIZE.match(message):
        return DraftQuestion(kind="narrowing")
    if catalog is not None and (m := _SPLIT_BY.match(message)):
        trait = _trait_of(next(g for g in m.groups() if g is not None), catalog)
        return DraftQuestion(kind="breakdown", trait=trait) if trait else None
    return None


def reads_as_undo(message: str) -> bool:
    """Return True when a message takes back the last change to the draft ("undo that", "go back")."""
    return _UNDO.match(message) is not None


# "what changed in trial_policy?", "what's different about the upgrade nudge v2?", "what did maya change in X?",
# "how does the new upgrade nudge differ?", "diff trial_policy": a reviewer asking about a rule in the registry
_RULE_CHANGES = re.compile(
    r"^\s*(?:(?:so|ok|okay|and|now|hi|hey)\s*,?\s*)*(?:"
    r"what(?:'s|s| has| have| is)? (?:changed|different|new) (?:in|on|for|with|about|between)\s+(?P<a>.+?)|"
    r"what (?:did|does|do) (?:\w+ )?(?:change|propose|want to change) (?:in|for|to|about)\s+(?P<b>.+?)|"
    r"what changes (?:does|did|would) (?P<c>.+?) (?:make|bring|have)|"
    r"how (?:is|does|do) (?P<d>.+?) (?:differ|different|change)(?: from (?:the )?(?:running|live|active|current|approved) (?:one|version))?|"
    r"(?:show(?: me)? (?:the )?)?(?:diff|changes)(?: (?:of|for|in))? (?P<e>.+?)"
    r")\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_NAME_NOISE = re.compile(
    r"^(?:the|a|our)\s+|^(?:(?:new|latest|proposed|pending|updated)\s+)?(?:version|proposal|draft)\s+(?:of|for)\s+(?:the\s+)?|"
    r"^(?:new|latest|proposed|pending|updated)\s+|'s$|\s+v\d+$|\s+version\s+\d+$|\s+(?:proposal|draft|change|changes)$",
    re.IGNORECASE,
)
_KIND_WORD = re.compile(r"[\s_-]+(?:rule|policy|program|campaign|flow|journey)$", re.IGNORECASE)


def asks_rule_changes(message: str) -> str | None:
    """Return the name a message asks what changed in ("what changed in trial_policy?"), else None."""
    m = _RULE_CHANGES.match(message)
    if m is None:
        return None
    return next(g for g in m.groups() if g is not None)


def rule_named(name: str, ids: list[str]) -> str | None:
    """Return the id among `ids` a name says ("the trial policy", "upgrade nudge v2", "trial_policy"), else None."""
    text = name.strip()
    for _ in range(3):  # "the latest version of the upgrade nudge's" peels in turns
        text = _NAME_NOISE.sub("", text).strip()
    for candidate in (text, _KIND_WORD.sub("", text)):
        slug = re.sub(r"[\s-]+", "_", candidate.lower())
        if slug in ids:
            return slug
    return _loosely_named(_KIND_WORD.sub("", text), ids)


def _loosely_named(text: str, ids: list[str]) -> str | None:
    """Return the one id every word of a short name is a word of ("the nudge": upgrade_nudge), else None (no id,
    or two: "the upgrade" names upgrade_nudge and upgrade_messaging alike)."""
    words = set(re.split(r"[\s_-]+", text.lower())) - {""}
    if not words or len(words) > 3:
        return None
    matches = [i for i in ids if words <= set(i.lower().split("_"))]
    return matches[0] if len(matches) == 1 else None
