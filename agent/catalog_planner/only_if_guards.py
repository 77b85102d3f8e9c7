"""Read a program's condition said after it ("Send the save offer first, but only if they have no open ticket",
"win-back email for lapsed users, only if they have push enabled", "the streak saver first and only for people with
push enabled") as that program's people: "… for lapsed users who have push enabled". Left as said, the condition was read as a program of its own ('but_open_ticket' was
drafted, and the program it narrowed was lost or ranked below it)."""

from __future__ import annotations

import re

# the condition, up to the end of its clause ("…; then the survey", ". Then …", ", then …")
_ONLY_IF = re.compile(
    r"\s*,?\s*(?:(?:but|and)\s+)?only\s+(?:(?:if|when|while)\s+(?:they|the user|the person|a user|users|someone)\s+(?P<who>)|"
    # "… and only for people with push enabled": the people said after the program
    r"(?:for|to)\s+(?:people|users|those|anyone|customers|members)\s+(?P<rel>with|who|that|on|in|from|whose)\s+)"
    r"(?P<clause>(?:(?!\bthen\b)[^,.;!?\n])+?)(?=\s*(?:[,.;!?\n]|$|\s(?:and\s+)?then\b))",
    re.IGNORECASE,
)
_PEOPLE = r"(?:users|people|customers|members|subscribers|signups|sign-ups|trialists|trials|folks|lapsers)"
# the start of the clause the condition closes: a sentence or clause boundary, or a list marker
_CLAUSE_START = re.compile(r"(?:[.;!?\n:]|,\s*then\b|\bthen\b|^)(?![\s\S]*(?:[.;!?\n:]|,\s*then\b|\bthen\b))")
_PLACE = re.compile(r"\s+(?:first|second|third|fourth|last|next)\s*$", re.IGNORECASE)
# "for lapsed users", "to at-risk users" ending the clause (maybe before its place): the people the condition joins
_PEOPLE_END = re.compile(rf"\b{_PEOPLE}\s*$", re.IGNORECASE)


def with_only_if_people(text: str) -> str:
    """Return the text with each "(but) only if they <condition>" after a program moved into its people."""
    out: list[str] = []
    done = 0
    for m in _ONLY_IF.finditer(text):
        if m["rel"] is not None and not re.match(r"\s*(?:,|(?:but|and)\b)", m.group(0), re.IGNORECASE):
            continue  # "the workout tips only for users who …" names its program: `named_guards.py` reads it
        before = text[done : m.start()]
        start = _CLAUSE_START.search(before)
        lead_at = start.end() if start else 0
        clause = before[lead_at:]
        if not re.search(r"\w", clause):
            return text  # nothing before it in the clause names a program: leave it to the readers
        place = _PLACE.search(clause)
        core, tail = (clause[: place.start()], clause[place.start() :]) if place else (clause, "")
        rel = m["rel"] or "who"
        joined = f" {rel} " if _PEOPLE_END.search(core) else f" for users {rel} "
        out.append(before[:lead_at] + core.rstrip() + joined + m["clause"].strip() + tail)
        done = m.end()
    return "".join(out) + text[done:] if out else text
