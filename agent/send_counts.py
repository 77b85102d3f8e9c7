"""Read "which rules sent the most messages last week?" and answer by counting the messages of each rule.

Every message in `fct_messages` carries the rule that sent it (the executor's deliveries land there too), so
"which rule sends the most?", "how many emails did the upgrade nudge send in October?", "messages per rule this
month" are a count per rule over the period named (relative to the data end, as every question's period is).
The registry's list answered them before: it knows which rules run, not what they sent.
"""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel
from sqlglot import exp

from agent.catalog_planner.debug_cues import names_period
from agent.catalog_planner.debug_window import read_period
from agent.catalog_planner.text import normalize
from agent.draft_questions import rule_named
from agent.types import QuestionAnswer
from orchestrator.describe import describe_share
from tools.named_periods import PeriodSpec, named_period

# the words a message is called by, and the channel a kind of message names
_MESSAGES = r"(?:messages?|msgs?|sends?|notifications?|emails?|e-mails?|pushe?s?|push\s+notifications?|sms|texts?|in-?apps?)"
_CHANNELS = {"email": r"e-?mails?", "push": r"push(?:es)?(?:\s+notifications?)?", "sms": r"sms|texts?",
             "in_app": r"in-?apps?"}
_RULES = r"(?:rules?|polic(?:y|ies)|campaigns?|programs?|journeys?|flows?)"
_SEND = r"(?:sent|send|sends|sending|fired|pushed|delivered)"
_TAIL = r"(?P<rest>(?:\s+[\w'-]+){0,8}?)\s*[?.!]*\s*$"
_ASKS = [
    # "which rules sent the most messages last week?", "what campaign sends the most emails?"
    re.compile(rf"^\s*(?:which|what)\s+{_RULES}\s+(?:have\s+|has\s+|did\s+)?{_SEND}\s+(?:the\s+)?(?:most|fewest|least|more)"
               rf"(?:\s+{_MESSAGES})?{_TAIL}", re.IGNORECASE),
    # "how many messages did each rule send this month?", "how many emails did the upgrade nudge send?"
    re.compile(rf"^\s*how\s+many\s+(?P<kind>{_MESSAGES})\s+(?:did|has|have|does)\s+(?:each|every)\s+{_RULES}\s+"
               rf"(?:send|sent|fire|deliver){_TAIL}", re.IGNORECASE),
    re.compile(rf"^\s*how\s+many\s+(?P<kind>{_MESSAGES})\s+(?:did|has|have|does)\s+(?P<name>[\w\s-]+?)\s+"
               rf"(?:send|sent|fire|fired|deliver|delivered|queue|queued){_TAIL}", re.IGNORECASE),
    # "what did the upgrade nudge send last month?"
    re.compile(rf"^\s*what\s+(?:did|has|does)\s+(?P<name>[\w\s-]+?)\s+(?:send|sent){_TAIL}", re.IGNORECASE),
    # "how many msgs went out yesterday per campaign", "how many emails did we send last week by rule?"
    re.compile(rf"^\s*how\s+many\s+(?P<kind>{_MESSAGES})\s+(?:went\s+out|were\s+sent|got\s+sent|(?:did|have)\s+we\s+sen[dt])"
               rf"(?P<lead>(?:\s+[\w'-]+){{0,4}}?)\s+(?:per|by|for\s+each|from\s+each)\s+{_RULES}{_TAIL}", re.IGNORECASE),
    # "what's the open rate by rule last week?", "what's the click rate of the upgrade nudge?"
    re.compile(rf"^\s*(?:what(?:'s|\s+is|\s+are|\s+was)|show(?:\s+me)?|give\s+me|list)\s+(?:the\s+)?(?:open|click|"
               rf"click-?through|delivery|ctr)\s+rates?\s+(?:by|per|for\s+each|of\s+each|of|for)\s+(?:(?:each|every|our|the)\s+)?"
               rf"(?:{_RULES}|(?P<name>[\w\s-]+?)(?:'s)?(?:\s+(?P<kind>{_MESSAGES}))?)(?P<rest>\s+(?:last|this|in|on|since|"
               r"yesterday|today|over|during|past)\b[\w\s'-]*)?\s*[?.!]*\s*$", re.IGNORECASE),
    # "messages sent per rule last week", "sends by rule", "top rules by messages sent"
    re.compile(rf"^\s*(?:show(?:\s+me)?\s+|list\s+|give\s+me\s+)?(?:the\s+)?(?:number\s+of\s+)?(?P<kind>{_MESSAGES})"
               rf"(?:\s+{_SEND})?\s+(?:per|by|for\s+each|from\s+each)\s+{_RULES}{_TAIL}", re.IGNORECASE),
    re.compile(rf"^\s*(?:show(?:\s+me)?\s+|list\s+)?(?:the\s+)?(?:top|biggest)\s+(?:\d+\s+)?{_RULES}\s+by\s+"
               rf"(?:(?:number\s+of\s+)?(?P<kind>{_MESSAGES})(?:\s+{_SEND})?|volume){_TAIL}", re.IGNORECASE),
]
# "how many messages did the last run queue?": the run's messages, which the runs' answer says
_RUN_NAMED = re.compile(r"^(?:the\s+)?(?:last|latest|previous|most\s+recent)\s+runs?$|^(?:the\s+)?(?:executor|run)$", re.I)
_EACH = re.compile(r"^(?:each|every|all|our|the)\s+(?:of\s+)?(?:the\s+)?(?:rules?|polic(?:y|ies)|campaigns?)$|^(?:we|you|"
                   r"mcc|the\s+executor|they|it)$", re.IGNORECASE)


