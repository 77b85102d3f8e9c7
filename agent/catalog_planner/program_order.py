"""The programs a decision prompt names, and their order: annotated ranks first, then "A above B" pairs, then a
sentence ranking them by short names ("At-risk comes first, then trial"), then the written order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.catalog_planner.program_labels import clean_label, same_label
from agent.catalog_planner.program_marks import SECOND
from agent.catalog_planner.program_shapes import PEOPLE
from agent.catalog_planner.rank_sequence import reorder, sequence_order
from agent.catalog_planner.text import content_stems


@dataclass
class Program:
    """One program the prompt names: a label ("upgrade offer") and the audience phrase said beside it."""

    label: str
    audience: str
    rank: int
    guards: list[tuple[str, str]] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)


@dataclass
class ProgramReading:
    programs: list[Program] = field(default_factory=list)
    global_guards: list[tuple[str, str]] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    scope: str = ""


def ranked_by_sentences(prompt: str, programs: list[Program]) -> list[Program]:
    """Return the programs reordered by a sentence that ranks them by short names ("At-risk comes first,
    then trial, then new"): a name is a word of a program's label or audience."""

    def names(part: str) -> list[int]:
        return [
            i
            for i, p in enumerate(programs)
            if same_label(part, p.label) or (p.audience and same_label(part, p.audience))
        ]

    for sentence in re.split(r"(?<=[.!?:])\s+|\n+", prompt):  # "A first, then B: …" ranks before the colon
        named = sequence_order(sentence, len(programs), names)
        if named is not None:
            programs = [programs[i] for i in reorder(programs, named)]
    return programs


_GROUP_WORDS = {"user", "peopl", "customer", "member", "subscrib", "one", "folk", "person"}


def _people_words(audience: str) -> set[str]:
    return set(content_stems(audience)) - _GROUP_WORDS


def _same_people(one: Program, other: Program, programs: list[Program]) -> bool:
    """Return True when two mentions of a program may be one: either names no people, both name the same, or the
    later names the overlap of the earlier's people with another program's ("new users get a welcome series; trial
    users get tips. A new trial user should get the welcome series first": who wins where two audiences meet)."""
    if not one.audience or not other.audience or same_label(one.audience, other.audience):
        return True
    said, before = _people_words(other.audience), _people_words(one.audience)
    others = set().union(*(_people_words(p.audience) for p in programs if p is not one and p is not other))
    return bool(said & before) and bool(said & others) and said <= before | others


def resolve_pairs(programs: list[Program], pairs: list[tuple[str, str]]) -> list[Program]:
    """Merge programs named twice (a bare "A over B" after "A for X, B for Y") and order them: annotated
    ranks first, then "A above B" pairs, then the written order. One name said for two groups of people ("the
    upgrade nudge for trial users beats …, which beats the upgrade nudge for high-intent users") is two programs
    (the second was dropped)."""
    merged: list[Program] = []
    for program in programs:
        twin = next((m for m in merged if same_label(m.label, program.label) and _same_people(m, program, programs)),
                    None)
        if twin is None:
            merged.append(program)
            continue
        twin.audience = twin.audience or program.audience
        twin.rank = min(twin.rank, program.rank)
        twin.guards += [g for g in program.guards if g not in twin.guards]
    if merged:
        # "…, and both ahead of the tips digest": a label only a pair names is a program too, never dropped
        for label in dict.fromkeys(label for pair in pairs for label in pair):
            named = content_stems(clean_label(label))  # "which", "it" name no program
            if named and not any(same_label(m.label, label) for m in merged) and not PEOPLE.search(label):
                merged.append(Program(clean_label(label), "", 0))
    # stable: the written order breaks ties; "B comes second" is placed second, after the first of the rest
    ordered = sorted((p for p in merged if p.rank != SECOND), key=lambda p: p.rank)
    for index, program in enumerate(p for p in merged if p.rank == SECOND):
        ordered.insert(min(1 + index, len(ordered)), program)
    for high, low in pairs:
        hi = next((p for p in ordered if same_label(p.label, high)), None)
        lo = next((p for p in ordered if same_label(p.label, low)), None)
        if hi is not None and lo is not None and ordered.index(hi) > ordered.index(lo):
            ordered.remove(hi)
            ordered.insert(ordered.index(lo), hi)
    return ordered
