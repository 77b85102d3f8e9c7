"""Refuse a summary that cites a number no tool returned.

Every number in the summary text must match a value from the tool results within the rounding it was
written with; a proportion may be written as a percentage. Dates and evidence ids are not numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Drop ISO dates/times and identifiers that contain digits (evidence ids, step names) before extracting.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")
_IDENT = re.compile(r"[A-Za-z_][\w:.-]*\d[\w:.-]*")
_NUMBER = re.compile(r"(?<![\w.])[-+−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])[-+−]?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Cited:
    """A number as written: its value and the half-unit of its last written digit."""

    text: str
    value: float
    tolerance: float
    percent: bool


def cited_numbers(text: str) -> list[Cited]:
    """Return the numbers a text cites.

    >>> [c.value for c in cited_numbers("iOS push fell from 92.0% to 41.5% (1,204 sends) on 2026-11-01")]
    [92.0, 41.5, 1204.0]
    """
    cleaned = _IDENT.sub(" ", _DATE.sub(" ", text))
    out: list[Cited] = []
    for match in _NUMBER.finditer(cleaned):
        raw = match.group(0)
        number = raw.replace(",", "").replace("−", "-").lstrip("+")
        decimals = len(number.split(".")[1]) if "." in number else 0
        is_percent = cleaned[match.end() : match.end() + 1] == "%"
        out.append(Cited(raw, abs(float(number)), 0.5 * 10**-decimals + 1e-9, is_percent))
    return out


def tool_values(results: Any) -> set[float]:
    """Collect every number in tool results (nested dicts, lists, pydantic dumps), as absolute values."""
    found: set[float] = set()
    _walk(results, found)
    return found


def _walk(obj: Any, found: set[float]) -> None:
    if isinstance(obj, bool):
        return
    if isinstance(obj, int | float):
        found.add(abs(float(obj)))
    elif isinstance(obj, dict):
        for value in obj.values():
            _walk(value, found)
    elif isinstance(obj, list | tuple):
        for value in obj:
            _walk(value, found)


def matches(cited: Cited, values: Iterable[float]) -> bool:
    """Tell whether a cited number equals some tool value within its written rounding."""
    for v in values:
        candidates = (v * 100,) if cited.percent else (v, v * 100)
        if any(abs(c - cited.value) <= cited.tolerance for c in candidates):
            return True
    return False


def ungrounded(summary: str, results: Any) -> list[str]:
    """Return the numbers in `summary` that no tool result supports (empty when grounded)."""
    values = tool_values(results)
    return [c.text for c in cited_numbers(summary) if not matches(c, values)]
