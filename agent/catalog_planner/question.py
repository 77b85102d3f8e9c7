"""Plan a data question as one read-only SELECT over `user_traits`, built with sqlglot.

Shapes: "how many <audience> [by <dimension>]" (COUNT), "what share of <population> <have/are/with>
<target>" (share), "average|median|total|max|min <numeric trait> [of|for|among <audience>] [by <dimension>]",
"top|bottom N <dimension> by <trait or audience>", "which <dimension> has the most <trait or audience>",
"list|show [N] <audience>". Audiences reuse the orchestrator's compiler, so a question and a rule mean the
same users.
"""

from __future__ import annotations

import re

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
    "average": exp.Avg,
    "avg": exp.Avg,
    "mean": exp.Avg,
    "median": exp.Median,
    "total": exp.Sum,
    "sum": exp.Sum,
    "maximum": exp.Max,
    "max": exp.Max,
    "highest": exp.Max,
    "minimum": exp.Min,
    "min": exp.Min,
    "lowest": exp.Min,
}
_SHARE = re.compile(
    r"\b(?:share|percentage|percent|proportion|fraction|%|ratio)\s+of\s+(.+?)\s+"
    r"(?:have|has|had|are|is|were|was|with|who|that|did|do)\s+(.+)"
)
_TOP = re.compile(r"\b(top|bottom)\s+(\d+)\s+(.+?)\s+by\s+(.+)")
_WHICH_MOST = re.compile(
    r"\bwhich\s+(.+?)\s+(?:has|have|had|sees?|gets?)\s+(?:the\s+)?(most|highest|fewest|lowest|least)\s+(.+)"
)
_GROUP_MARKER = r"\b(?:by|per|(?:for|in) (?:each|every)|each|across|broken down by|split by)\s+"
_GROUP = re.compile(
    rf"{_GROUP_MARKER}([a-z_ ]+?)"
    r"(?=\s+(?:for|among|with|who|where|in|on)\b|[?.,]|$)"
)
# the marker and up to three words after it, where a dimension must start
_GROUP_HEAD = re.compile(rf"{_GROUP_MARKER}((?:[a-z_]+\s*){{1,3}})")
_COUNT = re.compile(r"\b(?:how many|number of|count of|count)\b")
_LIST = re.compile(r"^\s*(?:list|show(?: me)?|which users|who are|give me|find)\b(?:\s+(\d+))?")
_WHICH_MANY = 5


def _group_trait(phrase: str, catalog: Catalog, lexicon: Lexicon) -> str | None:
    """Return the enum/bool trait or dimension a 'by ...' phrase names."""
    for m in lexicon.match(tokenize(phrase), kinds={"trait", "dimension", "value"}):
        for e in m.entries:
            if catalog.has_trait(e.name) and catalog.trait(e.name).type in ("enum", "bool", "string"):
                return e.name
    return None


def _group_head(text: str, catalog: Catalog, lexicon: Lexicon) -> tuple[str, int, int] | None:
    """Return (trait, start, end) of a group marker and the dimension it names at the start of the words after
    it, when a grouping is said mid-sentence ("how many users in each country completed 3 workouts")."""
    for m in _GROUP_HEAD.finditer(text):
        tokens = tokenize(m.group(1))
        for match in lexicon.match(tokens, kinds={"trait", "dimension", "value"}):
            if match.first != 0:
                continue
            for e in match.entries:
                if catalog.has_trait(e.name) and catalog.trait(e.name).type in ("enum", "bool", "string"):
                    return e.name, m.start(), m.start(1) + tokens[match.last].end
    return None


def _measure(text: str, catalog: Catalog, lexicon: Lexicon) -> tuple[str | None, str]:
    """Return the first int/float trait the text names (a counted event reads as its count trait) and the
    text without it, which is the audience."""
    tokens = tokenize(text)
    for m in lexicon.match(tokens):
        for e in m.entries:
            name = (
                e.name
                if e.kind == "trait"
                else lexicon.event_to_trait.get(e.name)
                if e.kind == "event"
                else None
            )
            if name and catalog.has_trait(name) and catalog.trait(name).type in ("int", "float"):
                start, end = tokens[m.first].start, tokens[m.last].end
                return name, text[:start] + " " + text[end:]
    return None, text


def _filter(text: str, catalog: Catalog, lexicon: Lexicon) -> tuple[Condition | None, Refusal | None]:
    parsed = parse_conditions(text, catalog, lexicon)
    # A question is answered exactly or not at all: a word no entry took ("credit card" beside "expires")
    # would otherwise be dropped and the count answer a different question.
    # A trait named alone, or words before the first catalog phrase ("… in each country and plan completed
    # …"), say nothing a filter can hold: a second grouping, or a value left out; either way the count would
    # answer another question. (A trait beside a condition that only sets the scene, "whose device has push
    # enabled", is read as context by the parser and not listed here.)
    said = parsed.unexpressed + parsed.leftover + parsed.bare + parsed.lead
    unmapped = list(dict.fromkeys(said))
    if unmapped:
        return None, refusal_for(unmapped, parsed.suggestions, catalog, what="phrase")
    return parsed.condition, None


