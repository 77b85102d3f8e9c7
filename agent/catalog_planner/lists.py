"""Split a decision prompt into its head (scope), its enumerated items in priority order, and its tail.

Understood forms: "(1) a (2) b", "1) a 2) b", "1. a 2. b", "#1 a #2 b", "(a) x (b) y", "(i) x (ii) y",
bullets on new lines ("- a",
"* a", "• a"), "first a, then b, finally c", and "prioritize a over b".
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from agent.catalog_planner.trailing_ordinals import placed_items


@dataclass
class Enumeration:
    head: str
    items: list[str] = field(default_factory=list)
    tail: str = ""
    explicit: bool = False  # numbered or bulleted: the prompt's own structure, which no other reading beats


_NUMBERED = re.compile(r"(?:(?<=\s)|^)(?:\(|#)?(\d{1,2})(?:\)|\.(?!\d)|:)?(?=\s)")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+(.+)$", re.MULTILINE)
# Ordinals and "last"/"next" mark a step only standing alone ("second, ...", "last:"), never inside a
# condition ("a second workout", "in the last 3 days", "next week").
_SEQUENCE = re.compile(
    r"\b((?<!their )(?<!the )(?<!a )(?<!your )(?<!our )(?<!its )(?<!his )(?<!her )first(?:ly)?(?:\s+priority(?=\s*[,:]))?|"
    r"then|next(?=\s*[,:])|(?:(?:and\s+)?only\s+)?(?:after|once)\s+(?:that|those|both)(?:\s+(?:is|are)\s+(?:done|finished|over|complete))?|second(?:ly)?(?:\s+priority)?(?=\s*[,:])|third(?:ly)?(?:\s+priority)?(?=\s*[,:])|"
    r"finally|lastly|(?<!the )last(?:\s+priority)?(?=\s*[,:]))\b\s*[,:]?\s*",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z])|\n")


def _cut_tail(last: str) -> tuple[str, str]:
    """Split the last item from the sentence that follows it ("upgrade messaging. Write the ...")."""
    m = _SENTENCE_END.search(last)
    return (last[: m.start()], last[m.end() :]) if m else (last.rstrip(" ."), "")


def _numbered(prompt: str) -> Enumeration | None:
    marks = [m for m in _NUMBERED.finditer(prompt) if m.group(0) != m.group(1) or m.group(1) == "1"]
    run: list[re.Match[str]] = []
    for m in marks:
        if int(m.group(1)) == len(run) + 1 and (m.group(0) != m.group(1)):
            run.append(m)
    if len(run) < 2:
        return None
    items = [prompt[a.end() : b.start()] for a, b in itertools.pairwise(run)]
    last, tail = _cut_tail(prompt[run[-1].end() :])
    return Enumeration(prompt[: run[0].start()], [*items, last], tail)


_LETTERED = re.compile(r"(?:(?<=\s)|^)\(?([a-h]|i{1,3}|iv|vi{0,3})\)(?=\s)", re.IGNORECASE)
_LETTER_RUNS = ("abcdefgh", ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"])


def _lettered(prompt: str) -> Enumeration | None:
    """Read "(a) … (b) … (c) …", "a) … b) …" and "(i) … (ii) …" as a numbered list."""
    marks = list(_LETTERED.finditer(prompt))
    for labels in _LETTER_RUNS:
        run: list[re.Match[str]] = []
        for m in marks:
            if len(run) < len(labels) and m.group(1).lower() == labels[len(run)]:
                run.append(m)
        if len(run) >= 2:
            items = [prompt[a.end() : b.start()] for a, b in itertools.pairwise(run)]
            last, tail = _cut_tail(prompt[run[-1].end() :])
            return Enumeration(prompt[: run[0].start()], [*items, last], tail)
    return None


def _bullets(prompt: str) -> Enumeration | None:
    found = list(_BULLET.finditer(prompt))
    if len(found) < 2:
        return None
    return Enumeration(prompt[: found[0].start()], [m.group(1) for m in found], prompt[found[-1].end() :])


_LEADING_SCOPE = re.compile(r"^\s*(?:for|among|within|across)\s+[^,:]+,\s*", re.IGNORECASE)


_PLACED_HEAD = re.compile(r"\s+(?:should\s+|must\s+)?(?:come|comes|go|goes|is|are|be|rank|ranks)\s*$", re.IGNORECASE)


def _sequence(prompt: str) -> Enumeration | None:
    marks = list(_SEQUENCE.finditer(prompt))
    if len(marks) < 2 or not marks[0].group(1).lower().startswith("first"):
        return None
    items = [prompt[a.end() : b.start()] for a, b in itertools.pairwise(marks)]
    last, tail = _cut_tail(prompt[marks[-1].end() :])
    last, colon, said = last.partition(": ")
    if colon:
        # "New users first, then trial users: A for new users, B for trial users": what follows the colon says
        # what each gets, read with the tail
        tail = f"{said}. {tail}".strip(" .")
    head = prompt[: marks[0].start()]
    placed = _PLACED_HEAD.search(head)
    if placed and items[0].strip(" ,;:") and not re.search(r"[.!?:]", head):
        # "Lapsed subscribers come first with the win-back email, then …": the people placed are the first
        # item's, not every item's scope
        head, items[0] = "", f"{head[: placed.start()]} {items[0].strip()}"
    if not items[0].strip(" ,;:") and not re.search(r"[.!?:]", head):
        # "Send the win-back email first, then …" opening the prompt: "first" follows its item (after other
        # sentences, "At-risk comes first, then trial" ranks programs named before, read by the program reader)
        head, items[0] = "", head
        scope = _LEADING_SCOPE.match(items[0])
        if scope and items[0][scope.end() :].strip():
            # "For trial users, the check-in first, then …": the people are every item's scope
            head, items[0] = scope.group(0), items[0][scope.end() :]
    return Enumeration(head, [*_short_parts(items), last], tail)


def _short_parts(items: list[str]) -> list[str]:
    """Split a step that is a comma list of short goals ("first: second workout, support issues, then ...")."""
    out: list[str] = []
    for item in items:
        parts = [p.strip(" :") for p in item.split(",") if p.strip(" :")]
        short = len(parts) > 1 and all(len(p.split()) <= 4 for p in parts)
        out += parts if short else [item]
    return out


def _over(prompt: str) -> Enumeration | None:
    m = re.search(r"\bprioriti[sz]e\s+(.+?)\s+over\s+(.+)", prompt, re.IGNORECASE)
    if not m:
        return None
    last, tail = _cut_tail(m.group(2))
    if ":" in last:  # "prioritize A over B: users who ..." — what follows the colon explains the pair
        last, _, rest = last.partition(":")
        tail = f"{rest}. {tail}"
    if not re.search(r"\s(?:for|among)\s", m.group(1)):
        # the first item has no audience of its own: the scope is shared
        last, tail = _shared_scope(last, tail)
    return Enumeration(prompt[: m.start()], [m.group(1), last], tail)


def _shared_scope(last: str, tail: str) -> tuple[str, str]:
    """Move a trailing "for trial users" off the last item into the tail: in "A over B for trial users"
    the scope is shared by every item."""
    scope = re.search(r"\s+(?:for|among)\s+(.+)$", last)
    return (last[: scope.start()], f"{scope.group(0)}. {tail}") if scope else (last, tail)


# "Rank: save offer (at-risk users) > upgrade offer (trial users) > welcome series (new users)"
_ARROWS = re.compile(r"\s*(?:>+|->|\u2192|=>)\s*")
_COMPARED = re.compile(r"(?:\b(?:with|than|is|are|has|have|of|at|was|were)|\d)\s*$", re.IGNORECASE)
_COMPARED_TO = re.compile(r"^\s*(?:[\d=]|(?:more|less|fewer)\b)", re.IGNORECASE)
_ARROW_LEAD = re.compile(
    r"^\s*(?:(?:the\s+)?(?:priority\s+)?order(?:\s+is)?|ranking|rank|priorit(?:y|ies)|prioriti[sz]e)\s*[:=-]\s*",
    re.IGNORECASE,
)


def _arrows(prompt: str) -> Enumeration | None:
    """Read a first sentence of items joined by ">" (or an arrow), highest first."""
    first, _, tail = prompt.strip().partition(". ")
    lead = _ARROW_LEAD.match(first)
    head = first[: lead.end()] if lead else ""
    parts = _ARROWS.split(first[len(head) :].strip(" ."))
    if any(_COMPARED.search(a) or _COMPARED_TO.match(b) for a, b in itertools.pairwise(parts)):
        return None  # "users with workouts > 3", "more than 2 -> 5": a comparison, not a ranking
    return Enumeration(head, parts, tail) if len(parts) >= 2 else None


def _placed(prompt: str) -> Enumeration | None:
    """Read "For new users: A first, B second, C third" (`trailing_ordinals.py`)."""
    found = placed_items(prompt)
    return Enumeration(found.head, found.items, found.tail) if found else None


def split_enumeration(prompt: str) -> Enumeration | None:
    """Return the prompt's enumerated items (cleaned of separators), or None when it lists nothing."""
    for reader in (_numbered, _lettered, _bullets, _placed, _arrows, _sequence, _over):
        found = reader(prompt)
        if found is not None:
            items = [
                re.sub(r"^[\s,;:]+|[\s,;:.]+$|(?:[,;]\s*)?\band\s*$", "", i).strip() for i in found.items
            ]
            items = [i for i in items if i]
            if len(items) >= 2:
                explicit = reader in (_numbered, _lettered, _bullets)
                return Enumeration(found.head.strip(" :,"), items, found.tail.strip(), explicit)
    return None


