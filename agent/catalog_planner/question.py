"""Plan a data question as one read-only SELECT over `user_traits`, built with sqlglot.

Shapes: "how many <audience> [by <dimension> [and <dimension>]]" (COUNT; "how many <acts>" counts the acts),
"what share of <population> [have/are/with] <target>" (share), "average|median|total|max|min <numeric trait or
act in a window> [of|for|per <audience>] [by <dimension>]", "top|bottom N <dimension> by [<aggregate>] <trait
or audience>" (N people by a number each has: "top 5 users by workouts", `question_people_ranks`), "which <dimension> has the most <trait or audience>", "list|show [N] <audience>", any of them
"… vs the week before" (a calendar month, quarter, year or day against the one before it: `question_periods`). A grouping may be a signup week ("by signup cohort": `question_cohorts`) or the spread
of a trait ("breakdown of <trait> by <dimension>"); acts group by what each carries ("by channel", "per day",
"top 3 ticket reasons": `question_breakdowns`); "compare <measure> between A and B" is "<measure> for A vs B"
(`question_comparisons`); slips are mended first (`question_spelling`). Audiences reuse the orchestrator's
compiler, so a question and a rule mean the same users.
"""

from __future__ import annotations

import re

from sqlglot import exp

from agent.catalog_planner.act_nouns import as_people_who_started
from agent.catalog_planner.conditions import parse_conditions
from agent.catalog_planner.former_states import settle_former_states
from agent.catalog_planner.lexicon import Lexicon
from agent.catalog_planner.metric_shares import metric_rate_as_share
from agent.catalog_planner.quantities import extract_window
from agent.catalog_planner.question_act_periods import bound_acts, question_period
from agent.catalog_planner.question_breakdowns import act_breakdown, most_common, ranked_acts
from agent.catalog_planner.question_calendar import (
    calendar_period,
    lay_calendar,
    previous_calendar,
    said_back,
    unbounded_period,
)
from agent.catalog_planner.question_cohorts import SIGNUP_WEEK, cohort_grouping, group_key, keeps_cohorts
from agent.catalog_planner.question_comparisons import as_comparison, moved_versus, periods_compared
from agent.catalog_planner.question_events import act_count, acts_select, counted_act, counts_as_act
from agent.catalog_planner.question_every_day import count_days, says_every_day
from agent.catalog_planner.question_first_days import as_signups, first_days, lay_first_days
from agent.catalog_planner.question_gaps import act_gap
from agent.catalog_planner.question_leads import with_lead_read
from agent.catalog_planner.question_named_messages import named_message
from agent.catalog_planner.question_never_acts import split_never_clauses
from agent.catalog_planner.question_people_ranks import names_people, people_ranking
from agent.catalog_planner.question_period_pairs import pair_label, period_pair
from agent.catalog_planner.question_periods import VERSUS, calendar_pair, compare_periods, with_period_columns
from agent.catalog_planner.question_shares import PEOPLE_NOUNS, share_split
from agent.catalog_planner.question_spelling import mend_question
from agent.catalog_planner.question_sql import audience_filter, in_audience
from agent.catalog_planner.refusals import refusal_for
from agent.catalog_planner.text import Token, normalize, tokenize
from agent.types import QuestionPlan, Refusal
from orchestrator.spec import Condition, EventCondition
from tools.named_periods import PeriodSpec
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
    "longest": exp.Max,
    "largest": exp.Max,
    "shortest": exp.Min,
    "smallest": exp.Min,
}
_SHARE = re.compile(r"(?:\b(?:share|percentage|percent|proportion|fraction|ratio)|%)\s+of\s+(.+)")
_TOP = re.compile(r"\b(top|bottom)\s+(\d+)\s+(.+?)\s+by\s+(.+)")
_TOP_BARE = re.compile(r"\b(top|bottom)\s+(\d+)\s+(.+)")
# "the 10 users with the longest streak", "5 trial users with the most pricing views": people ranked
_WITH_MOST = re.compile(
    r"\b(\d+)\s+(.+?)\s+with\s+the\s+(most|highest|longest|largest|biggest|fewest|lowest|least|shortest|smallest)\s+(.+)"
)
_WHICH_MOST = re.compile(
    r"\bwhich\s+(?:(\d+)\s+)?(.+?)\s+(?:has|have|had|sees?|gets?|brings?|drives?|produces?|generates?|sends?|"
    r"contributes?|accounts? for)\s+(?:(?:in|us|to us)\s+)?(?:the\s+)?(most|highest|fewest|lowest|least)\s+(.+)"
)
_GROUP_MARKER = r"\b(?:by|per|(?:for|in) (?:each|every)|each|across|broken down by|split by)\s+"
_GROUP = re.compile(
    rf"{_GROUP_MARKER}([a-z_ ]+?)"
    r"(?=\s+(?:for|among|with|who|where|in|on)\b|[?.,]|$)"
)
# the marker and up to three words after it, where a dimension must start
_GROUP_HEAD = re.compile(rf"{_GROUP_MARKER}((?:[a-z_]+\s*){{1,3}})")
_COUNT = re.compile(
    r"\b(?:how many|number of|count of|count|break ?-?down(?: of)?|distribution of|split|"
    # "how are users distributed across …"
    r"how (?:are|is)(?=[^?]*\bdistributed\b)|distributed)\b"
)
_LIST = re.compile(r"^\s*(?:list|show(?: me)?|which users|who are|give me|find)\b(?:\s+(\d+))?")
_WHICH_MANY = 5
_RATE = re.compile(r"\b(?:[a-z-]+\s+)?(?:[a-z-]+\s+)?rates?\b")
# a share whose whole is acts, not people: "share of push messages", "percentage of workouts", "% of emails"
_SHARE_OF_ACTS = re.compile(
    r"\s*(?:(?:the|our|all)\s+)?(?:[a-z-]+\s+)?(?:messages|pushes|notifications|emails|sms|texts|workouts|tickets|"
    r"sessions|opens|clicks|sends|deliveries|checkouts|events)\b"
)


