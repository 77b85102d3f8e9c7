"""Answer "what's the difference between a suppression and a stop condition?" from the command center's own terms.

A marketer new to the tool asks what its words mean before writing a rule with them; these questions were refused
as something the command center does not do. Each term is said as the executor applies it (docs/rules.md), with
where a rule sets it. Catalog names ("what does momentum_score mean?") are the catalog's (`catalog_questions.py`).
"""

from __future__ import annotations

import re

from agent.types import QuestionAnswer

# term -> (the words that name it, what it means, where a rule or policy sets it)
TERMS: dict[str, tuple[str, str, str]] = {
    "audience": (r"audiences?|eligibility", "who a rule is for: conditions on traits and on counts of events in a "
                 "window, evaluated at each run", "a rule's `audience`"),
    "suppression": (r"suppressions?|exclusions?", "who never gets a rule's message while the condition holds, even "
                    "if they are in its audience; checked at every run, so it lifts when the condition stops holding "
                    "(an open ticket resolved)", "`suppressions` of a rule, or of a policy for some or all of its rules"),
    "stop condition": (r"stop\s+conditions?|stops?|exit\s+conditions?", "when a rule is done with someone: its goal "
                       "reached (subscribed, second workout done) or its audience left; ends the rule's remaining "
                       "channel steps for that user", "a rule's `stop_conditions`"),
    "holdout": (r"holdouts?|hold\s*-?outs?", "a share of a rule's eligible users who get nothing from it, chosen by a "
                "salted hash of the user id so the same people stay held out; their conversion is the baseline the "
                "rule's lift is measured against", "a rule's `holdout_share` (0 to 50%)"),
    "control group": (r"(?:global\s+)?control\s+groups?", "a share of all users no rule messages at all, to measure "
                      "the whole program against doing nothing", "a policy's `control_group_share`"),
    "frequency cap": (r"(?:frequency\s+)?caps?|frequency\s+capping", "at most N messages in D days; a win over the "
                      "cap is recorded as capped and sent nothing, not passed to a lower rule",
                      "`frequency_cap` of a rule or a policy, `channel_caps` of a policy"),
    "priority": (r"priorit(?:y|ies)|arbitration", "which rule wins when a user qualifies for several: the lowest "
                 "number; the others record that they lost to it", "a rule's `priority` (1 is the highest)"),
    "channel plan": (r"channel\s+plans?|channels?|channel\s+steps?", "the steps a message takes: a channel, a delay and "
                     "a condition (push, then email after 24 h if the push was not opened)", "a rule's `channels`"),
    "lift": (r"lift|uplift", "how much more the messaged users did the conversion than the held-out users, relative "
             "to the held-out rate, with a 95% interval", "a rule's `conversion` (event and window); `mcc measure`"),
    "contamination": (r"contamination|contaminated", "held-out users who were messaged anyway (by another rule or "
                      "tool): they blur the lift", "reported by `mcc measure`"),
    "proposal": (r"proposals?|approvals?|review", "a version a person filed for review; only another person can "
                 "approve it, and only approved versions run", "`mcc rules propose`, `approve`, `reject`, `withdraw`"),
    "run": (r"runs?|executor", "the executor applying every approved rule as of a time: one decision per user and "
            "rule, messages queued in the outbox, the same inputs giving the same decisions", "`mcc run`, `mcc runs`"),
}
_TERM_WORDS = "|".join(f"(?:{words})" for words, _, _ in TERMS.values())
_A = r"(?:an?\s+|the\s+)?"
_ASKS = [
    re.compile(rf"^\s*what(?:'s|\s+is|\s+are)\s+the\s+differences?\s+between\s+{_A}(?P<a>{_TERM_WORDS})\s+and\s+{_A}"
               rf"(?P<b>{_TERM_WORDS})\s*[?.!]*\s*$", re.IGNORECASE),
    re.compile(rf"^\s*(?:how\s+(?:is|are|does|do)\s+{_A}(?P<a>{_TERM_WORDS})\s+(?:different\s+from|differ\s+from|compare\s+"
               rf"(?:to|with))\s+{_A}(?P<b>{_TERM_WORDS})|{_A}(?P<a2>{_TERM_WORDS})\s+vs\.?\s+{_A}(?P<b2>{_TERM_WORDS}))"
               r"\s*[?.!]*\s*$", re.IGNORECASE),
    re.compile(rf"^\s*(?:what(?:'s|\s+is|\s+are)|define|explain)\s+{_A}(?P<a>{_TERM_WORDS})\s*[?.!]*\s*$", re.IGNORECASE),
    re.compile(rf"^\s*what\s+(?:does|do)\s+{_A}(?P<a>{_TERM_WORDS})\s+(?:mean|do)\s*[?.!]*\s*$", re.IGNORECASE),
    re.compile(rf"^\s*how\s+(?:does|do)\s+{_A}(?P<a>{_TERM_WORDS})\s+work\s*[?.!]*\s*$", re.IGNORECASE),
]


def _term(said: str) -> str:
    return next(term for term, (words, _, _) in TERMS.items() if re.fullmatch(words, said.strip(), re.IGNORECASE))


def read_glossary_question(prompt: str) -> list[str] | None:
    """Return the terms a question about the tool's own words asks about (one, or two to set apart), else None."""
    for pattern in _ASKS:
        if (m := pattern.match(prompt)) is not None:
            said = [g for key, g in m.groupdict().items() if g]
            return list(dict.fromkeys(_term(s) for s in said))
    return None


def glossary_answer(terms: list[str]) -> QuestionAnswer:
    """Return what each term means and where a rule sets it."""
    rows = [[term, TERMS[term][1], TERMS[term][2]] for term in terms]
    return QuestionAnswer(question=f"What {' and '.join(terms)} mean{'s' if len(terms) == 1 else ''} here", sql="",
                          columns=["term", "meaning", "set by"], rows=rows,
                          notes=["docs/rules.md has the whole spec; `mcc rules schema` lists every field"])