def _grouped(columns: list[exp.Expr], group: str | None, cond: Condition | None) -> exp.Select:
    """Return SELECT columns FROM user_traits [WHERE audience] [GROUP BY group ORDER BY group]."""
    if group is None:
        return audience_filter(exp.select(*columns).from_("user_traits"), cond)
    select = exp.select(exp.column(group), *columns).from_("user_traits").group_by(exp.column(group))
    return audience_filter(select, cond).order_by(exp.column(group))


def _ranked(
    group_text: str, measure_text: str, desc: bool, limit: int, catalog: Catalog, lexicon: Lexicon
) -> exp.Select | Refusal:
    """Return groups ranked by a trait's total/mean, or by how many users match an audience."""
    group = _group_trait(group_text, catalog, lexicon)
    if group is None:
        return refusal_for([group_text], [d.name for d in catalog.dimensions], catalog, what="grouping")
    measure, rest = _measure(measure_text, catalog, lexicon)
    cond, refusal = _filter(rest, catalog, lexicon)
    if refusal:
        return refusal
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
    order = exp.Ordered(this=exp.column(alias), desc=desc)
    return audience_filter(select, cond).order_by(order, exp.column(group)).limit(limit)


def _plan(text: str, catalog: Catalog, lexicon: Lexicon) -> exp.Select | Refusal:
    top = _TOP.search(text)
    if top:
        return _ranked(top.group(3), top.group(4), top.group(1) == "top", int(top.group(2)), catalog, lexicon)
    which = _WHICH_MOST.search(text)
    if which:
        many = which.group(1).endswith("s")
        desc = which.group(2) in ("most", "highest")
        return _ranked(which.group(1), which.group(3), desc, _WHICH_MANY if many else 1, catalog, lexicon)
    # The grouping is the marker and the dimension right after it, cut exactly: "in each country are at risk"
    # groups by country and keeps "are at risk" as the filter.
    head = _group_head(text, catalog, lexicon)
    group_match = _GROUP.search(text)
    group: str | None = None
    if head is not None:
        group, start, end = head
        body = text[:start] + " " + text[end:]
    elif group_match is not None:
        return refusal_for(
            [group_match.group(1)], [d.name for d in catalog.dimensions], catalog, what="grouping"
        )
    else:
        body = text
    share = _SHARE.search(body)
    if share:
        population, p_refusal = _filter(share.group(1), catalog, lexicon)
        target, t_refusal = _filter(share.group(2), catalog, lexicon)
        if p_refusal or t_refusal or target is None:
            return p_refusal or t_refusal or refusal_for([share.group(2)], [], catalog)
        hit = exp.Case(
            ifs=[exp.If(this=in_audience(target), true=exp.Literal.number(1.0))],
            default=exp.Literal.number(0.0),
        )
        ratio = exp.Round(this=exp.Avg(this=hit), decimals=exp.Literal.number(4))
        return _grouped(
            [exp.alias_(exp.Count(this=exp.Star()), "users"), exp.alias_(ratio, "share")], group, population
        )
    agg_word = next((w for w in _AGGREGATES if re.search(rf"\b{w}\b", body)), None)
    if agg_word:
        measured = re.sub(rf"^.*?\b{agg_word}\b", " ", body)
        measure, rest = _measure(measured, catalog, lexicon)
        if measure is None:
            numeric = [t.name for t in catalog.traits if t.type in ("int", "float")]
            return refusal_for([measured.strip()], numeric[:5], catalog, what="measure")
        cond, refusal = _filter(rest, catalog, lexicon)
        if refusal:
            return refusal
        fn = _AGGREGATES[agg_word]
        agg = exp.alias_(
            exp.Round(this=fn(this=exp.column(measure)), decimals=exp.Literal.number(2)),
            f"{fn.key}_{measure}",
        )
        return _grouped([agg, exp.alias_(exp.Count(this=exp.Star()), "users")], group, cond)
    if _COUNT.search(body):
        cond, refusal = _filter(_COUNT.sub(" ", body), catalog, lexicon)
        return refusal or _grouped([exp.alias_(exp.Count(this=exp.Star()), "users")], group, cond)
    listing = _LIST.search(body)
    if listing:
        cond, refusal = _filter(_LIST.sub(" ", body), catalog, lexicon)
        limit = min(int(listing.group(1)), LIST_LIMIT) if listing.group(1) else LIST_LIMIT
        return refusal or audience_filter(exp.select("user_id").from_("user_traits"), cond).order_by(
            "user_id"
        ).limit(limit)
    shapes = [
        "how many ...",
        "what share of ... have ...",
        "average <trait> by <dimension>",
        "top N <dimension> by <trait>",
    ]
    return refusal_for([text], shapes, catalog, what="question shape")


def plan_question(prompt: str, catalog: Catalog, lexicon: Lexicon) -> QuestionPlan | Refusal:
    """Return the QuestionPlan of a data question, or refuse naming the phrase that maps to nothing."""
    planned = _plan(normalize(prompt).strip(" ?.!"), catalog, lexicon)
    if isinstance(planned, Refusal):
        return planned
    return QuestionPlan(question=prompt.strip(), sql=planned.sql(dialect="duckdb"))
