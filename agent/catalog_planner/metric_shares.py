"""Read a metric's rate asked by signup cohort ("activation rate by signup week", "trial conversion rate by signup
month") as the share its catalog description defines ("Share of new users in the window who completed a second
workout" → "share of users who completed a second workout by signup week"): the cohort is each week's new users,
and the share is what the question path answers. It was refused as a rate of one act over another."""

from __future__ import annotations

import re

from warehouse.catalog import Catalog

_DEFINED = re.compile(r"^\s*share of (?P<who>[\w\s-]+?) who (?P<did>.+?)\.?\s*$", re.IGNORECASE)
_WINDOW = re.compile(r"\s+in the window\b", re.IGNORECASE)
# the question path groups people by the week or month they signed up (`question_cohorts.py`)
# the question's own words around the rate ("what's our …", "show me the …")
_ELSE = re.compile(r"\b(?:what's|whats|what|is|was|are|our|the|show|me|give|tell|us|please|pls|can|you|could|list)\b|[?.!,']",
                   re.IGNORECASE)
_BY_COHORT = re.compile(r"\b(?:by|per|for each|each)\s+(?:signup|sign-up|sign up|join|joining|acquisition)\s+"
                        r"(?:week|month|cohort|date|day)s?\b|\bby\s+cohort\b", re.IGNORECASE)


def metric_rate_as_share(text: str, catalog: Catalog) -> str:
    """Return the text with "<metric> rate" said as the share the metric's description defines, when the question
    groups people by when they signed up; else the text."""
    if not _BY_COHORT.search(text):
        return text
    for metric in catalog.metrics:
        defined = _DEFINED.match(metric.description or "")
        if defined is None or re.search(r"\b(?:and|then)\b", defined["did"]):
            continue  # one act done; acts in order ("started a trial and then …") are a funnel the diagnosis reads
        share = f"share of users who {_WINDOW.sub('', defined['did'])}"
        for name in sorted({metric.name.replace("_", " "), *metric.synonyms}, key=len, reverse=True):
            said = name if name.endswith(" rate") else f"{name} rate"
            pattern = re.compile(rf"\b(?:the\s+|our\s+)?{re.escape(said)}\b", re.IGNORECASE)
            if pattern.search(text) and not _ELSE.sub("", _BY_COHORT.sub("", pattern.sub("", text))).strip():
                # nothing but the rate and the cohort is said: people said beside them ("on Android") would be read
                # into the share's act, not its base
                return pattern.sub(share, text, count=1)
    return text
