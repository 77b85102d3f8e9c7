"""Read a support question: what moved (tickets, CSAT, resolution time), which ticket reasons, who to compare.

"Why did support tickets spike last week?", "CSAT dropped on Android, why?", "Which acquisition source is
behind the rise in bug tickets?" ask about support load, not a funnel. The subject is a support noun
(tickets, complaints, contacts, CSAT, satisfaction, resolution time) or an event the catalog records with a
ticket reason or a CSAT score; the reasons are the catalog's values of that property, as the lexicon reads
them ("billing", "workout content"). A word said as a kind of ticket that no reason records ("refund
tickets") is refused by name with the reasons that are recorded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.catalog_planner.debug_cues import ASKS_WHY, reads_as_debug, reports_movement
from agent.catalog_planner.debug_metric import debug_metric
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.text import Token, normalize, tokenize
from agent.types import Refusal, SupportAsk, SupportMeasure
from tools.support import REASON_PROPERTY, catalog_reasons
from warehouse.catalog import Catalog

_CSAT = r"csat|satisfaction|support ratings?|ratings? of support|happiness score"
_RESOLUTION = (r"resolution(?: times?| hours| speed)?|time to (?:resolve|resolution|close)|hours to resolve|"
               r"(?:slower|longer|faster) to resolve|resolv\w* (?:slower|more slowly|faster)|"
               r"(?:slower|faster) (?:resolution|support|replies|responses)|response times?|resolve times?|"
               r"backlog|taking longer to resolve")
_TICKETS = (r"(?:support |help ?desk |customer )?(?:tickets?|complaints?|contacts?|cases)|ticket volume|support volume|"
            r"support load|support requests?|contacting support|contacted support|contact rate|help ?desk|"
            r"complain\w*|(?:reach\w*|reached) out to support|fil\w+ (?:a )?tickets?")
SUBJECT = re.compile(rf"\b(?:{_CSAT}|{_RESOLUTION}|{_TICKETS})\b")
# "which source is behind the rise", "what's driving the ticket volume", "who accounts for the complaints"
_BEHIND = re.compile(r"\b(?:behind|driv(?:e|es|ing)|drove|caus(?:e|es|ed|ing)|responsible for|accounts? for|"
                     r"explains?|contribut\w*|(?:coming|come|comes|came) from)\b")
# "the rise in billing tickets", "a spike of complaints": a movement said as a noun
_MOVED_NOUN = re.compile(r"\b(?:rise|spike|jump|surge|increase|growth|drop|dip|decline|fall|uptick|wave|flood)s?\s+(?:in|of)\b")
# A kind of ticket: the word before a support noun ("refund tickets", "login complaints")
_ALL_KINDS = frozenset({"trait", "value", "event", "property_value", "metric", "dimension"})
_KIND_OF = re.compile(r"\b([a-z][a-z-]{2,})\s+(?:tickets?|complaints?|issues?|requests?|contacts?|cases)\b")
_NOT_A_KIND = frozenset({
    "support", "customer", "customers", "the", "our", "new", "open", "opened", "more", "fewer", "many", "few", "total",
    "all", "recent", "weekly", "daily", "monthly", "ticket", "user", "users", "help", "desk", "these", "those", "any",
    "some", "which", "what", "why", "did", "are", "were", "was", "high", "higher", "low", "lower", "number", "unresolved",
    "resolved", "closed", "incoming", "of", "and", "for", "with", "from", "had", "has", "have", "got", "get", "see",
    "seeing", "their", "your", "raised", "filed", "other", "such", "similar", "own", "app", "product", "related",
    "most", "less", "much", "lot", "lots", "spike", "rise", "surge", "jump", "drop", "volume", "created",
})


def measure_of(text: str) -> SupportMeasure:
    """Return what the question says moved: CSAT, resolution time, or (by default) tickets."""
    if re.search(rf"\b(?:{_CSAT})\b", text):
        return "csat"
    if re.search(rf"\b(?:{_RESOLUTION})\b", text):
        return "resolution"
    return "tickets"


# Words that make a support mention describe people: "people with billing tickets", "who contacted support"
_GROUP_MARK = re.compile(r"\b(?:with|who|whose|that|having|had|have|without)\s+(?:[\w-]+\s+){0,2}$")


def describes_people(text: str, lexicon: Lexicon, catalog: Catalog) -> bool:
    """Return True when every support mention describes a group ("people with billing tickets are cancelling
    more") and an outcome a metric's funnel measures is what moved: that is the funnel's question, about them."""
    mentions = list(SUBJECT.finditer(text))
    if not mentions or not all(_GROUP_MARK.search(text[: m.start()]) for m in mentions):
        return False
    return debug_metric(tokenize(text), lexicon, catalog) is not None


def asks_about_support(text: str, lexicon: Lexicon, catalog: Catalog) -> bool:
    """Return True when normalised text asks why support load moved, or which group is behind it."""
    if not _names_support(text, lexicon, catalog) or describes_people(text, lexicon, catalog):
        return False
    if reads_as_debug(text):
        return True
    moved = (bool(ASKS_WHY.search(text)) or reports_movement(text) or bool(_MOVED_NOUN.search(text))
             or bool(re.search(r"\b(?:more|fewer)\b", text)))
    return bool(_BEHIND.search(text)) and (moved or text.lstrip().startswith(("which", "who", "what")))


# "account issues", "bug reports": a ticket reason with a word for what people raise
_RAISED = re.compile(r"\b(?:issues?|problems?|reports?|requests?)\b")


def _names_support(text: str, lexicon: Lexicon, catalog: Catalog) -> bool:
    if SUBJECT.search(text):
        return True
    if _RAISED.search(text) and named_reasons(tokenize(text), lexicon):
        return True
    events = {e.name for e in catalog.events if {REASON_PROPERTY, "csat_score"} & set(e.properties)}
    return any(e.kind == "event" and e.name in events for m in lexicon.match(tokenize(text), kinds={"event"})
               for e in m.entries)


def named_reasons(tokens: Sequence[Token], lexicon: Lexicon) -> list[str]:
    """Return the ticket reasons the prompt names, as the catalog spells them ("billing", "workout_content")."""
    found = [e.value for m in lexicon.match(tokens, kinds={"property_value"}) for e in m.entries
             if e.prop == REASON_PROPERTY and e.value is not None]
    return list(dict.fromkeys(found))


def unrecorded_kinds(text: str, lexicon: Lexicon, catalog: Catalog) -> list[str]:
    """Return the words said as a kind of ticket that no catalog word or reason reads ("refund tickets")."""
    tokens = tokenize(text)
    # a word inside a longer catalog phrase ("content" of "workout content") is that phrase's
    known = {t.text for m in lexicon.match(tokens, kinds=_ALL_KINDS) for t in tokens[m.first : m.last + 1]}
    out: list[str] = []
    for found in _KIND_OF.finditer(text):
        word = found[1]
        if word in _NOT_A_KIND or word in known or word.endswith(("ing", "ed", "ly")):
            continue
        out.append(word)
    return out


def unrecorded_reason_refusal(words: list[str], catalog: Catalog) -> Refusal:
    """Refuse a question about a kind of ticket no reason records, naming the recorded reasons."""
    reasons = catalog_reasons(catalog)
    said = ", ".join(f"'{w}'" for w in words)
    return Refusal(
        reason=f"No ticket reason {said} is recorded: tickets carry one of {', '.join(reasons)}. Ask about one of those, "
               "or about all tickets.",
        unmatched_phrases=words, suggestions=reasons,
    )


def support_ask(text: str, tokens: Sequence[Token], lexicon: Lexicon) -> SupportAsk:
    """Return the measure and the reasons a support question names."""
    return SupportAsk(measure=measure_of(text), reasons=named_reasons(tokens, lexicon))


def without_subject(text: str) -> str:
    """Return the text without its support words, so the scope reader does not take 'CSAT' or 'tickets' for a
    trait to filter by."""
    return normalize(SUBJECT.sub(" ", text))
