"""Cut a short question that only asks for the order ("What order?", "What order makes sense?", "which order is
best??") from a decision prompt: it names no program and no people, yet was read as one more program for everyone
else ('rest_makes_sense' was drafted). The planner is still asked for an order (`asks_for_order` reads the prompt
as written)."""

from __future__ import annotations

import re

_ORDER_QUESTION = re.compile(
    r"(?:(?<=[.!?:\n])|^)\s*(?:so\s+|and\s+)?(?:in\s+)?(?:what|which)(?:'s|\s+is)?\s+(?:the\s+)?(?:right\s+|best\s+)?"
    r"(?:order|priority|ranking)(?:\s+(?:makes sense|is best|is right|works|should (?:it|we use|they go)|do you suggest|"
    r"would you (?:pick|use|suggest)))?\s*\?+(?:\s+|$)",
    re.IGNORECASE,
)


def without_order_question(text: str) -> str:
    """Return the text without its questions that ask only for an order."""
    cut = _ORDER_QUESTION.sub(" ", text).strip()
    return cut if re.search(r"\w", cut) else text