class SendsAsk(BaseModel):
    """What a question about messages sent asks: a channel (None: every one), the rule words (None: every rule) and
    the period (None: every message on record)."""

    channel: str | None = None
    name: str | None = None
    period: PeriodSpec | None = None
    fewest: bool = False  # "which rule sent the fewest?": least first


def channel_named(words: str) -> str | None:
    """Return the channel words name ("emails", "push notifications", "texts"), else None."""
    words = re.sub(r"^(?:only\s+|just\s+)?(?:the\s+)?|\s+only$", "", words.strip(), flags=re.IGNORECASE)
    return next((channel for channel, pattern in _CHANNELS.items() if re.fullmatch(pattern, words.strip(), re.IGNORECASE)),
                None)


def asks_sends_by_rule(prompt: str) -> SendsAsk | None:
    """Return what a question about the messages rules sent asks, else None."""
    for pattern in _ASKS:
        if (m := pattern.match(prompt)) is None:
            continue
        found = m.groupdict()
        kind = found.get("kind") or ""
        name = (found.get("name") or "").strip()
        if _RUN_NAMED.match(name):
            return None
        rest = normalize(f"{found.get('lead') or ''} {found.get('rest') or ''}".strip())
        if rest and not names_period(rest):
            # "which rules sent the most messages to users in Brazil?": a part this count cannot keep
            return None
        period = read_period(rest, lambda clause: False)[0].spec if rest else None
        # the channel is said by the kind of message, never by a rule's name ("how many did welcome email send?")
        unnamed = prompt.replace(name, " ") if name else prompt
        channel = channel_named(kind) or next((channel_named(w) for w in re.findall(_MESSAGES, unnamed, re.IGNORECASE)
                                               if channel_named(w)), None)
        fewest = re.search(r"\b(?:fewest|least|lowest)\b", prompt, re.IGNORECASE) is not None
        return SendsAsk(channel=channel, name=None if not name or _EACH.match(name) else name, period=period,
                        fewest=fewest)
    return None


def data_end_sql() -> str:
    """Return the query of the data end, where a question's periods end."""
    return exp.select(exp.Max(this=exp.column("event_time")).as_("data_end")).from_("fct_events").sql("duckdb")


def sends_window(ask: SendsAsk, end: datetime | None) -> tuple[datetime, datetime] | None:
    """Return the (start, end] the period asked covers for data ending at `end`, else None (every message)."""
    if ask.period is None or end is None:
        return None
    start, stop = named_period(ask.period, end)
    return start, min(stop, end)


def _at(moment: datetime) -> exp.Expr:
    return exp.cast(exp.Literal.string(f"{moment:%Y-%m-%d %H:%M:%S}"), "TIMESTAMP")


