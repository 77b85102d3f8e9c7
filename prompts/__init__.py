"""Prompt templates as files, formatted at call time (`render("draft", catalog=...)`)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from warehouse.errors import AgentError

PROMPTS_DIR = Path(__file__).parent


@cache
def template(name: str) -> str:
    """Return the text of `prompts/<name>.md`."""
    path = PROMPTS_DIR / f"{name}.md"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in PROMPTS_DIR.glob("*.md")))
        raise AgentError(f"no prompt template {name!r}", where=str(PROMPTS_DIR), accepted=known)
    return path.read_text()


def render(name: str, **values: str) -> str:
    """Fill a template's `{placeholders}`; values are inserted as they are, never re-formatted."""
    return template(name).format(**values)
