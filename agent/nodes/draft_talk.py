"""Talk about the draft on the table: answer "how many people is that?", "what does it overlap with?", "why is
France so small?", "why so few?" (condition by condition), "show me a few users in it" and "what changed?" from its preview (and, for a split, a count of all
users by the same trait) and the thread's history of it, and take back the last change ("undo that").

The thread keeps `history`: the valid versions of the draft on the table, oldest first, each marked whether a
change made it (a fresh draft starts the list again). The preview node appends to it, because only a draft that
validated is one the person saw and could want back.
"""

from __future__ import annotations

from typing import Any

import sqlglot
from langgraph.runtime import Runtime
from sqlglot import exp

from agent.context import Context
from agent.draft_questions import DraftQuestion
from agent.nodes.common import call_tool
from agent.state import AgentState
from agent.types import QuestionAnswer, Refusal
from orchestrator.describe import describe_share
from orchestrator.narrowing import Narrowing
from orchestrator.registry.diff import spec_changes
from orchestrator.spec import Policy, Rule, TraitCondition, iter_conditions, parse_spec


def _place(history: list[dict[str, Any]], draft: dict[str, Any]) -> int | None:
    """Return the index of the latest history entry holding this draft, or None."""
    return next((i for i in range(len(history) - 1, -1, -1) if history[i]["draft"] == draft), None)


def history_after_preview(state: AgentState) -> list[dict[str, Any]]:
    """Return the thread's history once the run's draft validated and was previewed."""
    history = list(state.get("history") or [])
    draft = state["draft"] or {}
    if state.get("undoing"):
        # back to an earlier version: the versions after it are taken back
        place = _place(history, draft)
        return history[: place + 1] if place is not None else [{"draft": draft, "revised": False}]
    if history and history[-1]["draft"] == draft:
        return history  # proposed as it is, or a change that changed nothing
    if state.get("revising") is not None:
        return [*history, {"draft": draft, "revised": True}]
    return [{"draft": draft, "revised": False}]


def undo_update(state: AgentState, current: dict[str, Any]) -> dict[str, Any]:
    """Return the state update that puts back the version before the last change, or a result saying there is none."""
    history = list(state.get("history") or [])
    place = _place(history, current)
    if place is None or place == 0 or not history[place]["revised"]:
        refusal = Refusal(
            reason=f"There is no change to undo: {current.get('id')} is as it was first drafted in this thread.",
            suggestions=["say how to change it ('make it email only', 'hold out 20%')", "or 'propose it' as it is"],
        )
        return {"intent": "question", "result": refusal.model_dump(mode="json")}
    earlier = history[place - 1]["draft"]
    changes = spec_changes(parse_spec(current, source="draft"), parse_spec(earlier, source="draft"))
    return {"intent": "eligibility" if earlier.get("kind") == "rule" else "decision", "draft": earlier,
            "undoing": True, "changes": changes}


def _count_of(audience_sql: str) -> str:
    """Return the SELECT that counts the audience a preview's SQL selects."""
    inner = sqlglot.parse_one(audience_sql, dialect="duckdb")
    assert isinstance(inner, exp.Query), audience_sql  # the preview compiles one SELECT
    count = exp.select(exp.alias_(exp.Count(this=exp.Star()), "users")).from_(inner.subquery("audience"))
    return count.sql(dialect="duckdb")


def _size(spec_id: str, preview: dict[str, Any], union: int | None = None) -> QuestionAnswer:
    """Say how many users each rule of the draft reaches: the preview's numbers, in its words; a policy's last row
    is its whole audience (`union`, what the SQL counts), each user once however many rules they are in."""
    rows: list[list[Any]] = [[r["rule_id"], r["size"], r["share"], r["eligible"], r["holdout"]["expected_treatment"],
                              r["holdout"]["expected_holdout"], round(float(r["sends"]["sends_per_day"]))]
                             for r in preview["rules"]]
    if union is not None:
        rows.append(["any rule (each user once)", union, union / (preview["base"] or 1), "-", "-", "-", "-"])
    return QuestionAnswer(
        question=(f"Who {spec_id} reaches as of {preview['as_of']}, out of {preview['base']:,} users (the draft's "
                  "preview: eligible is the audience less suppressions and stops; of them, the holdout gets nothing)"),
        sql=_count_of(preview["audience_sql"]),
        columns=["rule", "audience", "share", "eligible", "gets it", "held out", "sends per day"],
        rows=rows,
    )


def _overlap(spec_id: str, preview: dict[str, Any]) -> QuestionAnswer:
    """Say which running rules share users with each rule of the draft."""
    rows = [[r["rule_id"], o["rule_id"], o["version"], o["users"], o["share"]]
            for r in preview["rules"] for o in r.get("overlaps") or [] if o["users"]]
    running = sorted({o["rule_id"] for r in preview["rules"] for o in r.get("overlaps") or []})
    if rows:
        question = (f"Running rules that share users with {spec_id} as of {preview['as_of']} (share: of the draft "
                    "rule's audience; a user in both gets only the higher priority's message)")
    elif running:
        question = f"No running rule shares users with {spec_id} as of {preview['as_of']} (compared with {', '.join(running)})"
    else:
        question = f"No rule is running yet, so nothing overlaps with {spec_id}"
    return QuestionAnswer(question=question, sql=preview["audience_sql"],
                          columns=["draft rule", "overlaps with", "version", "users in both", "share"], rows=rows)