def _group_trait(phrase: str, catalog: Catalog, lexicon: Lexicon) -> str | None:
    """Return the enum/bool trait or dimension a 'by ...' phrase names."""
    for m in lexicon.match(tokenize(phrase), kinds={"trait", "dimension", "value"}):
        for e in m.entries:
            if catalog.has_trait(e.name) and catalog.trait(e.name).type in ("enum", "bool", "string"):
                return e.name
    return None


def _dimension_at(
    text: str, catalog: Catalog, lexicon: Lexicon, kinds: frozenset[str] = frozenset({"trait", "dimension", "value"})
) -> tuple[str, int] | None:
    """Return the enum/bool trait named at the very start of `text` and where its words end."""
    tokens = tokenize(text)
    for match in lexicon.match(tokens, kinds=set(kinds)):
        if match.first != 0:
            continue
        for e in match.entries:
            if catalog.has_trait(e.name) and catalog.trait(e.name).type in ("enum", "bool", "string"):
                return e.name, tokens[match.last].end
    return None


# "… by platform *and* country", "per country & source", "by country, by plan", "in each stage *by* platform"
_SECOND_GROUP = re.compile(r"\s*(?:(?:,|&|and)\s*(?:(?:by|per)\s+)?|(?:by|per|split by|broken down by)\s+)")


# words that say nothing about whom or what is counted ("how many *unique* users …", "… *in total*", "average
# workouts *per user*": every average is per user); "total" alone is still the sum
_FILLER = re.compile(
    r"\b(?:in total|altogether|all told|unique|distinct|per (?:user|person|customer|member|account|head|capita))\b"
)


_AMONG = re.compile(r"\bamong(?:st)?\b")
# a time between acts asked as a measure: "median time to second workout", "average days from trial to paid"
_ELAPSED = re.compile(
    r"\b(?:time|days|hours|weeks|minutes|how long)\s+(?:it takes?\s+|does it take\s+|did it take\s+)?"
    r"(?:to|from|between|(?P<until>until|till)|before)\b[^?.!]*"
)
_TOTAL_COUNT = re.compile(r"\btotal\s+(?=(?:number|count)\b)")
_OPENER = re.compile(
    r"^\s*(?:what(?:'s|s| is| was| are| were)?|tell me|give me|show me|can you (?:tell|give|show) me|do you know|"
    r"i need|i'd like|we need)\s+(?:the\s+(?:total\s+)?)?(?=(?:number|count|total)\b)"
)


def _compared_values(text: str, lexicon: Lexicon) -> str | None:
    """Return the trait whose values are set against each other ("yoga users vs runners", "iOS versus
    Android"): the answer is given for each value, not for both together."""
    tokens = tokenize(text)
    values = lexicon.match(tokens, kinds={"value"})
    for i in (i for i, t in enumerate(tokens) if t.text in ("vs", "versus")):
        before = max((m for m in values if m.last < i), key=lambda m: m.last, default=None)
        after = min((m for m in values if m.first > i), key=lambda m: m.first, default=None)
        if before is None or after is None:
            continue
        shared = sorted({e.name for e in before.entries} & {e.name for e in after.entries})
        if shared:
            return shared[0]
    return None


