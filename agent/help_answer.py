"""Answer "help", "what can you do?" or a greeting with what the agent does and a prompt to try for each.

These ask about the agent, not for something it does not do: the out-of-scope refusal ("This asks for something
the command center does not do") was the wrong answer to them. A thank-you gets the same short guide.
"""

from __future__ import annotations

import re

from agent.types import QuestionAnswer

_HELP = re.compile(
    r"^\s*(?:/?help(?:\s+me)?|\?+|(?:hi|hello|hey|yo|good\s+(?:morning|afternoon|evening))(?:\s+there)?|"
    r"thanks?(?:\s+you)?|thank\s+you|"
    r"what\s+(?:can|do|could)\s+(?:you|i)\s+(?:do|ask(?:\s+you)?)(?:\s+(?:here|with\s+(?:you|this)))?|"
    r"what\s+are\s+you|who\s+are\s+you|how\s+does\s+this\s+work|how\s+do\s+i\s+(?:use\s+(?:you|this|it)|start|begin|"
    r"create\s+an?\s+(?:rule|policy)|make\s+an?\s+(?:rule|policy)|write\s+an?\s+(?:rule|policy)))"
    r"\s*[?.!]*\s*$",
    re.IGNORECASE,
)

CAPABILITIES = [
    ["draft an eligibility rule", "Create eligibility rules for an upgrade nudge that only targets users who completed "
     "3 workouts, viewed pricing, and have no open support tickets."],
    ["draft a priority policy", "Define a priority order for trial users: (1) second workout, (2) support issues, "
     "(3) upgrade messaging. Write the suppressions and stop conditions."],
    ["change or copy what runs", "Stop sending the upgrade nudge to people with open tickets; like the upgrade nudge, "
     "but for Android users"],
    ["diagnose a change", "Why did conversion drop on iOS this week? Compare funnel steps and message exposure for iOS "
     "vs Android."],
    ["answer a data question", "How many trial users completed 3 workouts in the last 7 days?"],
    ["measure a rule that ran", "Is the upgrade nudge working? (then: split by country, rank them by lift)"],
    ["read what exists", "What does momentum_score mean? Who is in the upgrade nudge audience? Why did u0000011 get "
     "the upgrade nudge? When did the last run happen?"],
]


def asks_for_help(prompt: str) -> bool:
    """Return whether a prompt asks what the agent does (or only greets or thanks it)."""
    return _HELP.match(prompt) is not None


def help_answer() -> QuestionAnswer:
    """Return what the agent does, each with a prompt to try."""
    return QuestionAnswer(
        question="I draft rules and policies from plain words, diagnose metric changes, answer questions about your "
                 "users and rules, and measure rules that ran; a person reviews and approves every rule",
        sql="", columns=["what", "try"], rows=CAPABILITIES,
        notes=["drafts are proposed only when you say so; approving and running are `mcc rules approve` and `mcc run`"],
    )