def sends_sql(ask: SendsAsk, window: tuple[datetime, datetime] | None) -> tuple[str, str]:
    """Return the SQL counting each rule's messages in the window (None: all), and the period in words."""
    query = (exp.select(
        exp.column("rule_id"), exp.Count(this=exp.Star()).as_("messages"),
        exp.Count(this=exp.column("delivered_at")).as_("delivered"), exp.Count(this=exp.column("opened_at")).as_("opened"),
        exp.Count(this=exp.column("clicked_at")).as_("clicked"),
        exp.func("string_agg", exp.Distinct(expressions=[exp.column("channel")]), exp.Literal.string(", ")).as_("channels"))
        .from_("fct_messages").group_by(exp.column("rule_id"))
        .order_by(exp.Ordered(this=exp.column("messages"), desc=True), exp.column("rule_id")))
    said = "on record"
    if ask.period is not None and window is not None:
        start, stop = window
        query = query.where(exp.and_(exp.GT(this=exp.column("sent_at"), expression=_at(start)),
                                     exp.LTE(this=exp.column("sent_at"), expression=_at(stop))))
        said = f"{ask.period.label or 'in the period'} ({start:%Y-%m-%d %H:%M} to {stop:%Y-%m-%d %H:%M})"
    if ask.channel is not None:
        query = query.where(exp.EQ(this=exp.column("channel"), expression=exp.Literal.string(ask.channel)))
    return query.sql("duckdb"), said


def _text(value: object) -> str:
    """Return a cell as its text: the tools hand warehouse text over marked as data ({"untrusted_text": ...})."""
    if isinstance(value, dict) and len(value) == 1:
        return str(next(iter(value.values())))
    return str(value)


COLUMNS = ["rule", "messages", "delivered", "opened", "clicked", "open rate", "click rate", "channels",
           "waiting in the outbox"]


def _rate(part: object, whole: object) -> str:
    """Return a share of delivered messages, or '-' when none was delivered."""
    return describe_share(int(str(part)) / int(str(whole))) if int(str(whole)) else "-"


def sends_answer(ask: SendsAsk, counts: QuestionAnswer, said: str, pending: dict[str, int],
                 running: list[str]) -> QuestionAnswer:
    """Return each rule's messages, most first, with what its runs queued that still waits for delivery; or the one
    rule named, among those that sent and the `running` ids (said so when it sent none)."""
    sent = {_text(r[0]): r for r in counts.rows}
    # opens and clicks as shares of the delivered messages
    rows = [[*r[:5], _rate(r[3], r[2]), _rate(r[4], r[2]), r[5], pending.get(_text(r[0]), 0)] for r in counts.rows]
    rows += [[rule_id, 0, 0, 0, 0, "-", "-", "", n] for rule_id, n in sorted(pending.items()) if rule_id not in sent]
    if ask.fewest:
        rows.sort(key=lambda r: (int(r[1]), _text(r[0])))
    kind = f"{ask.channel} messages" if ask.channel else "messages"
    notes = ["messages: in fct_messages, which carries the rule of each, the executor's once delivered; waiting: "
             "queued by a run and not delivered yet (`mcc deliver` sends them; `mcc runs` says where each run's stand)"]
    if ask.name is not None:
        named = rule_named(ask.name, list(dict.fromkeys([_text(r[0]) for r in rows] + running)))
        if named is not None and all(_text(r[0]) != named for r in rows):
            return QuestionAnswer(question=f"{named} sent no {kind} {said}, and none wait in the outbox", sql=counts.sql,
                                  columns=COLUMNS, rows=[], notes=notes)
        if named is None:
            senders = ", ".join(_text(r[0]) for r in rows) or "none"
            return QuestionAnswer(question=f"No {kind} {said} came from '{ask.name}': the rules that sent some are {senders}",
                                  sql=counts.sql, columns=COLUMNS, rows=rows, notes=notes)
        row = next(r for r in rows if _text(r[0]) == named)
        waiting = f"; {int(row[-1]):,} more wait in the outbox for delivery" if row[-1] else ""
        return QuestionAnswer(question=f"{named} sent {int(row[1]):,} {kind} {said}{waiting}", sql=counts.sql,
                              columns=COLUMNS, rows=[row], notes=notes)
    total, queued = sum(int(r[1]) for r in rows), sum(int(r[-1]) for r in rows)
    most = "fewest" if ask.fewest else "most"
    top = f"; the {most} from {_text(rows[0][0])} ({int(rows[0][1]):,})" if rows else ""
    more = f"; {queued:,} more wait in the outbox for delivery" if queued else ""
    return QuestionAnswer(question=f"{total:,} {kind} {said} from {len(counts.rows)} rule(s), {most} first{top}{more}",
                          sql=counts.sql, columns=COLUMNS, rows=rows, notes=notes)