def _per_value_as_for(text: str, lexicon: Lexicon) -> str:
    """Read "per/by <value>" as "for <value>": "average workouts per active subscriber" is among them, and
    "checkouts started by android users" says whose; "per country" (a trait's name) still groups."""
    for m in reversed(list(re.finditer(r"\b(?:per|by)\s+", text))):
        if any(v.first == 0 for v in lexicon.match(tokenize(text[m.end() :]), kinds={"value"})):
            text = text[: m.start()] + "for " + text[m.end() :]
    return text


def _group_head(text: str, catalog: Catalog, lexicon: Lexicon) -> tuple[list[str], int, int] | None:
    """Return (traits, start, end) of a group marker and the one or two dimensions it names at the start of
    the words after it, when a grouping is said mid-sentence ("how many users in each country completed 3
    workouts", "by platform and country")."""
    for m in _GROUP_HEAD.finditer(text):
        # "per active subscriber" is among them, not a grouping: only a trait's own name groups
        first = _dimension_at(text[m.start(1) :], catalog, lexicon, frozenset({"trait", "dimension"}))
        if first is None:
            continue
        groups, end = [first[0]], m.start(1) + first[1]
        end = _past_group_noun(text, end)
        joint = _SECOND_GROUP.match(text, end)
        # a value after "and" is a condition ("by country and at risk"), only a trait's name groups again
        second = _dimension_at(text[joint.end() :], catalog, lexicon, frozenset({"trait", "dimension"})) if joint else None
        if joint and second and second[0] not in groups:
            groups, end = [*groups, second[0]], _past_group_noun(text, joint.end() + second[1])
        return groups, m.start(), end
    return None


# a grouping's trailing noun says nothing more ("across upgrade intent levels", "by source buckets")
_GROUP_NOUN = re.compile(r"\s*\b(?:levels?|values?|buckets?|groups?|categories|category|tiers?|segments?)\b")


def _past_group_noun(text: str, end: int) -> int:
    """Return where a dimension's words end, past a trailing noun such as "levels"."""
    noun = _GROUP_NOUN.match(text, end)
    return noun.end() if noun else end


# "breakdown of subscription status by platform", "distribution of lifecycle stages": the trait whose spread is
# asked is a grouping too (read alone, a bare trait is a condition: "has a subscription status")
_SPREAD = re.compile(r"\b(?:break ?-?down|distribution|split|spread|mix)\s+of\s+(?:(?:the|our|users'?|user)\s+)?")


_ASKING = re.compile(r"\s*(?:(?:show|give|get|pull|tell)\s+(?:me|us)\s+|what(?:'s| is| are)\s+|can you\s+|please\s+)*(?:the|a)?\s*")


def _spread_group(body: str, catalog: Catalog, lexicon: Lexicon) -> tuple[str, str] | None:
    """Return the trait whose spread a count asks for and the body without its words."""
    spread = _SPREAD.search(body)
    named = _dimension_at(body[spread.end() :], catalog, lexicon, frozenset({"trait", "dimension"})) if spread else None
    if spread is None or named is None:
        return None
    # "show me the distribution of …": the request's words before it say nothing of whom
    lead = "" if _ASKING.fullmatch(body[: spread.start()]) else body[: spread.start()]
    return named[0], lead + body[spread.start() : spread.end()] + " " + body[_past_group_noun(body, spread.end() + named[1]) :]


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
                start, end = tokens[m.first].start, _shortest_end(tokens, m.first, m.last)
                return name, text[:start] + " " + text[end:]
    return None, text


def _shortest_end(tokens: list[Token], first: int, last: int) -> int:
    """Return where the measure's words end: the shortest run from `first` that holds every word of the match.

    A synonym's words may match across others and repeat one ("trial days left for trial users" took both
    "trial"s); the repeat is the audience's.
    """
    words = {t.text for t in tokens[first : last + 1]}
    for end in range(first, last + 1):
        if {t.text for t in tokens[first : end + 1]} == words:
            return tokens[end].end
    return tokens[last].end


def _filter(
    text: str, catalog: Catalog, lexicon: Lexicon, period: int | None = None
) -> tuple[Condition | None, Refusal | None]:
    """Read words as an audience; with the question's one `period`, every act in them is bounded by it."""
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
    # "subscribers who cancelled last month": the state is who they were, not what they are now
    # (bounded first: the act that began a former state is who they were, at any time)
    said_acts = parsed.condition if period is None else bound_acts(parsed.condition, period, catalog, lexicon)
    return settle_former_states(said_acts, catalog), None


