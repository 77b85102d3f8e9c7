"""Read "everyone except users in Germany" as the people who are not in Germany, or refuse by name.

"but", "other than" and "apart from" would otherwise split or vanish, leaving the excepted people as the
audience (the opposite of what was asked). The exception is rewritten only when it is one condition whose
negation the parser reads exactly; an exception of several ("everyone but trial users on iOS" is not (trial
and iOS)) is refused naming it, since negating each part would read a narrower audience.
"""

from __future__ import annotations

import re

from agent.catalog_planner.conditions import parse_conditions
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.logic import negate
from agent.types import Refusal
from warehouse.catalog import Catalog

_PEOPLE = r"(?:users|people|customers|members|folks|subscribers|accounts)"
_EXCEPT = re.compile(
    rf"\b(?P<all>everyone|everybody|anyone|anybody|(?:all\s+(?:of\s+)?(?:our\s+|the\s+)?)?{_PEOPLE})\s*,?\s+"
    # "trial users but only those on iOS", "…, but just if …": a "but" that narrows keeps, not excepts
    # "…, but never while …", "but hold it while …": a guard the rule states, not people excepted
    r"(?:but(?!\s+(?:only|just|solely|exclusively|specifically|also|still|then|if|when|who|whose|that|with|they|not|no|"
    r"never|hold|pause|mute|suspend|skip|suppress|stop|don't|do not|exclude|withhold)\b)"
    r"|except(?:\s+for)?|excluding|other than|apart from|aside from|besides|save for|minus)\s+"
    r"(?P<rest>[^.;:!?]+?)(?=\s*(?:[.;:!?]|$|,\s*(?:via|by|with|using|through|and)\b|\s+(?:via|by|using)\s))",
    re.IGNORECASE,
)
_HEAD = re.compile(
    rf"^(?:the\s+)?(?:{_PEOPLE}|those|ones|anyone|anybody)\b\s*(?:(?:who|that|which)\s+(?:are|is)\s+|(?:who|that|which)\s+)?",
    re.IGNORECASE,
)


def read_excepted_people(text: str, catalog: Catalog, lexicon: Lexicon) -> tuple[str, Refusal | None]:
    """Return the text with "everyone except X" rewritten as "users who are not X", or a refusal naming an
    exception that cannot be negated exactly."""
    m = _EXCEPT.search(text)
    if m is None:
        return text, None
    core = _HEAD.sub("", m["rest"].strip(), count=1).strip()
    excepted, negated = (
        parse_conditions(core, catalog, lexicon),
        parse_conditions(f"are not {core}", catalog, lexicon),
    )
    exact = len(excepted.conditions) == 1 and negated.conditions == [negate(excepted.conditions[0])]
    if not exact or excepted.unexpressed or negated.unexpressed:
        return text, Refusal(
            reason=f"I could not express: '{m.group(0).strip()}' (an exception is read when it is one condition; "
            "say the people to keep, e.g. 'users not in Germany').",
            unmatched_phrases=[m.group(0).strip()],
            suggestions=catalog.closest(core, n=3),
        )
    head = m["all"].split()[-1] if re.fullmatch(_PEOPLE, m["all"].split()[-1], re.IGNORECASE) else "users"
    return f"{text[: m.start()]}{head} who are not {core}{text[m.end() :]}", None
