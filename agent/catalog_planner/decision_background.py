"""Set aside the story a marketer tells before a decision ("We're a fitness app and churn has been creeping up
since September. Our CRM team has three programs ready. For at-risk users we want A first, B second …"): a
leading sentence in the voice of the business that names no people, no message, no rank and no guard is
background. Left in, its words were drafted as programs ('fitness_app_churn', 'rest_crm_team') with people of
their own (anyone who ever cancelled)."""

from __future__ import annotations

import re

from agent.catalog_planner.unread import MESSAGE_NOUNS

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n+|$)\s*")
# the voice of a story: who we are, what happened, lately
_STORY = re.compile(
    r"^\s*(?:we|we're|we've|we are|we have|our|i|i'm|i've|this|these|lately|recently|last|since|over|churn|"
    r"retention|conversion|revenue|engagement|so|heads up|note|quick context|some context)\b",
    re.IGNORECASE,
)
# "Context for you: retention dipped in Q3 and leadership wants action.": a label that says a story follows
_LABEL = re.compile(
    r"^\s*(?:(?:some |quick |a bit of )?(?:context|background)(?: for (?:you|context))?|fyi|for context)\s*[:\-\u2013\u2014]\s*",
    re.IGNORECASE,
)
# the ask's words; after a story label, someone else wanting something ("leadership wants action") is the story
_ASKS = re.compile(r"\b(?:want|need|should|must|prefer|rather|instead)\b", re.IGNORECASE)
# how messages travel ("too many emails lately"): no program
_CHANNELS = frozenset({"email", "emails", "sms", "text", "texts", "push", "pushes", "notification", "notifications"})
_SAYS_MORE = re.compile(
    # a rank, a guard or a setting: the sentence is part of the ask
    r"\b(?:first|then|before|after|over|above|below|ahead|beats?|outranks?|trumps?|wins?|priorit\w*|rank\w*|order|"
    r"top|last(?!\s+(?:week|month|quarter|year|summer|winter|spring|fall|autumn|season|time|few|release|launch|update|version|sprint|\d))|second|third|"
    r"most|least|important|matters?|more than|stop|suppress\w*|never|don'?t|do not|"
    r"exclude|unless|hold|cap|skip|only|holdout|vs|versus)\b|[>:;\u2192]|->"
    # people, or a list of programs
    r"|\b(?:users?|people|customers?|members?|subscribers?|trialists|signups?|anyone|everyone|those|who|whose)\b",
    re.IGNORECASE,
)


# "We're a fitness app with about 200k users": how big the business is, no people for a program
_SIZE = re.compile(
    r"\b\d[\d,.]*\s*(?:k|m|mm|million|thousand|hundred)?\s+(?:(?:active|monthly|paying|daily|registered)\s+)?"
    r"(?:users|members|customers|subscribers|people)\b",
    re.IGNORECASE,
)


def _is_story(sentence: str, labelled: bool) -> bool:
    """Return True when a sentence only tells the background: the story's voice (or a story label before it), no
    rank, guard, people or message."""
    if not (labelled or _STORY.match(sentence)) or _SAYS_MORE.search(_SIZE.sub(" ", sentence)):
        return False
    if not labelled and _ASKS.search(sentence):
        return False  # "We want A first" is the ask
    # the words as said: "asking about it" is no "referral ask", "too many emails" no program
    said = [w for w in re.findall(r"[\w-]+", sentence.lower()) if w not in _CHANNELS]
    return not any(w in MESSAGE_NOUNS or w.removesuffix("s") in MESSAGE_NOUNS for w in said)


def without_background(prompt: str) -> str:
    """Return the prompt without the background sentences that open it, when a sentence of the ask follows."""
    label = _LABEL.match(prompt)
    sentences = _SENTENCE.findall(prompt[label.end() :] if label else prompt)
    lead = 0
    while lead < len(sentences) - 1 and _is_story(sentences[lead], label is not None):
        lead += 1
    return "".join(sentences[lead:]) if lead else prompt