def _grouped(columns: list[exp.Expr], groups: list[str], cond: Condition | None) -> exp.Select:
    """Return SELECT columns FROM user_traits [WHERE audience] [GROUP BY groups ORDER BY groups]."""
    if not groups:
        return audience_filter(exp.select(*columns).from_("user_traits"), cond)
    keys = [exp.column(g) for g in groups]
    select = exp.select(*(group_key(g) for g in groups), *columns).from_("user_traits").group_by(*keys)
    return audience_filter(keeps_cohorts(select, groups), cond).order_by(*(k.copy() for k in keys))


def _ranked(
    group_text: str,
    measure_text: str,
    desc: bool,
    limit: int,
    catalog: Catalog,
    lexicon: Lexicon,
    period: int | None,
) -> exp.Select | Refusal:
    """Return groups ranked by a trait's total/mean, or by how many users match an audience."""
    group = _group_trait(group_text, catalog, lexicon)
    acts = ranked_acts(
        group_text,
        measure_text,
        desc,
        limit,
        catalog,
        lambda words: _filter(words, catalog, lexicon, period),
        lambda after: _counts_people(after, lexicon),
    )
    if isinstance(acts, exp.Select) or (acts is not None and group is None):
        # "which channel gets the most clicks", "… workout type had the fewest workouts": a property of the act
        # ranks by how often the act happened (a trait of the same name is the people's, not the act's)
        return acts
    if group is None:
        return refusal_for([group_text], [d.name for d in catalog.dimensions], catalog, what="grouping")
    # "by average workouts": the aggregate said is the one ranked by (else totals of counts, means of scores)
    said = next((w for w in _AGGREGATES if re.search(rf"\b{w}\b", measure_text)), None)
    if said:
        measure_text = re.sub(rf"\b{said}\b", " ", measure_text, count=1)
    measure, rest = _measure(measure_text, catalog, lexicon)
    cond, refusal = _filter(rest, catalog, lexicon, period)
    if refusal:
        return refusal
    if measure is None:
        value: exp.Expr = exp.Count(this=exp.Star())
        alias = "users"
    elif said:
        fn = _AGGREGATES[said]
        value = exp.Round(this=fn(this=exp.column(measure)), decimals=exp.Literal.number(2))
        alias = f"{fn.key}_{measure}"
    else:
        fn = exp.Sum if catalog.trait(measure).type == "int" else exp.Avg
        value, alias = exp.Round(this=fn(this=exp.column(measure)), decimals=exp.Literal.number(2)), measure
    select = (
        exp.select(exp.column(group), exp.alias_(value, alias))
        .from_("user_traits")
        .group_by(exp.column(group))
    )
    order = exp.Ordered(this=exp.column(alias), desc=desc)
    # a ranking names groups: users with no value ("no preferred workout type") are not one of them
    select = select.where(exp.Not(this=exp.Is(this=exp.column(group), expression=exp.Null())))
    return audience_filter(select, cond).order_by(order, exp.column(group)).limit(limit)


def _counts_people(after: str, lexicon: Lexicon) -> bool:
    """Say whether the words after "how many" name people (users, or a value that describes them); "how many
    <anything else> …" counts the act the question names."""
    if PEOPLE_NOUNS.match(after):
        return True
    tokens = tokenize(after)
    # "how many iOS users", "how many paying subscribers": a value or state before the people noun
    return any(m.first == 0 for m in lexicon.match(tokens, kinds={"value"}))


def _windowed_act(
    text: str, catalog: Catalog, lexicon: Lexicon, period: int | None
) -> tuple[EventCondition, Condition | None] | None:
    """Return the act counted in a window ("workouts in the last 7 days") and the people beside it."""
    cond, refusal = _filter(text, catalog, lexicon, period)
    counted = None if refusal else counted_act(cond)
    return counted if counted is not None and counted[0].within_days is not None else None


_COUNT_FILLER = re.compile(
    r"^(?:do|does|did|we|you|they|have|has|had|got|get|there|are|is|were|was|in|total|overall|all|our|the|"
    r"currently|right|now|today|exactly|roughly|about|approximately)$"
)


def _unread_words(text: str) -> str:
    """Return the words of a count's body beyond its people nouns and filler ("users do we have" says none)."""
    words = [t.text for t in tokenize(text) if not PEOPLE_NOUNS.fullmatch(t.text) and not _COUNT_FILLER.match(t.text)]
    return " ".join(words)


