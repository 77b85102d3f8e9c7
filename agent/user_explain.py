"""Read "why did u0000011 get the upgrade nudge?" and answer it with the user's decisions in the latest run.

A question about one person's messages names a user id: a token with a digit ("u0000011", "user_42"), or a word
after "user" ("user abc"); "why did iOS users get fewer pushes?" names none and stays a diagnosis. The rule, when
one is named, narrows the answer to it. The executor's own `explain` answers, step by step, with the trait values
it saw: a planner diagnosed the iOS conversion drop from such a question.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from agent.types import QuestionAnswer
from orchestrator.explain_model import Explanation, RuleExplanation

# an id has a letter and a digit ("u0000011"), or five digits and more, or is an email: "3 users" is no id
_USER = (r"(?:user\s+(?P<named>[\w.@+-]+)|(?P<token>(?=[\w.@+-]*\d)(?=[\w.@+-]*[a-z])[\w.@+-]+|\d{5,}|"
         r"[\w.+-]+@[\w-]+\.[\w.]+))")
_WHY = re.compile(
    rf"^\s*(?:why\s+(?:did|didn'?t|did\s+not|was|wasn'?t|was\s+not|is|isn'?t|is\s+not|does|doesn'?t|does\s+not|"
    rf"has|hasn'?t)\s+"
    rf"{_USER}(?P<rest>(?:\s+[^?.!]*)?)"
    rf"|explain\s+(?:the\s+decisions?\s+(?:for|of)\s+)?{_USER.replace('named', 'named2').replace('token', 'token2')}"
    r"(?P<rest2>(?:\s+[^?.!]*)?)"
    rf"|what\s+(?:did|does|will)\s+{_USER.replace('named', 'named3').replace('token', 'token3')}\s+(?:get|receive)"
    r"(?P<rest3>(?:\s+[^?.!]*)?)"
    # "is u0000011 in the control group?", "is u0000011 held out of the nudge?"
    rf"|is\s+{_USER.replace('named', 'named4').replace('token', 'token4')}\s+(?P<rest4>(?:in|held\s+out|suppressed|capped|"
    r"stopped|excluded|eligible|getting|going\s+to\s+get|part\s+of)\b[^?.!]*)"
    # "which rule would u0000011 get now?", "what rules does u0000011 qualify for?"
    rf"|(?:which|what)\s+(?:rules?|messages?|campaigns?|programs?)\s+(?:would|will|does|did|is|can)\s+"
    rf"{_USER.replace('named', 'named5').replace('token', 'token5')}\s+(?:get|receive|qualify\s+for|be\s+eligible\s+for|be\s+in)"
    r"(?P<rest5>(?:\s+[^?.!]*)?))\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_RULE_PART = re.compile(r"^\s*(?:get|got|receive|received|sent|messaged|in|included\s+in|held\s+out\s+(?:of|from)|"
                        r"suppressed\s+(?:from|by)|capped\s+(?:in|by)|(?:get\s+)?(?:a|an|any|the)?)?\s*"
                        r"(?:the\s+|a\s+|an\s+|any(?:thing)?\s*)?(?P<rule>.*?)\s*(?:messages?)?\s*$",
                        re.IGNORECASE)


class UserAsk(BaseModel):
    """Whose decisions a question asks about, and the words naming a rule ("" when none)."""

    user_id: str
    rule_words: str = ""


def asks_why_user(prompt: str) -> UserAsk | None:
    """Return the user and rule words a "why did this person get that" question names, else None."""
    m = _WHY.match(prompt)
    if m is None:
        return None
    groups = m.groupdict()
    user = next((groups[k] for n in ("", "2", "3", "4", "5") for k in (f"named{n}", f"token{n}") if groups.get(k)), None)
    if user is None:
        return None
    rest = next((groups[k] for k in ("rest", "rest2", "rest3", "rest4", "rest5") if groups.get(k)), "") or ""
    rest = re.sub(r"\s+(?:now|today|right\s+now|at\s+the\s+moment)$", "", rest)
    part = _RULE_PART.match(rest)
    words = part.group("rule").strip() if part else ""
    return UserAsk(user_id=user.strip(), rule_words="" if words.lower() in ("", "anything", "nothing") else words)


COLUMNS = ["rule", "priority", "outcome", "why", "first step it stopped at", "messages queued"]


def _stopped_at(rule: RuleExplanation) -> str:
    """Return the step that stopped the rule for this user, with the checks that failed there and the values seen."""
    failed = next((s for s in rule.steps if s.passed is False), None)
    if failed is None:
        return ""
    # an audience stops on the checks that did not hold; a suppression or stop on those that did
    decisive = [c for c in failed.checks if c.holds is (failed.step != "audience")]
    said = "; ".join(f"{c.text} (value: {c.value!r})" for c in decisive[:3])
    return f"{failed.step}: {said or failed.detail}"


def explanation_answer(explanation: Explanation, user_id: str) -> QuestionAnswer:
    """Return a user's decisions in one run as a table, one row per rule, with the sentence that sums them up."""
    rows = [[r.rule_id, r.priority, r.outcome, r.reason, _stopped_at(r), len(r.outbox)] for r in explanation.rules]
    sent = [r.rule_id for r in explanation.rules if r.outcome == "send"]
    got = f"got {', '.join(sent)}" if sent else "got no message"
    return QuestionAnswer(
        question=f"{user_id} in {explanation.run_id} (as of {explanation.as_of:%Y-%m-%d %H:%M}): {got}",
        sql="", columns=COLUMNS, rows=rows,
        notes=[f"mcc explain {user_id} shows every check with the trait values it saw "
               "(--rule ID for one rule, --run ID for another run)"],
    )
