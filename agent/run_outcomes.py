"""Read "how many are held out of the upgrade nudge?", "how many users are in the global control group?", "how many
were capped in the last run?", "which rule lost the most users to other rules?" and answer from the latest completed
run's decisions.

What a run did to people is what it decided, not what a spec says: a planner read "the global control group",
"held out" or "capped" as audience phrases and refused them (or drafted a rule named after them). The answer
counts the latest run's decisions per rule by outcome, the control group's users once each, beside the shares
that run planned.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from agent.rule_audience import RULE_NAME
from agent.types import QuestionAnswer
from orchestrator.describe import describe_share
from tools.run_outcomes import RuleOutcomes, RunOutcomes

# each outcome as a question says it happened to people, and as the answer says it
_OUTCOME_WORDS: dict[str, str] = {
    "holdout": r"held\s+(?:out|back)|in\s+(?:the\s+|a\s+)?holdouts?|holdouts?",
    "capped": r"(?:frequency[- ])?capped|cap(?:ped)?\s+out|hit\s+(?:the\s+|a\s+|their\s+)?(?:frequency\s+)?caps?",
    "suppressed": r"suppressed|excluded|filtered\s+out",
    "stopped": r"stopped|exited",
    "lost": r"lost(?:\s+(?:to\s+(?:other|another|a\s+higher[- ]priority)\s+rules?|out))?|outranked",
    "send": r"sent\s+(?:a\s+)?(?:message|something)|messaged|contacted",
}
_SAID = {"holdout": "held out", "capped": "capped (a frequency cap bit)", "suppressed": "suppressed",
         "stopped": "stopped", "lost": "lost to a higher-priority rule", "send": "sent a message",
         "control": "in the global control group"}
# the verb a rule does it with ("how many did the nudge hold out?")
_VERBS: dict[str, str] = {"holdout": r"hold\s+(?:out|back)|holdout|withhold", "capped": r"cap", "suppressed": r"suppress",
                          "stopped": r"stop", "lost": r"lose", "send": r"send\s+to|message|reach|contact"}
_WHO = r"(?:how\s+many(?:\s+(?:users|people|customers|members|ppl|folks|decisions))?)"
_BE = r"(?:are|were|is|r|got|get|have\s+been|had)"
_WHEN = (r"(?:\s+(?:in\s+|on\s+|during\s+)?(?:the\s+|our\s+)?(?:last|latest|most\s+recent|previous)\s+run|\s+last\s+time|"
         r"\s+(?:right\s+)?now|\s+today)?")
_END = rf"{_WHEN}\s*[?.!]*\s*$"
_CONTROL = r"(?:the\s+|our\s+)?(?:global\s+|universal\s+)?control(?:\s+group)?"
_ASKS_CONTROL = [
    re.compile(rf"^\s*{_WHO}(?:\s+{_BE})?\s+in\s+{_CONTROL}{_END}", re.IGNORECASE),
    re.compile(rf"^\s*how(?:'s|\s+is|\s+was)\s+{_CONTROL}\s+(?:looking|doing){_END}", re.IGNORECASE),
    re.compile(rf"^\s*(?:how\s+(?:big|large)\s+(?:is|was)|what(?:'s|\s+is)\s+the\s+size\s+of|who(?:'s|\s+is)\s+in|"
               rf"size\s+of)\s+{_CONTROL}{_END}", re.IGNORECASE),
    re.compile(rf"^\s*(?:is\s+there|do\s+we\s+have|did\s+we\s+(?:have|keep))\s+an?\s+(?:global\s+|universal\s+)?control"
               rf"(?:\s+group)?{_END}", re.IGNORECASE),
]
_RUN_NAMED = re.compile(r"(?:the\s+)?(?:last|latest|most\s+recent|previous)\s+run", re.IGNORECASE)


def _asks(outcome: str) -> list[re.Pattern[str]]:
    said, verb = _OUTCOME_WORDS[outcome], _VERBS[outcome]
    return [
        # "how many are held out of the upgrade nudge?", "how many users were capped in the last run?"
        re.compile(rf"^\s*{_WHO}(?:\s+{_BE})?\s+(?:{said})(?:\s+(?:of|from|for|in|by|on|to|under)\s+{RULE_NAME})?{_END}",
                   re.IGNORECASE),
        # "how many did the upgrade nudge hold out?", "how many users did the nudge suppress last run?"
        re.compile(rf"^\s*{_WHO}\s+(?:did|has|have)\s+{RULE_NAME}\s+(?:{verb})(?:ped|ed|d)?{_END}", re.IGNORECASE),
        # "which rule lost the most users to other rules?", "which rule had the most people capped?"
        re.compile(rf"^\s*(?:which|what)\s+(?:rules?|polic(?:y|ies)|programs?|campaigns?)\s+(?:(?:{said})\s+the\s+most"
                   rf"(?:\s+(?:users|people|decisions))?(?:\s+to\s+other\s+rules)?|had\s+the\s+most(?:\s+(?:users|people))?"
                   rf"\s+(?:{said})){_END}", re.IGNORECASE),
    ]


def _users(outcome: str) -> list[re.Pattern[str]]:
    said = _OUTCOME_WORDS[outcome]
    return [
        # "show me 5 users who were capped", "list users held out of the nudge", "which users were suppressed last run?"
        re.compile(rf"^\s*(?:(?:show|give|get|pull)(?:\s+me)?|list|which|what|who)\s+(?:\d+\s+|some\s+|a\s+few\s+)?(?:sample\s+)?"
                   rf"(?:(?:users|people|ppl|customers)\s+)?(?:who\s+|that\s+)?(?:were\s+|got\s+|was\s+|are\s+)?(?:{said})"
                   rf"(?:\s+(?:of|from|for|in|by|on|to|under)\s+{RULE_NAME})?{_END}", re.IGNORECASE),
    ]


_ASKS = {outcome: _asks(outcome) for outcome in _OUTCOME_WORDS}
_ASKS_USERS = {outcome: _users(outcome) for outcome in _OUTCOME_WORDS if outcome != "send"}
# "which users got the nudge last run?"
_ASKS_USERS["send"] = [re.compile(rf"^\s*(?:which|what|list|show(?:\s+me)?)\s+(?:\d+\s+)?(?:users|people)\s+(?:got|received|were\s+sent)\s+"
                                  rf"{RULE_NAME}(?:\s+(?:message|email|push))?\s+(?:in\s+|on\s+)?(?:the\s+)?(?:last|latest|"
                                  r"most\s+recent|previous)\s+run\s*[?.!]*\s*$", re.IGNORECASE)]
# "which cap bit the most last run?", "why were users capped?": the caps the capped decisions name
_CAPS = re.compile(rf"^\s*(?:(?:which|what)\s+(?:frequency\s+)?caps?\s+(?:bit|hit|applied|fired|kicked\s+in|held\s+back)"
                   rf"(?:\s+(?:the\s+)?most)?(?:\s+(?:users|people))?|why\s+(?:were|was|are)\s+(?:so\s+many\s+)?(?:users|people|"
                   rf"they|decisions)\s+capped)(?:\s+(?:by|in|for)\s+{RULE_NAME})?{_END}", re.IGNORECASE)
# "who got the upgrade nudge in the last run?": the rule's sends in that run ("how many users got the upgrade nudge?",
# no run named, is the rule's measurement: `performance_match`)
_ASKS["send"].append(re.compile(rf"^\s*(?:{_WHO}|who)\s+(?:got|received|were\s+sent|was\s+sent)\s+{RULE_NAME}"
                                r"(?:\s+(?:message|email|push))?\s+(?:in\s+|on\s+|during\s+)?(?:the\s+|our\s+)?"
                                r"(?:last|latest|most\s+recent|previous)\s+run\s*[?.!]*\s*$", re.IGNORECASE))
_HOW_BIG_HOLDOUT = [
    # "how big is the holdout of the nudge?", "how big was the upgrade nudge's holdout last run?"
    re.compile(rf"^\s*(?:how\s+(?:big|large)\s+(?:is|was|are|were)|what\s+(?:is|was)\s+the\s+size\s+of)\s+(?:the\s+)?"
               rf"holdouts?(?:\s+(?:of|for|in|on)\s+{RULE_NAME})?{_END}", re.IGNORECASE),
    re.compile(rf"^\s*how\s+(?:big|large)\s+(?:is|was)\s+{RULE_NAME}(?:'s|s')\s+holdout{_END}", re.IGNORECASE),
]


class OutcomeAsk(BaseModel):
    """What a question about a run's decisions asks: an outcome (control: the global control group), the words naming
    a rule (None: every rule), whether a run was named, and whether it asks which rule had the most."""

    outcome: str
    name: str | None = None
    of_run: bool = False  # "last run": not a draft's holdout, though a draft is on the table
    most: bool = False
    users: int | None = None  # "show me 5 users who were capped": how many of them to name (0: a few per rule)
    caps: bool = False  # "which cap bit the most?": the caps the capped decisions name


def _ask(outcome: str, prompt: str, m: re.Match[str]) -> OutcomeAsk:
    name = (m.groupdict().get("name") or "").strip()
    if _RUN_NAMED.fullmatch(name):
        name = ""  # "held out in the last run": the run, no rule
    return OutcomeAsk(outcome=outcome, name=name or None, most=re.match(r"\s*(?:which|what)\b", prompt, re.I) is not None,
                      of_run=re.search(r"\brun\b|\blast\s+time\b", prompt, re.IGNORECASE) is not None)


def asks_run_outcome(prompt: str) -> OutcomeAsk | None:
    """Return what a question about whom the latest run held out, capped, suppressed, ... asks, else None (a named
    rule is checked later)."""
    if any(p.match(prompt) for p in _ASKS_CONTROL):
        return OutcomeAsk(outcome="control")
    if (m := _CAPS.match(prompt)) is not None:
        return _ask("capped", prompt, m).model_copy(update={"caps": True, "of_run": True})
    for outcome, patterns in _ASKS_USERS.items():
        for pattern in patterns:
            if (m := pattern.match(prompt)) is not None:
                number = re.search(r"\b(\d{1,2})\s+(?:sample\s+)?(?:users|people|ppl|customers)\b", prompt)
                return _ask(outcome, prompt, m).model_copy(
                    update={"users": int(number.group(1)) if number else 0, "of_run": True, "most": False})
    for pattern in _HOW_BIG_HOLDOUT:
        if (m := pattern.match(prompt)) is not None:
            return _ask("holdout", prompt, m)
    for outcome, patterns in _ASKS.items():
        for pattern in patterns:
            if (m := pattern.match(prompt)) is not None:
                ask = _ask(outcome, prompt, m)
                # "how many users did the nudge reach?" with no run named is the rule's measurement (performance)
                return None if outcome == "send" and not ask.of_run and not ask.most else ask
    return None


COLUMNS = ["rule", "policy", "holdout share", "sent", "held out", "control", "suppressed", "stopped", "capped", "lost",
           "decisions"]


def _row(rule: RuleOutcomes) -> list[object]:
    o = rule.outcomes
    return [rule.rule_id, rule.policy_id or "-", describe_share(rule.holdout_share), o.get("send", 0),
            o.get("holdout", 0), o.get("control", 0), o.get("suppressed", 0), o.get("stopped", 0), o.get("capped", 0),
            o.get("lost", 0), rule.decided]


def _control_sentence(ran: RunOutcomes, run: str) -> str:
    if ran.control_users:
        return (f"The global control group in {run}: {ran.control_users:,} user(s), at a share of "
                f"{describe_share(ran.control_share)}; each rule's row counts those of them in its audience")
    return (f"The global control group in {run} is empty: the run's control group share was "
            f"{describe_share(ran.control_share)} (a policy's control_group_share sets one); the rules held out "
            f"{sum(r.outcomes.get('holdout', 0) for r in ran.rules):,} user(s) of their own")


def outcome_answer(ran: RunOutcomes, ask: OutcomeAsk, rule_ids: list[str] | None) -> QuestionAnswer:
    """Return the latest run's decisions of `rule_ids` (None: every rule), said for the outcome asked."""
    outcome = ask.outcome
    shown = sorted((r for r in ran.rules if rule_ids is None or r.rule_id in rule_ids),
                   key=lambda r: (-r.outcomes.get(outcome, 0), r.rule_id))
    run = f"the latest run, {ran.run_id} (as of {ran.as_of:%Y-%m-%d %H:%M})"
    said = _SAID[outcome]
    notes = ["each row is one rule's decisions in that run, by outcome (`mcc runs` has every run's totals); a held-out "
             "user is eligible and kept from the message to measure lift; the control group gets no marketing message "
             "from any rule", "mcc explain USER_ID says why one user got that outcome"]
    if ask.caps:
        rows = [[cap, n] for cap, n in ran.caps.items()]
        top = f"; the most by {rows[0][0]} ({rows[0][1]:,})" if rows else ""
        total = sum(ran.caps.values())
        return QuestionAnswer(question=f"{total:,} decision(s) capped in {run}{top}", sql="",
                              columns=["cap", "capped decisions"], rows=rows, notes=[
                                  "a cap counts the messages each user got in its window, this run's included; the "
                                  "rules' and policies' caps are said by `what's the frequency cap of RULE?`",
                                  "mcc explain USER_ID says which messages counted for one user"])
    if ask.users is not None:
        picked = [(r.rule_id, u) for r in shown for u in r.samples.get(outcome, [])][: ask.users or None]
        total = sum(r.outcomes.get(outcome, 0) for r in shown)
        return QuestionAnswer(
            question=f"{total:,} user decision(s) {said} in {run}; a few of them by rule (mcc explain USER_ID says why)",
            sql="", columns=["rule", "user"], rows=[[rule_id, user] for rule_id, user in picked], notes=[
                f"the first {len(picked)} by id; `mcc explain USER_ID --rule RULE_ID` shows every check with the values "
                "it saw"])
    if outcome == "control":
        question = _control_sentence(ran, run)
    elif len(shown) == 1:
        rule = shown[0]
        share = f", at a holdout share of {describe_share(rule.holdout_share)}" if outcome == "holdout" else ""
        question = (f"{rule.rule_id}: {rule.outcomes.get(outcome, 0):,} user(s) {said} in {run}{share}, of "
                    f"{rule.decided:,} decision(s)")
    else:
        total = sum(r.outcomes.get(outcome, 0) for r in shown)
        top = f"; the most in {shown[0].rule_id} ({shown[0].outcomes.get(outcome, 0):,})" if shown and total else ""
        question = f"{total:,} decision(s) {said} in {run}, across {len(shown)} rule(s){top}"
    return QuestionAnswer(question=question, sql="", columns=COLUMNS, rows=[_row(r) for r in shown], notes=notes)
