"""Plan a data question as one read-only SELECT over `user_traits`, built with sqlglot.

Shapes: "how many <audience> [by <dimension>]" (COUNT), "what share of <population> <have/are/with>
<target>" (share), "average|median|total|max|min <numeric trait> [by <dimension>] [for <audience>]",
"top|bottom N <dimension> by <trait or users>", "list <audience>". Audiences reuse the orchestrator's
compiler, so a question and a rule mean the same users.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlglot import exp

from agent.catalog_planner.conditions import parse_conditions
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.question_sql import audience_filter, in_audience
from agent.catalog_planner.refusals import refusal_for
from agent.catalog_planner.text import normalize, tokenize
from agent.types import QuestionPlan, Refusal
from orchestrator.spec import Condition
from warehouse.catalog import Catalog

LIST_LIMIT = 100
_AGGREGATES = {
    "average": "AVG",
    "avg": "AVG",
    "mean": "AVG",
    "median": "MEDIAN",
    "total": "SUM",
    "sum": "SUM",
    "maximum": "MAX",
    "max": "MAX",
    "highest": "MAX",
    "minimum": "MIN",
    "min": "MIN",
    "lowest": "MIN",
}
_SHARE = re.compile(
    r"\b(?:what|which)?\s*(?:share|percentage|percent|proportion|fraction|%|ratio)\s+of\s+(.+?)\s+"
    r"(?:have|has|had|are|is|were|was|with|who|that|did|do)\s+(.+)"
)
_TOP = re.compile(r"\b(top|bottom)\s+(\d+)\s+(.+?)\s+by\s+(.+)")
_GROUP = re.compile(
    r"\b(?:by|per|for each|across|broken down by|split by)\s+([a-z_ ]+?)(?=\s+(?:for|among|with|who|where|in|on)\b|[?.,]|$)"
)
_COUNT = re.compile(r"\b(?:how many|number of|count of|count)\b")
_LIST = re.compile(r"^\s*(?:list|show(?: me)?|which users|who are|give me|find)\b")


@dataclass
class _Parts:
    question: str
    text: str


def _group_trait(phrase: str, catalog: Catalog, lexicon: Lexicon) -> str | None:
    """Return the enum/bool trait or dimension a 'by ...' phrase names."""
    for m in lexicon.match(tokenize(phrase), kinds={"trait", "dimension", "value"}):
        for e in m.entries:
            if catalog.has_trait(e.name) and catalog.trait(e.name).type in ("enum", "bool", "string"):
                return e.name
    return None


def _numeric_trait(phrase: str, catalog: Catalog, lexicon: Lexicon) -> str | None:
    """Return the int/float trait a measure phrase names (a counted event reads as its count trait)."""
    for m in lexicon.match(tokenize(phrase)):
        for e in m.entries:
            name = (
                e.name
                if e.kind == "trait"
                else lexicon.event_to_trait.get(e.name)
                if e.kind == "event"
                else None
            )
            if name and catalog.has_trait(name) and catalog.trait(name).type in ("int", "float"):
                return name
    return None


def _filter(text: str, catalog: Catalog, lexicon: Lexicon) -> tuple[Condition | None, Refusal | None]:
    parsed = parse_conditions(text, catalog, lexicon)
    if parsed.unmatched:
        return None, refusal_for(parsed.unmatched, parsed.suggestions, catalog, what="phrase")
    return parsed.condition, None


def _finish(select: exp.Select, question: str) -> QuestionPlan:
    return QuestionPlan(question=question, sql=select.sql(dialect="duckdb"))


def plan_question(prompt: str, catalog: Catalog, lexicon: Lexicon) -> QuestionPlan | Refusal:
    """Return the QuestionPlan of a data question, or refuse naming the phrase that maps to nothing."""
    text = normalize(prompt).strip(" ?.!")
    top = _TOP.search(text)
    if top:
        group = _group_trait(top.group(3), catalog, lexicon)
        if group is None:
            return refusal_for([top.group(3)], [d.name for d in catalog.dimensions], catalog, what="grouping")
        measure_text = top.group(4)
        cond, refusal = (
            _filter(re.split(r"\b(?:for|among)\b", measure_text, maxsplit=1)[1], catalog, lexicon)
            if re.search(r"\b(?:for|among)\b", measure_text)
            else (None, None)
        )
        if refusal:
            return refusal
        measure = _numeric_trait(re.split(r"\b(?:for|among)\b", measure_text)[0], catalog, lexicon)
        if measure is None:
            value: exp.Expr = exp.Count(this=exp.Star())
            alias = "users"
        else:
            fn = exp.Sum if catalog.trait(measure).type == "int" else exp.Avg
            value, alias = fn(this=exp.column(measure)), measure
        select = (
            exp.select(exp.column(group), exp.alias_(value, alias))
            .from_("user_traits")
            .group_by(exp.column(group))
        )
        select = audience_filter(select, cond)
        order = exp.Ordered(this=exp.column(alias), desc=top.group(1) == "top")
        return _finish(select.order_by(order).limit(int(top.group(2))), prompt.strip())
    group_match = _GROUP.search(text)
    group = _group_trait(group_match.group(1), catalog, lexicon) if group_match else None
    if group_match and group is None:
        return refusal_for(
            [group_match.group(1)], [d.name for d in catalog.dimensions], catalog, what="grouping"
        )
    body = text[: group_match.start()] + text[group_match.end() :] if group_match else text
    share = _SHARE.search(body)
    if share:
        population, p_refusal = _filter(share.group(1), catalog, lexicon)
        target, t_refusal = _filter(share.group(2), catalog, lexicon)
        if p_refusal or t_refusal or target is None:
            return p_refusal or t_refusal or refusal_for([share.group(2)], [], catalog)
        ratio = exp.Avg(
            this=exp.Case(
                ifs=[exp.If(this=in_audience(target), true=exp.Literal.number(1.0))],
                default=exp.Literal.number(0.0),
            )
        )
        columns: list[exp.Expr] = [
            exp.alias_(exp.Count(this=exp.Star()), "users"),
            exp.alias_(exp.Round(this=ratio, decimals=exp.Literal.number(4)), "share"),
        ]
        return _finish(_grouped(columns, group, population), prompt.strip())
    agg_word = next((w for w in _AGGREGATES if re.search(rf"\b{w}\b", body)), None)
    if agg_word:
        rest = re.sub(rf"^.*?\b{agg_word}\b", "", body)
        measure_text, _, audience_text = (
            rest.partition(" for ") if " for " in rest else rest.partition(" among ")
        )
        measure = _numeric_trait(measure_text, catalog, lexicon)
        if measure is None:
            return refusal_for(
                [measure_text.strip()],
                [t.name for t in catalog.traits if t.type in ("int", "float")][:5],
                catalog,
                what="measure",
            )
        cond, refusal = _filter(audience_text, catalog, lexicon) if audience_text.strip() else (None, None)
        if refusal:
            return refusal
        fn = getattr(exp, _AGGREGATES[agg_word].title() if _AGGREGATES[agg_word] != "MEDIAN" else "Median")
        agg = exp.Round(this=fn(this=exp.column(measure)), decimals=exp.Literal.number(2))
        columns = [
            exp.alias_(agg, f"{_AGGREGATES[agg_word].lower()}_{measure}"),
            exp.alias_(exp.Count(this=exp.Star()), "users"),
        ]
        return _finish(_grouped(columns, group, cond), prompt.strip())
    if _COUNT.search(body):
        cond, refusal = _filter(_COUNT.sub(" ", body), catalog, lexicon)
        if refusal:
            return refusal
        return _finish(
            _grouped([exp.alias_(exp.Count(this=exp.Star()), "users")], group, cond), prompt.strip()
        )
    if _LIST.search(body):
        cond, refusal = _filter(_LIST.sub(" ", body), catalog, lexicon)
        if refusal:
            return refusal
        select = (
            audience_filter(exp.select("user_id").from_("user_traits"), cond)
            .order_by("user_id")
            .limit(LIST_LIMIT)
        )
        return _finish(select, prompt.strip())
    return refusal_for(
        [prompt.strip()],
        [
            "how many ...",
            "what share of ... have ...",
            "average <trait> by <dimension>",
            "top N <dimension> by <trait>",
        ],
        catalog,
        what="question shape",
    )


def _grouped(columns: list[exp.Expr], group: str | None, cond: Condition | None) -> exp.Select:
    """Return SELECT columns FROM user_traits [WHERE audience] [GROUP BY group ORDER BY group]."""
    if group is None:
        return audience_filter(exp.select(*columns).from_("user_traits"), cond)
    select = exp.select(exp.column(group), *columns).from_("user_traits").group_by(exp.column(group))
    return audience_filter(select, cond).order_by(exp.column(group))