def _sample(spec_id: str, preview: dict[str, Any]) -> QuestionAnswer:
    """List a few users of each rule's audience, with the commands that show why they are in it."""
    rows = [[r["rule_id"], user] for r in preview["rules"] for user in r.get("sample_user_ids") or []]
    return QuestionAnswer(
        question=(f"A few users in {spec_id}'s audience as of {preview['as_of']} (`mcc traits USER_ID` shows their traits; "
                  "after a run, `mcc explain USER_ID` shows each rule's decision)"),
        sql=preview["audience_sql"], columns=["rule", "user_id"], rows=rows)


def _changes(spec_id: str, history: list[dict[str, Any]], current: dict[str, Any]) -> QuestionAnswer:
    """Say what changed in the draft since this thread first drafted it."""
    place = _place(history, current)
    start = place
    while start is not None and start > 0 and history[start]["revised"]:
        start -= 1
    first = history[start]["draft"] if start is not None else current
    said = spec_changes(parse_spec(first, source="draft"), parse_spec(current, source="draft"))
    question = (f"What changed in {spec_id} since it was first drafted" if said
                else f"Nothing has changed in {spec_id} since it was first drafted")
    return QuestionAnswer(question=question, sql="", columns=["change"], rows=[[c] for c in said])


def _all_users(trait: str) -> str:
    """Return the SELECT that counts every user by one trait's value (the base a share in the audience is read against)."""
    column = exp.column(trait, table="t")
    query = (exp.select(exp.alias_(column, "value"), exp.alias_(exp.Count(this=exp.Star()), "users"))
             .from_(exp.alias_(exp.to_table("user_traits"), "t")).group_by(column))
    return query.sql(dialect="duckdb")


def _reading(value: str, trait: str, counts: dict[str, int], base: dict[str, int], own_condition: bool) -> str:
    """Say in words why a value's share of an audience is what it is: the audience's own condition on the trait,
    or how its other conditions treat this value against the others (its share of all users as the yardstick)."""
    kept = sorted(v for v, n in counts.items() if n)
    prefix = ""
    if own_condition:
        if value not in kept:
            return f"the draft's own condition on {trait} leaves {value} out (it keeps {', '.join(kept) or 'nobody'})"
        if len(kept) == 1:
            return f"the draft's own condition on {trait} keeps only {value}"
        prefix = f"the draft's own condition on {trait} keeps {', '.join(kept)}; among them, "
        base = {v: n for v, n in base.items() if v in kept}
    size, total = sum(counts.values()), sum(base.values())
    if not size or not total or not base.get(value):
        return f"no user has {trait} {value}"
    in_audience, overall = counts.get(value, 0) / size, base[value] / total
    ratio = in_audience / overall
    if 0.75 <= ratio <= 1.33:
        return (f"{prefix}{value} is {describe_share(in_audience)} of the audience and {describe_share(overall)} of all "
                f"users{' with those values' if prefix else ''}: it is as small or big as it is overall, the draft's other "
                f"conditions take every {trait} alike")
    return (f"{prefix}{value} is {describe_share(in_audience)} of the audience but {describe_share(overall)} of all "
            f"users{' with those values' if prefix else ''}: {'fewer' if ratio < 1 else 'more'} of its users meet the "
            f"draft's other conditions ({ratio:.1f}x its share)")


def _breakdown(spec: Rule | Policy, preview: dict[str, Any], trait: str, value: str | None,
               base: dict[str, int]) -> QuestionAnswer | Refusal:
    """Split each rule's audience by one trait, against the split of all users, and say why the value asked about
    is as small or big as it is."""
    known = sorted({t for r in preview["rules"] for t in r.get("breakdown") or {}})
    if trait not in known:
        return Refusal(reason=f"The preview splits an audience by {', '.join(known)}, not {trait}.",
                       suggestions=[f"how does it split by {t}?" for t in known])
    total = sum(base.values()) or 1
    rules = [spec] if isinstance(spec, Rule) else spec.rules
    rows: list[list[Any]] = []
    readings = []
    for r, rule in zip(preview["rules"], rules, strict=False):
        counts: dict[str, int] = r["breakdown"][trait]
        size = sum(counts.values()) or 1
        for v in ([value] if value else sorted(set(counts) | set(base), key=lambda v: -counts.get(v, 0))):
            n = counts.get(v, 0)
            rows.append([r["rule_id"], v, n, describe_share(n / size), describe_share(base.get(v, 0) / total)])
        if value:
            own = any(isinstance(c, TraitCondition) and c.trait == trait for c in iter_conditions(rule.audience))
            said = _reading(value, trait, counts, base, own)
            readings.append(said if len(rules) == 1 else f"in {r['rule_id']}, {said}")
    question = f"{spec.id}'s audience by {trait} as of {preview['as_of']}, against all users"
    if readings:
        question += f". On {value}: " + "; ".join(readings) + "."
    return QuestionAnswer(question=question, sql=_all_users(trait),
                          columns=["rule", trait, "in the audience", "of the audience", "of all users"], rows=rows)