def split_alternatives(prompt: str) -> Enumeration:
    """Read an unnumbered decision prompt: "both A and B", "...: A, or B", "A vs B"; else one item."""
    both = re.search(
        r"\b(?:both|between)\s+(?:the\s+)?(.+?)\s+and\s+(?:the\s+)?(.+?)(?:[?.!]|$)", prompt, re.IGNORECASE
    )
    if both:
        last, tail = _shared_scope(both.group(2), prompt[both.end() :])
        return Enumeration(prompt[: both.start()].strip(), [both.group(1), last], tail.strip())
    head, colon, body = prompt.partition(":")
    if not colon:
        head, body = "", prompt
    body, tail = _cut_tail(body)
    parts = _parts(body)
    if len(parts) >= 3 and re.match(r"^(?:for|among)\s", parts[0], re.IGNORECASE):
        # "For annual subscribers, a comeback push or a renewal reminder?": the first part is the scope
        head, parts = f"{head} {parts[0]}".strip(), parts[1:]
    if len(parts) >= 2:
        return Enumeration(head.strip(), parts, tail.strip())
    if colon and len(_parts(head)) >= 2:  # "High-intent users vs at-risk users: which goes first?"
        return Enumeration("", _parts(head), f"{body}. {tail}".strip(" ."))
    return Enumeration("", [prompt.strip()])


_LAST_AND = re.compile(r"\s+and\s+(?=(?:a|an|the|our)\s+[\w-]+(?:\s+[\w-]+){0,3}\s+(?:for|to)\s)", re.IGNORECASE)


def _parts(text: str) -> list[str]:
    # "…, a feature education email and a support check-in for anyone with …": "and" before an article-led
    # program with its own people starts the next item (a list's last item without the Oxford comma)
    pieces = re.split(r",\s*(?:or|and|then)\s+|,\s*|\s+(?:or|vs\.?|versus|against|then)\s+", text)
    if len(pieces) >= 2:
        pieces = [pieces[0], *(p for piece in pieces[1:] for p in _LAST_AND.split(piece))]
    return [p.strip(" ,.") for p in pieces if p.strip(" ,.")]
