"""Read "when did the last run happen?" or "how many messages are waiting?" and answer from the runs on record.

What ran, when, how it ended and where its messages stand is `mcc runs`; a planner drafted a rule from such a
question ("when did the last run happen?" became a rule for people whose preferred workout is running) or refused
it. The answer lists the latest runs, newest first, with their decisions and their messages by delivery status.
"""

from __future__ import annotations

import re

from agent.types import QuestionAnswer
from orchestrator.run_history import RunSummary

_RUN = r"(?:executor\s+)?runs?"
_ASKS = re.compile(
    rf"^\s*(?:when\s+(?:did|was|were)\s+(?:the\s+)?(?:last|latest|most\s+recent|previous)\s+{_RUN}(?:\s+(?:happen|run|finish|"
    rf"start|done))?|when\s+did\s+(?:we|it|the\s+executor|mcc)\s+last\s+run|did\s+(?:the\s+)?(?:last|latest)\s+{_RUN}\s+"
    rf"(?:succeed|fail|work|finish|go\s+ok)|what\s+did\s+(?:the\s+)?(?:last|latest)\s+{_RUN}\s+do|"
    rf"(?:show|list|give)(?:\s+me)?\s+(?:the\s+|all\s+)?(?:recent\s+|last\s+|latest\s+)?{_RUN}|"
    rf"what\s+ran\s+(?:today|yesterday|last|most\s+recently|recently)(?:\s+\w+)?|what\s+(?:are|were)\s+the\s+(?:recent|last)\s+{_RUN}|"
    r"how\s+many\s+(?:messages|sends)\s+(?:are|were)\s+(?:still\s+)?(?:waiting|queued|pending|parked|stuck)"
    r"(?:\s+(?:in\s+the\s+(?:outbox|queue)|to\s+(?:go\s+out|be\s+sent|send)))?|"
    r"what(?:'s|\s+is)\s+(?:waiting\s+)?in\s+the\s+(?:outbox|queue)|is\s+anything\s+(?:stuck|parked|waiting)"
    r"(?:\s+in\s+the\s+(?:outbox|queue))?|"
    # "are any messages parked?", "how many messages failed to deliver?", "did any messages fail?"
    r"(?:are|is)\s+(?:there\s+)?any\s+(?:messages|sends)\s+(?:parked|stuck|failed|failing|waiting|pending|queued)"
    r"(?:\s+in\s+the\s+(?:outbox|queue))?|how\s+many\s+(?:messages|sends|deliveries)\s+(?:failed|bounced|were\s+parked|"
    r"got\s+parked)(?:\s+to\s+(?:deliver|go\s+out|send))?|did\s+any\s+(?:messages|sends|deliveries)\s+fail|"
    # "what did the last run send?", "how many messages did the last run queue?", "when did the nudge last run?"
    rf"what\s+did\s+(?:the\s+)?(?:last|latest|previous)\s+{_RUN}\s+(?:send|queue|decide)|how\s+many\s+(?:messages|sends)\s+"
    rf"did\s+(?:the\s+)?(?:last|latest|previous)\s+{_RUN}\s+(?:queue|send|produce)|when\s+did\s+(?:the\s+|our\s+)?"
    r"[\w\s-]+?\s+last\s+run|when(?:'s|\s+is|\s+will\s+be)\s+the\s+next\s+run)\s*[?.!]*\s*$",
    re.IGNORECASE,
)

COLUMNS = ["run", "as of", "status", "by", "decisions", "messages queued", "their delivery"]
LATEST = 10  # runs listed: `mcc runs --limit N` has more


def asks_about_runs(prompt: str) -> bool:
    """Return whether a prompt asks what the executor ran or what its outbox holds."""
    return _ASKS.match(prompt) is not None


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{outcome} {n:,}" for outcome, n in counts.items() if n) or "none"


def runs_answer(runs: list[RunSummary]) -> QuestionAnswer:
    """Return the latest runs as a table, with a sentence on the newest and on the messages still waiting."""
    if not runs:
        return QuestionAnswer(question="Nothing has run yet: `mcc run` applies the approved rules", sql="",
                              columns=COLUMNS, rows=[])
    latest = runs[0]
    waiting = sum(r.messages.get("pending", 0) for r in runs)
    parked = sum(r.messages.get("parked", 0) for r in runs)
    question = (f"The latest run is {latest.run_id}, as of {latest.as_of:%Y-%m-%d %H:%M}, {latest.status} "
                f"(started {latest.started_at:%Y-%m-%d %H:%M} by {latest.actor}); {waiting:,} message(s) of these runs "
                f"wait for delivery" + (f" and {parked:,} are parked after failures" if parked else ""))
    rows = [[r.run_id, f"{r.as_of:%Y-%m-%d %H:%M}", r.status, r.actor, _counts(r.decisions), r.sends,
             _counts(r.messages)] for r in runs[:LATEST]]
    notes = ["mcc runs lists more (--limit N); mcc deliver --to DESTINATION sends what is due; "
             "mcc deliver --retry-parked tries the parked ones again",
             "a run happens when someone (or a scheduler calling it) runs `mcc run`: the command center keeps no "
             "schedule of its own"]
    return QuestionAnswer(question=question, sql="", columns=COLUMNS, rows=rows, notes=notes)