# "how many emails did we send": the act in the past tense, as the catalog names it ("sent")
_DID_ACT = re.compile(
    r"\b(?:did|do|does)\s+(?:we|you|they|i|users|people|customers)\s+"
    r"(?P<verb>(?!(?:have|need|want|know|think|expect|mean|see)\b)[a-z]+)\b"
)
_IRREGULAR_PAST = {"send": "sent", "get": "got", "buy": "bought", "lose": "lost", "make": "made", "pay": "paid",
                   "see": "saw", "give": "gave", "take": "took", "run": "ran", "do": "did"}


def _past_act(text: str) -> str:
    """Rewrite "did we send" as "sent", "did they open" as "opened"."""

    def past(m: re.Match[str]) -> str:
        verb = m["verb"]
        return _IRREGULAR_PAST.get(verb) or (f"{verb}d" if verb.endswith("e") else f"{verb}ed")

    return _DID_ACT.sub(past, text)


def _people_ranked(
    people: str, measure: str, desc: bool, limit: int, catalog: Catalog, lexicon: Lexicon, period: int | None
) -> exp.Select | Refusal:
    """Rank people ("top 5 users by workouts"), not groups."""
    return people_ranking(people, measure, desc, limit, catalog, lambda words: _filter(words, catalog, lexicon, period),
                          lambda words: _windowed_act(words, catalog, lexicon, period),
                          lambda words: _measure(words, catalog, lexicon))


def _as_acts(read: tuple[Condition | None, Refusal | None], counted_by: dict[str, str]) -> tuple[Condition | None, Refusal | None]:
    """Return the words' reading with a count trait said as the act ("workouts") as its event."""
    cond, refusal = read
    return (counts_as_act(cond, counted_by), refusal) if refusal is None else read


# "what's the most common ticket reason", "which workout type is most popular on iOS", "the least used channel"
_MOST_COMMON = re.compile(
    r"^\s*(?:what|which)(?:'s|s| is| are| was| were)?\s+(?:the\s+)?(?P<end>most|least)\s+(?:common|popular|frequent|"
    r"used)\s+(?P<what>.+)$"
    r"|^\s*(?:what|which)\s+(?P<what2>.+?)\s+(?:is|are|was|were)\s+(?:the\s+)?(?P<end2>most|least)\s+(?:common|"
    r"popular|frequent|used)\b\s*(?P<rest>.*)$"
)


def _as_top_one(text: str) -> str:
    """Return a question for the most (least) common value as "top (bottom) 1 <values> <rest>"."""
    m = _MOST_COMMON.match(text)
    if m is None:
        return text
    end, what = (m["end"], m["what"]) if m["end"] else (m["end2"], f"{m['what2']} {m['rest']}")
    return f"{'top' if end == 'most' else 'bottom'} 1 {what.strip()}"


