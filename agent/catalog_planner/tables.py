"""Read a table of programs ("| Priority | Program | Audience |" rows, pipes with or without a header rule)
as the numbered list it stands for: "(1) Save offer for at-risk users (2) Upgrade nudge for trial users",
ordered by a priority column when there is one, a channel column said as "by push", a stop column as
"(stop once …)". The words around the table stay as they are."""

from __future__ import annotations

import re

_RULE_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LABEL = re.compile(r"^(?:program|campaign|message|journey|flow|name|goal|what|play|initiative)s?$", re.I)
_PEOPLE = re.compile(r"^(?:audience|who|segment|users|target(?:s| audience)?|people|for|eligib\w*)$", re.I)
_RANK = re.compile(r"^(?:priority|rank|order|#|no\.?|p)$", re.I)
_CHANNEL = re.compile(r"^(?:channels?|via|medium)$", re.I)
_WAIT = re.compile(r"^\s*(?:once|when|until|as soon as)\s+", re.I)
_STOP = re.compile(r"^(?:stop(?: when| condition| once)?|exit(?: when| criteria)?|until|ends? when)$", re.I)


def _cells(line: str) -> list[str] | None:
    """Return the cells of a table row ("| a | b |" or "a | b"), or None for a line that is no row."""
    if line.count("|") < 1 or _RULE_ROW.match(line):
        return None
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _column(header: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, h in enumerate(header) if pattern.match(h.strip(" *_"))), None)


def _rank(cell: str, position: int) -> float:
    m = re.search(r"\d+", cell)
    return float(m.group(0)) if m else position


def _item(row: list[str], label: int, people: int, channel: int | None, stop: int | None) -> str:
    text = f"{row[label]} for {row[people]}"
    if channel is not None and row[channel]:
        text += f" by {row[channel]}"
    if stop is not None and row[stop]:
        text += f" (stop once {_WAIT.sub('', row[stop])})"
    return text


def tables_as_lists(text: str) -> str:
    """Return the text with each table of programs (a header naming a program and an audience column, and
    two or more rows) written as a numbered list; other text, and tables of anything else, unchanged."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        header = _cells(lines[i])
        j = i + 1
        while j < len(lines) and _RULE_ROW.match(lines[j]):
            j += 1
        rows: list[list[str]] = []
        while (
            header is not None
            and j < len(lines)
            and (row := _cells(lines[j])) is not None
            and len(row) == len(header)
        ):
            rows.append(row)
            j += 1
        label = _column(header, _LABEL) if header else None
        people = _column(header, _PEOPLE) if header else None
        if header is None or label is None or people is None or len(rows) < 2:
            out.append(lines[i])
            i += 1
            continue
        rank = _column(header, _RANK)
        ordered = sorted(enumerate(rows), key=lambda r: _rank(r[1][rank], r[0]) if rank is not None else r[0])
        items = [
            _item(r, label, people, _column(header, _CHANNEL), _column(header, _STOP)) for _, r in ordered
        ]
        out.append(" ".join(f"({n}) {item}" for n, item in enumerate(items, start=1)))
        i = j
    return "\n".join(out)
