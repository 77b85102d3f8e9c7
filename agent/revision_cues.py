"""Whether a chat message changes the thread's last draft ("make it email only", "also exclude users in
France", "hold out 20% instead") rather than asking for something new.

`reads_as_proposal` tells "propose it" (the draft as it is, for review) apart from both.

Deterministic and planner-neutral: the graph decides with it which draft a message is about, whichever
planner then reads the change. A message is a change when it is short and opens with a verb of editing (after
fillers like "ok", "now", "can you"), or names the draft ("it", "this rule") with one; a new request opens
with its own verb ("create", "define", "why", "how many") and is read afresh.
"""

from __future__ import annotations

import re
from typing import Any, Protocol, runtime_checkable

from agent.types import Refusal
from orchestrator.spec import Policy, Rule
from warehouse.catalog import Catalog

MAX_WORDS = 30  # a longer message describes a program of its own

# Words a message opens with before saying anything ("ok, now can you …"); the reviser skips them too.
FILLER = (
    r"^\s*(?:(?:ok(?:ay)?|now|then|and|also|great|thanks|thank you|cool|nice|good|hmm|actually|please|pls|"
    r"can you|could you|would you|will you|can we|could we|shall we|let's|lets|i want to|i'd like to|we should|we want to|"
    r"instead|plus|one more thing|what if (?:we|you|i)?|how about|what about)\b\s*[,.!:-]?\s*)*"
)
_EDIT = (
    r"(?:make (?:it|this|them|the (?:rule|draft|policy|(?:frequency |weekly |daily )?cap|hold-?\s?out|(?:global )?control|audience|channels?|priority|"
    r"stop(?: condition)?|email|push|sms|in-app|first|second|last|order))|change|use|switch|send (?:it|them) (?:by|via|over|as|through|only)|"
    r"set|add|remove|drop|delete|exclude|only|just|limit|restrict|also|without|but|except|cap|hold(?:ing)? ?(?:out|back)|"
    r"holdout|no holdout|no cap|rename|call it|name it|priority|give it|stop (?:it )?(?:when|once|after|if|as soon as)|"
    r"stop when|exit (?:when|once)|skip|keep (?:it|them|\d+)|lower|raise|increase|decrease|bump|move|swap|"
    r"target only|target .{1,60} instead|not for|leave out|suppress|wait|put|rank|promote|demote|reverse|flip|take out|get rid of|"
    r"include|not just|"
    # relative changes: "double the cap", "a bit less often", "a bigger holdout", "shrink the control group"
    r"double|halve|triple|shrink|grow|reduce|tighten|loosen|relax|"
    r"(?:send (?:it |them )?)?(?:a (?:bit|little|lot) |much |slightly )?(?:less|more) (?:often|frequently)|"
    r"(?:send )?(?:a (?:bit|little|lot) |much )?fewer (?:sends|messages)|"
    r"(?:send|message) (?:it |them )?(?:once|twice|\d+ times?) (?:a|per|every) (?:day|week|month)|"
    r"(?:an? |the )?(?:(?:a )?(?:bit|little) |much |slightly )?(?:bigger|larger|smaller|higher|lower) (?:hold-?\s?out|control|cap)|"
    r"the (?:hold-?\s?out|control group|(?:frequency )?cap) (?:should be|is too)|"
    r"no longer (?:require|need|exclude)|stop (?:excluding|requiring)|(?:i'd |i would )?rather not|(?:do not|don't) include|"
    r"send (?:an? )?(?:e-?mail|push|sms|text|in-?app)\w* first|"
    # "don't send to people in Brazil" (not "don't send the upgrade nudge to ...", which names a running program)
    r"(?:do not|don't|never) (?:(?:send|message)(?: it| them)? to|require|need)|no more than|at most|"
    # "require 3 pricing views", "at least 4 workouts", "exactly 2": a condition of the draft said with a new number
    r"requires?|needs? (?:to have|at least)|must have|at least|more than|fewer than|less than|exactly|"
    # "send email if the push isn't opened", "follow up by SMS", "if they don't open it, send an email"
    r"(?:then )?send (?:an? )?(?:e-?mail|push|sms|text|in-?app)\w* (?:if|when|after|in)|follow (?:it )?up (?:by|with|via)|"
    r"if (?:they|people|users|it|the (?:push|e-?mail|sms|text|in-?app)\w*) (?:do not|don't|did not|didn't|is not|isn't|"
    r"was not|wasn't|has not|hasn't|never|have not|haven't|goes unopened))\b"
    # "for the upgrade messaging, hold out 5%": a change aimed at one rule of the policy
    r"|for (?:the )?\w+(?: \w+){0,2},"
)
_REVISION = re.compile(FILLER + _EDIT, re.IGNORECASE)
# "3 pricing views instead", "android instead of ios", "android too", "android only": a short replacement of what the
# draft says, one more value of it, or a narrowing (a request opens with its own verb)
_INSTEAD = re.compile(
    FILLER + r"(?!(?:create|draft|define|build|write|set up|design|generate|make|give me|send|email|push|text)\b)"
    r"(?:\S+\s+){0,6}?\S+\s+(?:instead(?:\s+of(?:\s+\S+){1,3})?|too|as well|only)\s*[.!]*\s*$",
    re.IGNORECASE,
)
# "but why did conversion drop?", "also, how many users are on iOS?": a question, asked in passing
_ASKS = re.compile(r"\b(?:why|how many|how much|how come|what(?:'s| is| are| was| were| did)|which \w+ (?:is|are|has|have))\b",
                   re.IGNORECASE)