def _narrowing_reading(rule: Narrowing) -> str:
    """Say which condition selects the fewest on its own, which later one cuts the most of those left, and what
    the suppressions and stop conditions take."""
    tightest = rule.tightest
    said = (f"The tightest condition on its own is '{tightest.condition}' ({tightest.alone:,} of {rule.base:,} users, "
            f"{describe_share(tightest.alone / (rule.base or 1))})")
    # a later condition's cut is a share of the users the ones before it left
    cuts = [(1 - step.left / before.left, before.left - step.left, before.left, step)
            for before, step in zip(rule.steps, rule.steps[1:], strict=False) if before.left]
    if cuts:
        share, removed, left, step = max(cuts, key=lambda c: c[0])
        cutting = "it also cuts the most" if step is tightest else f"'{step.condition}' cuts the most"
        said += (f". After the first, {cutting}: it removes {removed:,} of the {left:,} left "
                 f"({describe_share(share)})")
    audience = rule.steps[-1].left
    return said + (f". Suppressions and stop conditions then take {audience - rule.eligible:,} more, leaving "
                   f"{rule.eligible:,} eligible")


def _narrowing(spec_id: str, narrowed: list[dict[str, Any]]) -> QuestionAnswer:
    """Say why the draft is the size it is: each rule's conditions in turn, alone and with the ones before them."""
    rules = [Narrowing.model_validate(n) for n in narrowed]
    rows: list[list[Any]] = []
    for rule in rules:
        rows += [[rule.rule_id, i, step.condition, step.alone, describe_share(step.alone / (rule.base or 1)), step.left]
                 for i, step in enumerate(rule.steps, start=1)]
        rows.append([rule.rule_id, "", "eligible: less suppressions and stop conditions", "", "", rule.eligible])
    readings = [_narrowing_reading(r) if len(rules) == 1 else f"{r.rule_id}: {_narrowing_reading(r)}" for r in rules]
    question = (f"Why {spec_id} is the size it is, as of {rules[0].as_of}: each condition alone, and the users left once "
                f"it joins the ones before it. " + ". ".join(readings) + ".")
    return QuestionAnswer(question=question, sql=";\n".join(r.sql for r in rules),
                          columns=["rule", "step", "condition", "alone", "of all users", "left"], rows=rows)


def answer_about_draft(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Answer a question about the draft on the table from its preview or the thread's history."""
    current = state["last_draft"] or {}
    spec_id = str(current.get("id"))
    asked = DraftQuestion.model_validate(state.get("about_draft"))
    if asked.kind == "changes":
        answer = _changes(spec_id, list(state.get("history") or []), current)
        return {"result": answer.model_dump(mode="json"), "steps": ["answer_about_draft"]}
    spec = parse_spec(current, source="draft")
    if asked.kind == "narrowing":
        narrowed, trace, exc = call_tool("narrow_audience", lambda: runtime.context.backend().narrowing(spec),
                                         lambda n: f"{len(n)} rule(s) narrowed condition by condition")
        if exc is not None or not narrowed:
            return {"error": str(exc or "no rule to narrow"), "tools": [trace], "steps": ["answer_about_draft"]}
        return {"result": _narrowing(spec_id, narrowed).model_dump(mode="json"), "tools": [trace],
                "steps": ["answer_about_draft"]}
    preview, trace, exc = call_tool("preview_audience", lambda: runtime.context.backend().preview(spec),
                                    lambda p: f"audience preview of {spec.id}")
    if exc is not None or preview is None:
        return {"error": str(exc), "tools": [trace], "steps": ["answer_about_draft"]}
    # a policy's size also counts its whole audience (the SQL shown); a split also counts all users by the trait
    policy_size = asked.kind == "size" and len(preview["rules"]) > 1
    if not policy_size and (asked.kind != "breakdown" or asked.trait is None):
        answer = {"size": _size, "sample": _sample}.get(asked.kind, _overlap)(spec_id, preview)
        return {"result": answer.model_dump(mode="json"), "tools": [trace], "steps": ["answer_about_draft"]}
    trait = asked.trait or ""
    sql = _count_of(preview["audience_sql"]) if policy_size else _all_users(trait)
    counted, count_trace, exc = call_tool("run_sql", lambda: runtime.context.backend().run_sql(f"{spec_id} audience", sql),
                                          lambda a: f"{len(a.rows)} row(s)")
    if exc is not None or counted is None:
        return {"error": str(exc), "tools": [trace, count_trace], "steps": ["answer_about_draft"]}
    if policy_size:
        result: QuestionAnswer | Refusal = _size(spec_id, preview, int(counted.rows[0][0]))
    else:
        base = {str(value): int(users) for value, users in counted.rows if value is not None}
        result = _breakdown(spec, preview, trait, asked.value, base)
    return {"result": result.model_dump(mode="json"), "tools": [trace, count_trace], "steps": ["answer_about_draft"]}
