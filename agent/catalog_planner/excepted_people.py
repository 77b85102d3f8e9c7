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
from orchestrator.spec import TraitCondition
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
# "… and those who opted out", ", or anyone with …": another kind of people excepted
_MORE_PEOPLE = re.compile(
    rf"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?=(?:those|anyone|anybody|people|the\s+{_PEOPLE}|{_PEOPLE})\b)",
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
    # "everyone except those with open tickets and those who opted out": each kind of people is excepted, when
    # each is one condition whose negation reads exactly ("everyone but trial users on iOS" is not (trial and iOS))
    cores = [_HEAD.sub("", part.strip(), count=1).strip() for part in _MORE_PEOPLE.split(m["rest"].strip())]
    if all(cores) and all(_negates_exactly(core, catalog, lexicon) for core in cores):
        head = m["all"].split()[-1] if re.fullmatch(_PEOPLE, m["all"].split()[-1], re.IGNORECASE) else "users"
        kept = " and who are not ".join(cores)
        return f"{text[: m.start()]}{head} who are not {kept}{text[m.end() :]}", None
    return text, Refusal(
        reason=f"I could not express: '{m.group(0).strip()}' (an exception is read when each kind of people in it is "
        "one condition; say the people to keep, e.g. 'users not in Germany').",
        unmatched_phrases=[m.group(0).strip()],
        suggestions=catalog.closest(_HEAD.sub("", m["rest"].strip(), count=1).strip(), n=3),
    )


def _negates_exactly(core: str, catalog: Catalog, lexicon: Lexicon) -> bool:
    """Return True when the people named are one condition whose negation the parser reads exactly."""
    excepted, negated = parse_conditions(core, catalog, lexicon), parse_conditions(f"are not {core}", catalog, lexicon)
    if len(excepted.conditions) != 1 or len(negated.conditions) != 1 or excepted.unexpressed or negated.unexpressed:
        return False
    said, flipped = excepted.conditions[0], negated.conditions[0]
    # a switch the catalog never leaves unset ("opted out" / not) flips its value
    switched = (
        isinstance(said, TraitCondition)
        and isinstance(flipped, TraitCondition)
        and said.trait == flipped.trait
        and said.op == flipped.op == "eq"
        and isinstance(said.value, bool)
        and flipped.value is not said.value
    )
    return switched or flipped == negate(said)
