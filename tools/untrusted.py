"""Warehouse text the model reads is data, not instructions: strip invisible characters and mark it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from typing import Any

# Format (Cf: zero-width, bidi overrides, tag characters), control (Cc, except tab/newline),
# private-use and unassigned code points can hide instructions from a human reviewer.
_HIDDEN_CATEGORIES = frozenset({"Cf", "Cc", "Co", "Cn", "Cs"})
_KEPT = frozenset({"\n", "\t"})
# Short machine-shaped values (ids, enums, emails): no spaces, no markup.
_TOKEN = re.compile(r"^[A-Za-z0-9_.:@+\-/]{0,64}$")
# A word: four letters or more. Ids are letters and digits in short runs (u0000009, evt_3f9a, US, in_app);
# a token of words ("ignore_previous_instructions") can say as much as a sentence.
_WORD = re.compile(r"[A-Za-z]{4,}")
_HEX = re.compile(r"^[0-9A-Fa-f\-]+$")


def strip_invisible(text: str) -> str:
    """Return `text` in NFKC form without invisible, control or private-use characters.

    >>> strip_invisible("ig\\u200bnore\\u202e me\\x07")
    'ignore me'
    """
    normal = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in normal if ch in _KEPT or unicodedata.category(ch) not in _HIDDEN_CATEGORIES)


def as_data(text: str) -> dict[str, str]:
    """Wrap free text so the model sees it as quoted data."""
    return {"untrusted_text": strip_invisible(text)}


def is_token(text: str) -> bool:
    """Say whether a string is machine-shaped (an id or an enum value) rather than prose."""
    return bool(_TOKEN.match(text))


def is_id_like(text: str) -> bool:
    """Say whether a string is an id or a code that says nothing in words (u0000009, 3f9a-77c2, US, in_app)."""
    return is_token(text) and (not _WORD.search(text) or bool(_HEX.match(text)))


def safe_cell(value: Any, *, free_text: bool, known: Collection[str] = ()) -> Any:
    """Return a result cell fit for the model: strings cleaned, anything that may say words marked as data.

    Unmarked are only strings the model could not learn anything new from: ids and codes, and the `known`
    words (the catalog's names and values, the query's own literals). A token of words from the warehouse
    ("ignore_previous_instructions" as a campaign source) is marked like prose.
    """
    if isinstance(value, str):
        if free_text or not (is_id_like(value) or (is_token(value) and value in known)):
            return as_data(value)
        return strip_invisible(value)
    if isinstance(value, bytes | bytearray):
        # Raw bytes may not be valid UTF-8 (JSON would fail) and may hide text: show them as hex data.
        return {"untrusted_bytes_hex": bytes(value).hex()}
    if isinstance(value, dict | list | tuple):
        # Structs and lists can carry free text in any member: show them only as marked data.
        return as_data(str(value))
    return value
