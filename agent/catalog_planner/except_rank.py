"""Read "A wins over everything except B" as the ranking it states: B first, then A, the rest after.

The sentence names two programs (each may carry its people: "the save offer for at-risk users") and places
them both at the top, B above A; it is rewritten as "B first, then A." for the ranking readers.
"""

from __future__ import annotations

import re

_EXCEPT = re.compile(
    r"(?:^|(?<=[.!?:]\s))\s*(?P<a>[^.;:!?]+?)\s+(?:(?:should|must|will)\s+)?(?:wins?|beats?|goes before|go before|"
    r"comes? before|outranks?|trumps?|takes? precedence over|ranks? above|is above|goes above)\s+(?:over\s+)?"
    r"(?:(?:everything|anything|everyone|all(?: the)? others?|all other (?:programs|campaigns|messages)|"
    r"every other (?:program|campaign|message)|the rest)(?:\s+else)?\s*,?\s+)(?:except|but|other than|save for|"
    r"apart from|besides)\s+(?:for\s+)?(?P<b>[^.;:!?]+?)\s*(?=[.;!?]|$)",
    re.IGNORECASE,
)


_OWN_PEOPLE = re.compile(r"\s+(?:for|among)\s+.+$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|our|a|an)\s+", re.IGNORECASE)


def _name(program: str, before: str) -> str:
    """Return a program's short name when the text before already introduced it with its people ("the save
    offer for at-risk users" after "… and the save offer for at-risk users."), else the words as written."""
    label = _OWN_PEOPLE.sub("", program.strip())
    short = _ARTICLE.sub("", label).lower()
    return label if label != program.strip() and short and short in before.lower() else program.strip()


def rank_exceptions(text: str) -> str:
    """Return the text with "A wins over everything except B" as "B first, then A"."""

    def ranked(m: re.Match[str]) -> str:
        before = text[: m.start()]
        return f"{_name(m['b'], before)} first, then {_name(m['a'], before)}"

    return _EXCEPT.sub(ranked, text)
