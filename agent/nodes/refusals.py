"""What the agent says when it will not do what was asked: each refusal names why and what to type instead.

A request to approve or go live is told who approves and with which command; one to change data, that the
warehouse is read-only to the agent; a change or a "propose it" with no draft, how to get one; anything else,
what the agent does; a value out of a field's range, the range.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from agent.catalog_planner.intent import is_approval_request
from agent.draft_questions import rule_named
from agent.revision_cues import reads_as_proposal, reads_as_revision
from agent.types import Refusal
from orchestrator.registry import VersionInfo
from orchestrator.spec_errors import problem_message

OUT_OF_SCOPE = (
    "This asks for something the command center does not do. It drafts eligibility rules and decision "
    "policies, diagnoses a metric change across segments, answers data questions from the warehouse, and says how "
    "a rule that ran is doing against its holdout."
)
NOT_AN_APPROVER = (
    "The agent does not approve, apply or run rules, and does not change data: it drafts and proposes. Approving is "
    "a person's act in the registry, by someone other than the proposal's author; `mcc run` then applies what is approved."
)


# "what's waiting for review?", "show me trial_policy", "list the rules": the registry, which a person reads
SHOW_RULE = re.compile(r"^\s*(?:show|open|display|print)(?: me)? (?:the )?(?P<rule>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b", re.IGNORECASE)
_ASKS_REGISTRY = re.compile(r"^\s*(?:(?:ok|so|and|hi|hey)\s*,?\s*)*(?:what|which|any|are there|is there|do we have|do i have|"
                            r"show|list|give me)\b", re.IGNORECASE)
_REVIEW_WORDS = re.compile(r"\b(?:waiting for (?:a )?(?:review|approval|reviewer)|for review|review queue|proposals?|"
                           r"pending (?:proposals?|reviews?|approvals?|rules?|changes?)|needs? (?:my |an? )?(?:approval|review))\b",
                           re.IGNORECASE)
_RULE_WORDS = re.compile(r"\b(?:rules|policies|programs|campaigns|versions)\b|^\s*what(?:'s| is) (?:running|live)\b", re.IGNORECASE)


def asks_about_registry(prompt: str) -> bool:
    """Return True when a short question asks what the registry holds ("what's waiting for review?", "which
    rules are live?", "show me trial_policy"), not about users ("which users are active?")."""
    if SHOW_RULE.match(prompt):
        return True
    short = len(prompt.split()) <= 12 and _ASKS_REGISTRY.match(prompt) is not None
    return short and (_REVIEW_WORDS.search(prompt) is not None or _RULE_WORDS.search(prompt) is not None)


def registry_refusal(rule_id: str | None) -> Refusal:
    """Say where the registry is read and reviewed, naming the rule a prompt names."""
    target = rule_id or "RULE_ID"
    return Refusal(
        reason=("The registry (what is proposed, approved, running, and each rule's history) is read with `mcc rules`; "
                "in chat the agent answers 'what changed in RULE_ID?' and a reviewer types /approve RULE_ID."),
        suggestions=["mcc rules list: every rule and version; what is waiting for review is listed last",
                     f"mcc rules show {target}, mcc rules diff {target}, mcc rules history {target}",
                     f"ask here: 'what changed in {target}?'"],
    )


NOTHING_TO_PROPOSE = "There is no draft here to propose: a proposal is a draft this thread made first."


# What the approval guard refuses is either putting something live or changing the data: each is told its own why.
DATA_CHANGE = re.compile(r"\b(?:delete|drop|truncate|alter|insert into|update)\b", re.IGNORECASE)
GO_LIVE = re.compile(r"\b(?:approv\w*|go live|apply|deploy|activate|publish|enable|roll out|ship|launch|mcc run)\b",
                     re.IGNORECASE)
DATA_CHANGE_REFUSAL = Refusal(
    reason=("The agent reads the warehouse and never changes it: no deletes, updates or schema changes (its SQL runs "
            "on a read-only connection). It drafts rules and policies, diagnoses metric changes and answers data questions."),
    suggestions=["ask it as a question instead, e.g. 'How many trial users are on iOS?'",
                 "change data through the pipeline: mcc warehouse build, mcc collect load FILE"],
)


# Rolling back, retiring, importing specs and delivering are a person's acts on the registry and the outbox, with
# commands of their own; a planner would read "retire the upgrade nudge" or "deliver the outbox" as a rule to draft.
_RULE_ID = r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+"
_A_RULE = rf"(?:rules?|polic(?:y|ies)|campaigns?|programs?|nudges?|journeys?|{_RULE_ID})"
REGISTRY_ACT = re.compile(
    rf"\b(?:roll(?:ed|ing)?[\s-]?back|revert(?:ed|ing)?)\b(?=[^.;!?]*\b(?:v(?:ersion)?\s*\d+|{_A_RULE})\b)"
    r"|\brestore\b(?=[^.;!?]*\b(?:v(?:ersion)?\s*\d+|(?:earlier|previous|old|last) (?:approved )?version)\b)"
    rf"|\b(?:un-?)?retire\s+(?:it|them|(?:(?:the|our|this|that|my)\s+)?(?:[\w-]+\s+){{0,3}}?{_A_RULE})\b"
    # "pause the upgrade nudge", "turn off trial_policy for now": stopping what runs, said whole and naming it (a pause
    # "for users with open tickets" or "until they subscribe" is a suppression or a stop to draft; "kill it" in chat
    # is the draft's, and does not match)
    rf"|^\s*(?:please\s+)?(?:(?:un)?pause|resume|disable|deactivate|suspend|kill|turn\s+off|switch\s+off|shut\s+off|"
    rf"stop\s+running|stop\s+sending)\s+(?:(?:the|our|this|that|my)\s+)?(?:[\w-]+\s+){{0,3}}?{_A_RULE}"
    r"(?:\s+(?:now|for now|for a while|for the week|immediately|today|please))?\s*[.!]*\s*$"
    r"|\b(?:deliver|send|flush|dispatch|release)\s+(?:out\s+)?(?:(?:the|all|all the|every)\s+)?(?:outbox|queued\b|queue\b|"
    r"pending (?:messages|sends)|messages? (?:in|from) the (?:outbox|queue))"
    r"|\bimport\s+(?:(?:the|these|those|my|our|all|all the)\s+)?(?:rules?|specs?|polic(?:y|ies)|yaml|spec files?)\b"
    r"|\bmcc\s+(?:deliver|rules\s+(?:rollback|retire|import))\b",
    re.IGNORECASE,
)


# a file the agent would write: it answers in the terminal and writes nothing but proposals
FILE_EXPORT = re.compile(
    r"^\s*(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:export|download|dump|save|write\s+out|send\s+me)\b[^.?!]*?"
    r"\b(?:csv|file|spreadsheet|excel|xlsx|json|google\s+sheets?|sheet|s3|bucket)\b",
    re.IGNORECASE,
)
FILE_EXPORT_REFUSAL = Refusal(
    reason="The agent writes no files: it answers here, and its only write is a proposal you confirm.",
    suggestions=["ask for the rows here, e.g. 'list trial users who opted out'; `mcc ask \"...\" --json` prints them "
                 "as JSON to redirect to a file",
                 "mcc sql \"SELECT user_id FROM user_traits WHERE ...\" --json > users.json (read-only, guarded)"],
)


def asks_file_export(prompt: str) -> bool:
    """Return True when the prompt asks the agent to write users or rows to a file ("export trial users to a csv")."""
    return FILE_EXPORT.search(prompt) is not None


def asks_registry_act(prompt: str) -> bool:
    """Return True when the prompt asks to roll back, retire, import or deliver: acts a person runs, not drafts."""
    return REGISTRY_ACT.search(prompt) is not None


def registry_act_refusal(rule_id: str | None) -> Refusal:
    """Say that rolling back, retiring, importing and delivering are a person's commands, naming the rule when known."""
    target = rule_id or "RULE_ID"
    return Refusal(
        reason=("The agent does not roll back, retire, import or deliver: those change what runs or what is sent, and "
                "each is a person's command on the registry or the outbox. The agent drafts and proposes."),
        suggestions=[
            f"mcc rules rollback {target} --to VERSION --as NAME: make an earlier approved version active again",
            f"mcc rules retire {target} --comment WHY --as NAME: stop running it (a pause: rollback to its version "
            "resumes it)",
            "mcc rules import DIR --as NAME: file a folder of specs as proposals for review",
            "mcc deliver --to DESTINATION: send what approved rules queued",
            f"mcc rules approve {target} --as REVIEWER: approve a proposal (someone other than its author)",
        ],
    )


def approval_refusal(rule_id: str | None) -> Refusal:
    """Say who approves and with which command, naming the rule when the prompt or the thread names one."""
    target = rule_id or "RULE_ID"
    return Refusal(
        reason=NOT_AN_APPROVER,
        suggestions=[
            f"if {target} is not proposed yet, propose it first: answer y when chat asks, or mcc ask \"...\" --propose --as NAME",
            f"then a reviewer other than its author runs: mcc rules approve {target} --as REVIEWER "
            f"(or /approve {target} in mcc chat --as REVIEWER)",
            "mcc rules list shows what is waiting for review",
        ],
    )


def approval_answer(rule_id: str, waiting: VersionInfo | None, running: VersionInfo | None, actor: str) -> Refusal:
    """Say what the registry holds of the rule a person asked the agent to approve, and the command that is theirs:
    the version waiting and who may approve it (not its author), or that the rule already runs."""
    if waiting is not None:
        said = f"{rule_id} v{waiting.version} is waiting for review, proposed by {waiting.author}."
        if waiting.author == actor:
            return Refusal(reason=f"{NOT_AN_APPROVER} {said} You proposed it, so someone else approves it.", suggestions=[
                f"a reviewer other than {actor}: mcc rules approve {rule_id} --as REVIEWER "
                f"(or /approve {rule_id} in mcc chat --as REVIEWER)",
                f"mcc rules withdraw {rule_id} --as {actor}: take it back before anyone reviews it",
            ])
        return Refusal(reason=f"{NOT_AN_APPROVER} {said} You can approve it yourself, as {actor}.", suggestions=[
            f"/approve {rule_id} here, or mcc rules approve {rule_id} --as {actor}",
            f"mcc preview {rule_id} --version {waiting.version} first: whom it reaches",
            f"mcc rules reject {rule_id} --comment WHY --as {actor}: send it back",
        ])
    assert running is not None
    return Refusal(reason=(f"{NOT_AN_APPROVER} {rule_id} v{running.version} is already approved (by {running.reviewer}) "
                           "and runs: nothing of it waits for review."),
                   suggestions=[f"mcc rules show {rule_id}: the version that runs", "mcc run: apply what is approved"])


_APPROVE_WHAT = re.compile(r"\bapprov\w*\s+(?P<name>[^.?!,;]+?)\s*(?:\b(?:as|for me|please|now|today)\b|[.?!,;]|$)",
                           re.IGNORECASE)


def registry_approval(prompt: str, draft_id: str | None, versions: list[VersionInfo], actor: str) -> Refusal | None:
    """Return the approval answer for the registry's rule the prompt ("approve the trial policy") or the thread's
    draft names, from its versions; None when it names none the registry holds waiting or running."""
    ids = sorted({v.rule_id for v in versions})
    said = _APPROVE_WHAT.search(prompt)
    rule_id = (rule_named(said["name"], ids) if said else None) or (draft_id if draft_id in ids else None)
    mine = [v for v in versions if v.rule_id == rule_id]
    waiting = max((v for v in mine if v.status == "proposed"), key=lambda v: v.version, default=None)
    running = next((v for v in mine if v.status == "approved"), None)  # superseded ones no longer run
    if rule_id is None or (waiting is None and running is None):
        return None
    return approval_answer(rule_id, waiting, running, actor)


# Rule ids are snake_case ('upgrade_nudge'): a word of that shape in 'approve upgrade_nudge' names the rule.
RULE_ID = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def named_rule(prompt: str, thread_draft: str | None) -> str | None:
    """Return the rule id the prompt names, else the id of the thread's draft, else None."""
    named = RULE_ID.search(prompt)
    return named.group(0) if named else thread_draft


def nothing_to_change(prompt: str) -> Refusal:
    """Say that a change was asked for where there is no draft to change, and how to get one."""
    return Refusal(
        reason=(f"{prompt.strip()!r} reads as a change to a draft, and there is no draft here to change: a change "
                "applies to the draft a chat thread made before."),
        suggestions=[
            "describe the rule first, e.g. 'Create eligibility rules for an upgrade nudge for trial users who viewed "
            "pricing', then ask for the change",
            "or resume the thread that has the draft: mcc chat --thread NAME",
        ],
    )


def refusal_for(prompt: str, thread_draft: str | None) -> Refusal:
    """Return the refusal for a prompt the agent will not act on; `thread_draft` is the id of the thread's draft."""
    if asks_file_export(prompt):
        return FILE_EXPORT_REFUSAL
    if asks_registry_act(prompt):  # before approval: "import the rules and approve them" is told the import command too
        return registry_act_refusal(named_rule(prompt, thread_draft))
    if is_approval_request(prompt):
        if DATA_CHANGE.search(prompt) and not GO_LIVE.search(prompt):
            return DATA_CHANGE_REFUSAL
        return approval_refusal(named_rule(prompt, thread_draft))
    if reads_as_revision(prompt):  # "hold out 20%" with no draft on the table
        return nothing_to_change(prompt)
    if asks_about_registry(prompt):
        shown = SHOW_RULE.match(prompt)
        return registry_refusal(shown["rule"] if shown else named_rule(prompt, None))
    if reads_as_proposal(prompt):  # "propose it" with no draft on the table
        return Refusal(reason=NOTHING_TO_PROPOSE, suggestions=[
            "describe the rule first, e.g. 'Create eligibility rules for an upgrade nudge for trial users who viewed pricing'",
            'or in one step: mcc ask "PROMPT" --propose --as YOUR_NAME',
        ])
    return Refusal(
        reason=OUT_OF_SCOPE,
        suggestions=[
            "Create eligibility rules for an upgrade nudge ...",
            "Why did conversion drop on iOS this week? ...",
            "How many trial users completed 3 workouts?",
            "Is the upgrade nudge working?",
        ],
    )


def out_of_range(exc: ValidationError) -> Refusal:
    """Return the refusal of a request whose words asked for a value out of a field's range ("in the last 5000
    days", "hold out 80%"): the planners build specs and plans from the words, and the types hold the ranges."""
    problems = [f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {problem_message(e)}" for e in exc.errors()]
    return Refusal(reason="The request asks for a value out of range: " + "; ".join(problems),
                   suggestions=["say a value in the range named; `mcc rules schema` lists every rule field's range"])
