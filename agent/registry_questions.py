"""Read a reviewer's questions about the registry that `refusals.asks_about_registry` does not list: how many rules
run ("how many rules are running?", "how many policies do we have?"), whether any were rejected, and one rule's
versions ("show me the history of the trial policy", "what's the latest version of the nudge?", "who reviewed the
upgrade nudge and when?").

A planner counted users whose preferred workout is running for the first, and drafted or refused the others.
The counts are the registry's listing; a rule's versions are each version with its status, who proposed and who
decided it, and when.
"""

from __future__ import annotations

import re

from agent.types import QuestionAnswer
from orchestrator.registry.records import VersionInfo

_THINGS = r"(?:rules?|polic(?:y|ies)|programs?|campaigns?|versions?|journeys?|flows?)"
_COUNTS = re.compile(
    rf"^\s*(?:how\s+many\s+{_THINGS}\s+(?:are\s+(?:running|live|active|there|approved|waiting|pending|proposed)|do\s+we\s+"
    rf"(?:have|run)|have\s+we\s+got|exist|run|are\s+in\s+the\s+registry)|(?:has|have)\s+(?:anyone|anybody|a\s+reviewer)\s+"
    rf"rejected\s+(?:a|any)\s+{_THINGS}|(?:were|was)\s+(?:any|a)\s+{_THINGS}\s+rejected|(?:are\s+there\s+)?any\s+rejected\s+"
    rf"{_THINGS})(?:\s+(?:now|today|yet|so\s+far))?\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_NAME = r"(?:the\s+|our\s+)?(?P<name>[\w\s-]+?)(?:'s|s')?"
_HISTORY = [
    re.compile(rf"^\s*(?:(?:show|give|get)(?:\s+me)?|what(?:'s|\s+is|\s+are)|list|tell\s+me)\s+(?:the\s+)?(?:version\s+|review\s+)?"
               rf"(?:history|versions|audit\s+trail|changelog)\s+(?:of|for)\s+{_NAME}\s*[?.!]*\s*$", re.IGNORECASE),
    re.compile(rf"^\s*what(?:'s|\s+is)\s+the\s+(?:latest|current|newest|last)\s+version\s+(?:of|for)\s+{_NAME}\s*[?.!]*\s*$",
               re.IGNORECASE),
    re.compile(rf"^\s*which\s+version\s+of\s+{_NAME}\s+(?:is\s+)?(?:running|live|approved)\s*[?.!]*\s*$", re.IGNORECASE),
    re.compile(rf"^\s*who\s+(?:reviewed|approved|proposed|wrote)\s+{_NAME}\s+and\s+when\s*[?.!]*\s*$", re.IGNORECASE),
    re.compile(rf"^\s*when\s+(?:was|were)\s+{_NAME}\s+(?:approved|proposed|reviewed|created|changed|last\s+changed)"
               r"\s*[?.!]*\s*$", re.IGNORECASE),
    re.compile(rf"^\s*how\s+many\s+versions\s+(?:of\s+{_NAME}\s+are\s+there|does\s+{_NAME.replace('name', 'name2')}\s+have)"
               r"\s*[?.!]*\s*$", re.IGNORECASE),
]


def asks_registry_count(prompt: str) -> bool:
    """Return whether a question counts what the registry holds ("how many rules are running?")."""
    return _COUNTS.match(prompt) is not None


def asks_rule_history(prompt: str) -> str | None:
    """Return the words naming the rule whose versions a question asks about, else None (checked later)."""
    for pattern in _HISTORY:
        if (m := pattern.match(prompt)) is not None:
            found = m.groupdict()
            return (found.get("name") or found.get("name2") or "").strip() or None
    return None


COLUMNS = ["version", "status", "proposed by", "proposed at", "decided by", "decided at", "comment"]
_SAID = {"approved": "running", "proposed": "waiting for review"}


def history_answer(rule_id: str, versions: list[VersionInfo]) -> QuestionAnswer:
    """Return every version of a rule, newest first, with where it stands and who proposed and decided it, when."""
    mine = sorted((v for v in versions if v.rule_id == rule_id), key=lambda v: -v.version)
    rows = [[f"v{v.version}", _SAID.get(v.status, v.status), v.author, f"{v.created_at:%Y-%m-%d %H:%M}",
             v.reviewer or v.retired_by or "", f"{v.decided_at:%Y-%m-%d %H:%M}" if v.decided_at else "",
             v.comment or v.retire_comment or ""] for v in mine]
    running = next((v for v in mine if v.status == "approved"), None)
    runs = (f"v{running.version} runs, approved by {running.reviewer} on {running.decided_at:%Y-%m-%d %H:%M}"
            if running is not None and running.decided_at is not None else "no version runs")
    question = f"{rule_id} has {len(mine)} version(s), the latest v{mine[0].version} ({_SAID.get(mine[0].status, mine[0].status)}); {runs}" \
        if mine else f"{rule_id} has no version in the registry"
    return QuestionAnswer(question=question, sql="", columns=COLUMNS, rows=rows,
                          notes=[f"mcc rules history {rule_id} has every act on it (proposals, reviews, rollbacks); "
                                 f"mcc rules diff {rule_id} what the latest version changes"])