# "propose it", "ok, submit this draft for review", "looks good, send it to a reviewer": the draft on the table, as is
_DRAFT_REF = r"(?:it|this|that|(?:the|this|that) (?:draft|rule|policy|one))"
_FOR_REVIEW = r"(?:for|to)\s+(?:review|approval|(?:a |the )?reviewers?)"
_PROPOSAL = re.compile(
    FILLER + r"(?:(?:yes|yep|sure|looks good|lgtm|perfect|go ahead and|go ahead,?)\s*[,.!:-]?\s*)*"
    # "send it" alone could mean sending the messages: only "send it for review" is a proposal
    rf"(?:(?:propose|submit|file)\s+{_DRAFT_REF}(?:\s+(?:as is|now))?(?:\s+{_FOR_REVIEW})?|send\s+{_DRAFT_REF}\s+{_FOR_REVIEW})"
    r"\s*[.!]*\s*$",
    re.IGNORECASE,
)


def reads_as_proposal(message: str) -> bool:
    """Return True when a message asks to propose the draft on the table, as it is ("propose it")."""
    return _PROPOSAL.match(message) is not None


# "make upgrade messaging email only", "set second_workout to push": a verb, then the name of a part of the draft
_VERB_THEN_NAME = re.compile(FILLER + r"(?:make|set|switch|give|turn|send)\s+(?:the\s+)?(?P<rest>.+)$", re.IGNORECASE)


def _names_part_of(message: str, draft: dict[str, Any]) -> bool:
    """Return True when the message's verb is followed by the draft's id or one of its rules' ids (or their words),
    or the message opens with one and says what it should do ("upgrade messaging should only go to …")."""
    ids = [draft.get("id") or "", *((r.get("id") or "") for r in draft.get("rules") or [])]
    names = [r"[\s_-]+".join(map(re.escape, rule_id.split("_"))) for rule_id in ids if rule_id]
    m = _VERB_THEN_NAME.match(message)
    if m is not None and any(re.match(rf"{name}\b", m["rest"], re.IGNORECASE) for name in names):
        return True
    return any(re.match(rf"{FILLER}(?:the\s+)?{name}\s+(?:should|must|needs? to|has to|can only|only)\b", message,
                        re.IGNORECASE) for name in names)


def reads_as_revision(message: str, draft: dict[str, Any] | None = None) -> bool:
    """Return True when a message reads as a change to the draft on the table (and asks nothing); with the draft,
    a verb followed by the name of one of its rules counts too ("make upgrade messaging email only")."""
    if len(message.split()) > MAX_WORDS or _ASKS.search(message) is not None:
        return False
    return (_REVISION.match(message) is not None or _INSTEAD.match(message) is not None
            or (draft is not None and _names_part_of(message, draft)))


@runtime_checkable
class Reviser(Protocol):
    """A planner that can change a draft it is shown, not only draft from a prompt."""

    def revise(
        self, message: str, previous: Rule | Policy, catalog: Catalog, feedback: list[dict[str, Any]]
    ) -> Rule | Policy | Refusal:
        """Return the previous draft changed as the message asks (same id), or a refusal saying what was not read."""
        ...
