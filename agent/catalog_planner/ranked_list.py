"""Read programs listed in prose and ranked by a later sentence: "For trial users we run upgrade messaging,
second workout help and support outreach. Support first, then the second workout, upgrades last."

The list is the comma/"and" list of a sentence (after its colon, "between" or "we run/have/want"); the
ranking sentence names each ranked item by a word of it (`rank_sequence.py`). The list's sentence before
the list, and the other sentences, are the head and tail the scope and guards are read from.
"""

from __future__ import annotations

import functools
import re

from agent.catalog_planner.lists import Enumeration
from agent.catalog_planner.program_labels import same_label
from agent.catalog_planner.programs import framed_people
from agent.catalog_planner.rank_sentences import apply_rank_sentences, ranks_one_item
from agent.catalog_planner.rank_sequence import reorder, sequence_order

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_LIST_START = re.compile(
    r"^(?P<head>.*?)(?::\s*|\bbetween\s+(?:the\s+)?|\b(?:we|i)\s+(?:currently\s+|also\s+)?(?:run|have|send|do|want|need|"
    r"offer|plan|are running|'re running|are planning)\s+(?:(?:three|two|four|these|the following)\s+(?:programs?|"
    r"campaigns?|things?)\s*:?\s*)?)(?P<list>.+)$",
    re.IGNORECASE,
)
# "Our programs for new members are a welcome series, a nudge and an invite"
_ARE_LIST = re.compile(
    r"^(?P<head>.*\b(?:programs?|campaigns?|journeys?|flows?|options|plays)\b.*?)\s+(?:are|include|would be)\s+"
    r"(?P<list>(?:an?|the|our)\s.+)$",
    re.IGNORECASE,
)
# "we have a win-back discount" after a colon: the framing and the article are not the item's name
_ITEM_LEAD = re.compile(
    r"^\s*(?:(?:we|i)\s+(?:currently\s+|also\s+)?(?:run|have|send|do|want|need|offer|plan)\s+(?:(?:an?|the|our)\s+)?|"
    r"(?:an?|the|our)\s+)",
    re.IGNORECASE,
)
_ITEM_SPLIT = re.compile(r"\s*,\s*(?:and|or)\s+|\s*,\s*|\s+(?:and|or)\s+", re.IGNORECASE)
_MAX_ITEM_WORDS = 6
_SHARED_SCOPE = re.compile(r"\s+(?:for|among)\s+.+$", re.IGNORECASE)
_HEAD_PEOPLE = re.compile(
    r"\b(?:for|among|to)\s+(?:all\s+|our\s+)?(?:[\w-]+\s+){0,3}?(?:users|people|customers|members|subscribers|"
    r"signups|trials|trialists)\b",
    re.IGNORECASE,
)


def _split_list(sentence: str) -> tuple[str, str] | None:
    """Return (introduction, list) of a sentence: after its colon when the words before it introduce
    ("We have three programs competing for paying members: A, B and C"), else after "between"/"we run"."""
    text = sentence.strip(" .!?")
    head, colon, rest = text.partition(":")
    if colon and rest.strip() and "," not in head and _ITEM_SPLIT.search(rest):
        return framed_people(head) or head, rest
    m = _ARE_LIST.match(text) or _LIST_START.match(text)
    return (framed_people(m["head"]) or m["head"], m["list"]) if m else None


def _listed(sentence: str) -> tuple[str, list[str]] | None:
    """Return the words before a sentence's list and its items, or None when it lists fewer than two."""
    split = _split_list(sentence)
    if split is None:
        return None
    items = [_ITEM_LEAD.sub("", i).strip(" .") for i in _ITEM_SPLIT.split(split[1]) if i.strip(" .")]
    items = [i for i in items if i]
    head = split[0].strip(" ,:")
    if sum(bool(_SHARED_SCOPE.search(i)) for i in items) > 1:
        return None  # "A for X, B for Y": programs with their own audiences, which the program reader reads
    shared = _SHARED_SCOPE.search(items[-1]) if items else None
    if shared and not _HEAD_PEOPLE.search(head):
        # "between A, B and C for trial users": the people are every item's; after "competing for paying
        # members: A, B and C for people who stopped working out" the introduction said whose they all are
        items[-1], head = items[-1][: shared.start()], f"{head} {shared.group(0).strip()}"
    if len(items) < 2 or any(len(_SHARED_SCOPE.sub("", i).split()) > _MAX_ITEM_WORDS for i in items):
        return None
    return head, items


def _naming(part: str, items: list[str]) -> list[int]:
    return [k for k, item in enumerate(items) if same_label(part, item)]


def ranked_listing(text: str) -> Enumeration | None:
    """Return the items a prose list names, in the order a later sentence ranks them, or None."""
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    for i, sentence in enumerate(sentences):
        listed = _listed(sentence)
        if listed is None:
            continue
        head, items = listed
        for j in range(i + 1, len(sentences)):
            named = sequence_order(sentences[j], len(items), functools.partial(_naming, items=items))
            if named is None or len(named.order) < 2:
                continue
            others = [s for k, s in enumerate(sentences) if k not in (i, j)]
            ordered = [items[k] for k in reorder(items, named)]
            return Enumeration(head, ordered, " ".join(others), explicit=False)
        if any(ranks_one_item(later, items) for later in sentences[i + 1 :]):
            # "… a streak celebration and a referral ask. The referral ask goes first.": one item moved
            rest = " ".join(s for k, s in enumerate(sentences) if k != i)
            return apply_rank_sentences(Enumeration(head, items, rest, explicit=False))
    return None