def _plan(text: str, catalog: Catalog, lexicon: Lexicon, period: int | None) -> exp.Query | Refusal:
    # "subscribed within 7 days of starting a trial": a time between two acts, not the last 7 days (nor the
    # question's period: each act keeps what its own words say); "viewed pricing, then started checkout": an order
    counted_by = {trait: event for event, trait in lexicon.event_to_trait.items()}
    # "… within 14 days of starting a trial by platform": the grouping is cut before the acts are read
    grouped = _group_head(text, catalog, lexicon)
    gap_text = " ".join(f"{text[: grouped[1]]} {text[grouped[2] :]}".split()) if grouped else text
    gap = act_gap(gap_text, lambda words: _filter(words, catalog, lexicon), counted_by, grouped[0] if grouped else [],
                  catalog)
    if gap is not None:
        return gap
    top = _TOP.search(text)
    if top:
        ranks = _people_ranked if names_people(top.group(3)) else _ranked
        return ranks(top.group(3), top.group(4), top.group(1) == "top", int(top.group(2)), catalog, lexicon, period)
    most = _WITH_MOST.search(text)
    if most and names_people(most.group(2)):
        desc = most.group(3) in ("most", "highest", "longest", "largest", "biggest")
        return _people_ranked(most.group(2), most.group(4), desc, int(most.group(1)), catalog, lexicon, period)
    text = _as_top_one(text)  # "what's the most common ticket reason" is "top 1 ticket reason"
    bare = _TOP_BARE.search(text)
    common = bare and most_common(
        bare.group(3),
        bare.group(1) == "top",
        int(bare.group(2)),
        catalog,
        # "the most popular workout type": "workouts" names the count trait, and the acts it counts are ranked
        lambda words: _as_acts(_filter(words, catalog, lexicon, period), counted_by),
        lambda after: _counts_people(after, lexicon),
    )
    if common:
        # "top 3 ticket reasons in the last 30 days": the values one act records, by how often it happened
        return common
    named = _dimension_at(bare.group(3), catalog, lexicon, frozenset({"trait", "dimension"})) if bare else None
    if bare and named:
        # "top 3 countries for trial users", "the most common preferred workout type": a trait's values by people
        words = bare.group(3)
        return _ranked(words[: named[1]], _AMONG.sub("for", words[named[1] :]), bare.group(1) == "top",
                       int(bare.group(2)), catalog, lexicon, period)
    which = _WHICH_MOST.search(text)
    if which:
        # "which 3 countries …" says how many; a plural alone is a few, a singular one
        many = int(which.group(1)) if which.group(1) else _WHICH_MANY if which.group(2).endswith("s") else 1
        desc = which.group(3) in ("most", "highest")
        ranks = _people_ranked if names_people(which.group(2)) else _ranked
        return ranks(which.group(2), which.group(4), desc, many, catalog, lexicon, period)
    # The grouping is the marker and the dimension right after it, cut exactly: "in each country are at risk"
    # groups by country and keeps "are at risk" as the filter.
    # "among trial users" is "for trial users" to the audience reader, which knows only the latter
    text = _per_value_as_for(_AMONG.sub("for", _FILLER.sub(" ", text)), lexicon)
    # "messages sent by channel", "workouts per day": a key each act carries groups the acts
    breakdown = act_breakdown(
        text,
        catalog,
        # "how many workouts per week": the word names the count trait, and the acts it counts are grouped
        lambda words: _as_acts(_filter(words, catalog, lexicon, period), counted_by),
        lambda after: _counts_people(after, lexicon),
        lambda words: _dimension_at(words, catalog, lexicon, frozenset({"trait", "dimension"})),
    )
    if breakdown is not None:
        return breakdown
    cohort = cohort_grouping(text)
    if cohort is not None:
        # "… by signup week": the cut words are the grouping, the rest the people and the measure; a dimension
        # after it groups too ("by signup week and platform")
        start, end, stand_in = cohort
        joint = _SECOND_GROUP.match(text, end)
        then = joint is not None and _dimension_at(text[joint.end() :], catalog, lexicon, frozenset({"trait", "dimension"}))
        text = text[:start] + (f"{stand_in}by " + text[joint.end() :] if joint and then else stand_in + text[end:])
    head = _group_head(text, catalog, lexicon)
    group_match = _GROUP.search(text)
    group: list[str] = [SIGNUP_WEEK] if cohort else []
    if head is not None:
        group, start, end = [*group, *head[0]], head[1], head[2]
        body = text[:start] + " " + text[end:]
    elif group_match is not None:
        return refusal_for(
            [group_match.group(1)], [d.name for d in catalog.dimensions], catalog, what="grouping"
        )
    else:
        body = text
    spread = _spread_group(body, catalog, lexicon)
    if spread is not None and spread[0] not in group:
        group, body = [*group, spread[0]], spread[1]
    compared = _compared_values(body, lexicon)
    if compared is not None and compared not in group:
        # the values are still the filter ("IN (yoga, running)"); grouping by their trait answers each
        group = [*group, compared]
    share = _SHARE.search(body)
    if share and (acts := _SHARE_OF_ACTS.match(share.group(1))):
        # "what share of push messages were delivered": acts over acts, which a share of people would not answer
        said = f"{share.group(0)[: share.start(1) - share.start()].strip()} {acts.group(0).strip()}"
        return Refusal(
            reason=(f"I could not express: '{said}' (a share of acts, such as messages delivered per message "
                    "sent, is not answered; the share of people who did both is, and so are the counts of each)."),
            unmatched_phrases=[said],
            suggestions=["what share of users who were sent a push in the last 7 days had one delivered",
                         "how many messages were delivered in the last 7 days by channel"],
        )
    if share:
        split = share_split(share.group(1), lambda words: _filter(words, catalog, lexicon, period), catalog)
        if isinstance(split, Refusal):
            return split
        population, target = split
        hit = exp.Case(
            ifs=[exp.If(this=in_audience(target), true=exp.Literal.number(1.0))],
            default=exp.Literal.number(0.0),
        )
        ratio = exp.Round(this=exp.Avg(this=hit), decimals=exp.Literal.number(4))
        return _grouped(
            [exp.alias_(exp.Count(this=exp.Star()), "users"), exp.alias_(ratio, "share")], group, population
        )
    body = _TOTAL_COUNT.sub("", body)  # "the total number of trial users" counts them, it sums nothing
    agg_word = next((w for w in _AGGREGATES if re.search(rf"\b{w}\b", body)), None)
    elapsed = _ELAPSED.search(body)
    # "days until the trial ends" is a trait counted in days (trial_days_left), no time between acts
    timed = _measure(elapsed.group(0), catalog, lexicon)[0] if elapsed and elapsed["until"] else None
    if elapsed and (agg_word or re.match(r"^\s*how long\b", body)) and not (
        timed and catalog.trait(timed).unit in ("days", "hours", "minutes")
    ):
        # "median time to second workout": read as a measure, the words named the workout count
        said = elapsed.group(0).strip()
        return Refusal(
            reason=(f"I could not express: '{said}' (a time between two acts is not measured as a number; how many "
                    "did the second act within a time of the first is: the count, and their share)."),
            unmatched_phrases=[said],
            suggestions=["how many users completed 2 workouts within 7 days of signing up",
                         "how many users subscribed within 14 days of starting a trial"],
        )
    if agg_word:
        measured = re.sub(rf"^.*?\b{agg_word}\b", " ", body)
        fn = _AGGREGATES[agg_word]
        windowed = _windowed_act(measured, catalog, lexicon, period)
        if windowed is not None:
            # "average workouts in the last 7 days for committed users": each user's count of the act
            act, people = windowed
            value = exp.Round(this=fn(this=act_count()), decimals=exp.Literal.number(2))
            columns = [exp.alias_(value, f"{fn.key}_{act.event}"), exp.alias_(exp.Count(this=exp.Star()), "users")]
            return acts_select(columns, act, group, people)
        measure, rest = _measure(measured, catalog, lexicon)
        if measure is None:
            numeric = [t.name for t in catalog.traits if t.type in ("int", "float")]
            return refusal_for([measured.strip()], numeric[:5], catalog, what="measure")
        cond, refusal = _filter(rest, catalog, lexicon, period)
        if refusal:
            return refusal
        agg = exp.alias_(
            exp.Round(this=fn(this=exp.column(measure)), decimals=exp.Literal.number(2)),
            f"{fn.key}_{measure}",
        )
        return _grouped([agg, exp.alias_(exp.Count(this=exp.Star()), "users")], group, cond)
    counting = _COUNT.search(body)
    if counting:
        body = _OPENER.sub(" ", body)  # "what's the number of …": the question's opening says whom of nothing
        counting = _COUNT.search(body) or counting
        cond, refusal = _filter(_COUNT.sub(" ", body), catalog, lexicon, period)
        counted = None if refusal or _counts_people(body[counting.end() :], lexicon) else counted_act(cond)
        if counted is not None:
            # "how many tickets were created last week": the acts, not the people who did them
            act, people = counted
            total = exp.Sum(this=act_count())
            return acts_select([exp.alias_(exp.Coalesce(this=total, expressions=[exp.Literal.number(0)]), act.event)], act, group, people)
        if refusal is None and cond is None and (unsaid := _unread_words(_COUNT.sub(" ", body))):
            # "how many emails did we send": words that read as nothing must not count everyone
            return refusal_for([unsaid], [], catalog, what="phrase")
        return refusal or _grouped([exp.alias_(exp.Count(this=exp.Star()), "users")], group, cond)
    listing = _LIST.search(body)
    if listing:
        cond, refusal = _filter(_LIST.sub(" ", body), catalog, lexicon, period)
        limit = min(int(listing.group(1)), LIST_LIMIT) if listing.group(1) else LIST_LIMIT
        return refusal or audience_filter(exp.select("user_id").from_("user_traits"), cond).order_by(
            "user_id"
        ).limit(limit)
    rate = _RATE.search(body)
    if rate:
        # "what's the push open rate": acts over acts is no shape here, a share of people and the counts are
        return Refusal(
            reason=(
                f"I could not express: '{rate.group(0)}' (a rate of one act over another, such as opens per "
                "message sent, is not answered; the share of people who did both is, and so are the counts of each)."
            ),
            unmatched_phrases=[rate.group(0)],
            suggestions=[
                "what share of users who received a push in the last 30 days opened one",
                "how many messages were opened in the last 30 days by channel",
            ],
        )
    shapes = [
        "how many ...",
        "what share of ... have ...",
        "average <trait> by <dimension>",
        "top N <dimension> by <trait>",
    ]
    return refusal_for([text], shapes, catalog, what="question shape")


