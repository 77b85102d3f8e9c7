"""Warehouse text the model reads is data, not instructions: strip invisible characters and mark it."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Format (Cf: zero-width, bidi overrides, tag characters), control (Cc, except tab/newline),
# private-use and unassigned code points can hide instructions from a human reviewer.
_HIDDEN_CATEGORIES = frozenset({"Cf", "Cc", "Co", "Cn", "Cs"})
_KEPT = frozenset({"\n", "\t"})
# Short machine-shaped values (ids, enums, emails) are safe to show unmarked.
_TOKEN = re.compile(r"^[A-Za-z0-9_.:@+\-/]{0,64}$")


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


def safe_cell(value: Any, *, free_text: bool) -> Any:
    """Return a result cell fit for the model: strings cleaned, prose and free-text columns marked as data."""
    if isinstance(value, str):
        if free_text or not is_token(value):
            return as_data(value)
        return strip_invisible(value)
    if isinstance(value, bytes | bytearray):
        # Raw bytes may not be valid UTF-8 (JSON would fail) and may hide text: show them as hex data.
        return {"untrusted_bytes_hex": bytes(value).hex()}
    if isinstance(value, dict | list | tuple):
        # Structs and lists can carry free text in any member: show them only as marked data.
        return as_data(str(value))
    return value