# people called new, said with a period that bounds nothing else: its signups
_NEW_PEOPLE = re.compile(r"\b(?:new|brand new)\s+(?:users|signups|sign-ups|customers|members|accounts|people)\b|"
                         r"\bnewcomers\b", re.IGNORECASE)


def _unbounded_window(planned: exp.Query, asked: str, traits: list[str], catalog: Catalog) -> Refusal | None:
    """Refuse a rolling window the question names that bounds nothing it counts ("how many new users last week":
    the state as of now was counted, the week dropped), else None."""
    days = question_period(asked, catalog)
    window = extract_window(asked)[0] if days is not None else None
    if days is None or window is None:
        return None
    return unbounded_period(planned, " ".join(asked[window.start : window.end].split()), traits, days)


def plan_question(prompt: str, catalog: Catalog, lexicon: Lexicon) -> QuestionPlan | Refusal:
    """Return the QuestionPlan of a data question, or refuse naming the phrase that maps to nothing."""
    # "how mnay users are on iOS", "avarage workouts for trail users": slips mended before anything is read
    text = mend_question(normalize(prompt), catalog, lexicon).strip(" ?.!")
    text = as_people_who_started(text, catalog)  # "share of trials that converted": of the users who started one
    text = metric_rate_as_share(text, catalog)  # "activation rate by signup week": the share the metric defines
    # "compare average streak between trial and paid users": the measure for each, "… for trial vs paid users"
    named = named_message(text)
    if named is not None:
        return named  # "how many users got the upgrade email": one message, which the warehouse cannot tell apart
    said = text
    text = _past_act(moved_versus(as_comparison(text) or with_lead_read(text), lexicon))
    versus = VERSUS.search(text)
    asked = text[: versus.start()] if versus else text
    # "since Monday", "in October": read as a window standing in the calendar period's place, then laid
    calendar = calendar_period(asked)
    previous = previous_calendar(calendar.spec) if calendar is not None and versus else None
    # "compare workouts in October and September": the "and" sets the periods apart
    pair = None if versus else period_pair(text, compared=periods_compared(said) is not None)
    other: tuple[PeriodSpec, tuple[str, str]] | None = (
        (previous[0], ("this_period", f"previous_{previous[1]}")) if previous is not None else None
    )
    if pair is not None:
        # "workouts in October vs September": each period named, answered in the order said
        calendar, other = pair.first, (pair.second, (pair_label(pair.first.spec), pair_label(pair.second)))
        asked = pair.text
    elif calendar is not None:
        asked = calendar.text
        if versus and previous is None:
            return Refusal(
                reason=f"I could not express: '{versus.group(0).strip(' ,;')}' (a calendar period, "
                f"'{calendar.label}', is compared in a diagnosis: ask why a metric changed {calendar.label}).",
                unmatched_phrases=[versus.group(0).strip(" ,;")],
                suggestions=["how many users opened the app in the last 7 days vs the 7 days before"],
            )
    # "who completed a workout last week never opened a push": two acts, the period of the first alone
    asked = split_never_clauses(asked, lexicon)
    # "in their first week": each person's first days after signing up, laid where a stand-in window stands
    first = first_days(asked)
    asked = as_signups(first.text) if first is not None else asked
    planned = _plan(asked, catalog, lexicon, question_period(asked, catalog))
    if isinstance(planned, Refusal):
        return said_back(planned, calendar)
    traits = [t.name for t in catalog.traits]
    unbounded = unbounded_period(planned, calendar.label, traits) if calendar else _unbounded_window(
        planned, asked, traits, catalog) if first is None else None
    if unbounded is not None and _NEW_PEOPLE.search(prompt):
        # "how many new users did we get last week?": people new in a period are the ones who signed up in it
        return plan_question(_NEW_PEOPLE.sub("users who signed up", prompt), catalog, lexicon)
    if unbounded is not None:
        return unbounded
    if first is not None:
        planned = lay_first_days(planned, first.hours)
    if says_every_day(asked):
        planned = count_days(planned)  # "opened the app every day last week": days with an open, not opens
    if calendar is not None and other is not None:
        # "how many subscribed last month vs the month before": each calendar period laid on the same question
        return QuestionPlan(question=prompt.strip(),
                            sql=calendar_pair(planned, calendar.spec, *other).sql(dialect="duckdb"))
    planned = with_period_columns(planned, calendar.spec if calendar else None)
    if versus:
        planned = compare_periods(planned, versus.group(0), catalog)
    if isinstance(planned, Refusal):
        return planned
    if calendar is not None:
        planned = lay_calendar(planned, calendar.spec)
    return QuestionPlan(question=prompt.strip(), sql=planned.sql(dialect="duckdb"))
