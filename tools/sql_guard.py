"""The parser guard: the first layer in front of the sandboxed connection for SQL a model wrote.

The guard parses with sqlglot (DuckDB dialect) and accepts exactly one SELECT (or a set operation of
SELECTs, CTEs allowed) that reads only allowlisted tables and calls only allowlisted functions. It
returns SQL regenerated from the parse tree (comments dropped) with a LIMIT cap, so what runs is what
was checked. Safety is decided on the tree, never on string prefixes.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

import sqlglot
from sqlglot import exp
from sqlglot.errors import OptimizeError, ParseError, TokenError
from sqlglot.optimizer.scope import traverse_scope

from warehouse.errors import GuardError

# Canonical tables and user_traits; never raw.*, mcc.* (control tables and the planted ground truth)
# or the catalog views (information_schema, duckdb_*).
DEFAULT_ALLOWED: frozenset[str] = frozenset(
    {"id_graph", "dim_users", "fct_events", "fct_subscriptions", "fct_support", "fct_messages", "user_traits"}
)

# Names as sqlglot reports them: `sql_name()` of a known function, the written name of an unknown one.
# Aggregates, scalar and window functions only; no table functions, no settings or variables, no I/O.
DEFAULT_FUNCTIONS: frozenset[str] = frozenset(
    {
        # aggregates
        "COUNT", "COUNT_IF", "SUM", "AVG", "MIN", "MAX", "MEDIAN", "MODE", "STDDEV", "STDDEV_POP",
        "STDDEV_SAMP", "VARIANCE", "VARIANCE_POP", "VARIANCE_SAMP", "APPROX_DISTINCT", "APPROX_QUANTILE",
        "PERCENTILE_CONT", "PERCENTILE_DISC", "QUANTILE", "ARG_MAX", "ARG_MIN", "ANY_VALUE", "LOGICAL_OR",
        "LOGICAL_AND", "GROUP_CONCAT", "ARRAY_AGG", "CORR", "COVAR_POP", "COVAR_SAMP", "FIRST", "LAST",
        "BOOL_AND", "BOOL_OR", "ENTROPY", "KURTOSIS", "SKEWNESS",
        # window
        "ROW_NUMBER", "RANK", "DENSE_RANK", "PERCENT_RANK", "CUME_DIST", "NTILE", "LAG", "LEAD",
        "FIRST_VALUE", "LAST_VALUE", "NTH_VALUE",
        # conditionals and casts
        "CASE", "IF", "COALESCE", "NULLIF", "IFNULL", "CAST", "TRY_CAST", "GREATEST", "LEAST", "EXISTS",
        # numbers
        "ABS", "ROUND", "FLOOR", "CEIL", "SQRT", "POW", "POWER", "EXP", "LN", "LOG", "LOG2", "LOG10",
        "SIGN", "MOD",
        # strings
        "LOWER", "UPPER", "LENGTH", "SUBSTRING", "LEFT", "RIGHT", "CONCAT", "CONCAT_WS", "REPLACE",
        "TRIM", "LTRIM", "RTRIM", "SPLIT_PART", "STARTS_WITH", "ENDS_WITH", "CONTAINS", "REGEXP_LIKE",
        "REGEXP_EXTRACT", "REGEXP_REPLACE", "ILIKE", "LPAD", "RPAD", "STRPOS", "REVERSE",
        # dates and times
        "CURRENT_DATE", "CURRENT_TIMESTAMP", "NOW", "DATE_TRUNC", "TIMESTAMP_TRUNC", "DATETIME_TRUNC",
        "DATEDIFF", "DATE_DIFF", "DATE_ADD", "DATE_SUB", "TIMESTAMP_ADD", "TIMESTAMP_SUB", "EXTRACT",
        "DATE_PART", "DATE_FROM_PARTS", "AGE", "DAYNAME", "MONTHNAME", "WEEK", "YEARWEEK",
        "DAYOFWEEK", "DAYOFWEEK_ISO", "DAYOFMONTH", "DAYOFYEAR", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE",
        "TIME_TO_STR", "STR_TO_TIME", "TIME_TO_UNIX", "UNIX_TO_TIME", "DATE_BIN", "TS_OR_DS_TO_DATE",
        "LAST_DAY", "TO_DAYS", "DATE",
        # JSON properties of fct_events
        "JSON_EXTRACT", "JSON_EXTRACT_SCALAR", "JSONEXTRACT", "JSONEXTRACTSCALAR",
    }
)

DEFAULT_ROW_CAP = 1000
MAX_SQL_CHARS = 20_000

# Statements and clauses refused wherever they appear (a DELETE inside a CTE parses as a nested node).
_FORBIDDEN_NODES: tuple[type[exp.Expr], ...] = tuple(
    cls
    for cls in (
        getattr(exp, name, None)
        for name in (
            "Insert", "Update", "Delete", "Merge", "Create", "Drop", "Alter", "Command", "Set", "Pragma",
            "Copy", "Use", "Transaction", "Commit", "Rollback", "Into", "Describe", "Show", "Summarize",
            "Attach", "Detach", "Install", "Export", "Lock", "Placeholder", "Parameter", "SessionParameter",
            "Analyze", "Kill", "Grant", "Revoke", "Cache", "Uncache", "Refresh", "TruncateTable",
        )
    )
    if isinstance(cls, type)
)

_ACCEPTED_SHAPE = "one SELECT (or a UNION/INTERSECT/EXCEPT of SELECTs, CTEs allowed) over the canonical tables"


def _refuse(message: str, accepted: str, **details: object) -> GuardError:
    return GuardError(message, where="sql guard", accepted=accepted, details=dict(details))


# sqlglot logs a warning when it falls back to parsing a statement as a bare Command ("SET ..."); the guard
# refuses those with its own message, so the warning would only be a second, confusing line on stderr
_SQLGLOT_LOG = logging.getLogger("sqlglot")


def _parse_one(sql: str) -> exp.Expr:
    level = _SQLGLOT_LOG.level
    _SQLGLOT_LOG.setLevel(logging.ERROR)
    try:
        statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
    except (ParseError, TokenError) as exc:
        first = str(exc).splitlines()[0]
        raise _refuse(f"the SQL does not parse as DuckDB SQL ({first})", _ACCEPTED_SHAPE) from exc
    finally:
        _SQLGLOT_LOG.setLevel(level)
    if len(statements) != 1:
        raise _refuse(f"{len(statements)} statements given; exactly one is run", _ACCEPTED_SHAPE)
    return statements[0]


def function_name(node: exp.Func) -> str:
    """Return the name the allowlist uses for a function node."""
    if isinstance(node, exp.Anonymous):
        return str(node.name).upper()
    return node.sql_name().upper()


def _check_root(root: exp.Expr) -> None:
    if isinstance(root, exp.Pivot):  # DuckDB's statement form; the same PIVOT reads fine as a subquery
        raise _refuse("only a SELECT is run; this parses as PIVOT",
                      "the PIVOT as a subquery with its values listed: SELECT * FROM (PIVOT t ON device_os IN "
                      "('ios', 'android') USING count(*))")
    if not isinstance(root, exp.Select | exp.SetOperation):
        raise _refuse(f"only a SELECT is run; this parses as {root.key.upper()}", _ACCEPTED_SHAPE)


def _check_nodes(root: exp.Expr, functions: frozenset[str]) -> None:
    for node in root.walk():
        if isinstance(node, _FORBIDDEN_NODES):
            raise _refuse(f"{type(node).__name__.upper()} is not allowed inside a query", _ACCEPTED_SHAPE)
        # AND/OR/XOR are Func subclasses in sqlglot, but they are operators, not calls.
        if isinstance(node, exp.Connector) or not isinstance(node, exp.Func):
            continue
        if function_name(node) not in functions:
            raise _refuse(
                f"function {function_name(node).lower()}() is not allowed",
                "aggregate, scalar and window functions such as count, sum, avg, date_trunc, lag, coalesce",
                function=function_name(node).lower(),
            )


def _cte_references(root: exp.Expr) -> set[int]:
    """Return the ids of table nodes that sqlglot's scope analysis resolves to a CTE in scope.

    Scoping matters: a CTE's own body, or a query outside the subquery that defines it, still reads the
    real relation of that name (`WITH duckdb_settings AS (SELECT * FROM duckdb_settings) ...`).
    """
    try:
        scopes = traverse_scope(root)
    except OptimizeError as exc:
        raise _refuse(f"the query's scopes cannot be resolved ({exc})", _ACCEPTED_SHAPE) from exc
    return {
        id(table)
        for scope in scopes
        for table in scope.tables
        if not table.db and table.name in scope.cte_sources
    }


def _check_tables(root: exp.Expr, tables: frozenset[str]) -> None:
    ctes = _cte_references(root)
    accepted = ", ".join(sorted(tables))
    for table in root.find_all(exp.Table):
        if not isinstance(table.this, exp.Identifier):
            raise _refuse("table functions are not allowed in FROM", f"one of the tables {accepted}")
        name = table.name.lower()
        if table.args.get("catalog") or (table.db and table.db.lower() != "main"):
            raise _refuse(f"table {table.sql(dialect='duckdb')} is outside the allowed schema", accepted)
        if table.this.quoted and not name.isidentifier():
            raise _refuse(f"a quoted path {table.name!r} cannot be read as a table", accepted)
        if id(table) in ctes:
            continue
        if name not in tables:
            raise _refuse(f"table {table.name!r} is not readable", accepted, table=name)


def _written_in(pivot_value: exp.Expr) -> bool:
    """Say whether a PIVOT's ON item lists its values in the query (`ON device_os IN ('ios', 'android')`)."""
    if not isinstance(pivot_value, exp.In) or not pivot_value.expressions:
        return False
    if any(pivot_value.args.get(k) for k in ("query", "field", "unnest")):
        return False
    return not any(isinstance(n, exp.Column | exp.Query) for v in pivot_value.expressions for n in v.walk())


def _check_pivots(root: exp.Expr) -> None:
    """Refuse a PIVOT whose columns are not listed in the query (`PIVOT t ON col` without IN).

    DuckDB runs a hidden SELECT DISTINCT first and writes one column per value it finds, so what runs is not
    what was checked: the row cap bounds none of those columns (`ON user_id` asks for one per user and runs
    the sandbox out of memory), and their names are warehouse values, which would reach a model unmarked
    (`ON ticket_text` names a column after each ticket's text). UNPIVOT names its columns in the query.
    """
    for pivot in root.find_all(exp.Pivot):
        if pivot.args.get("unpivot"):
            continue
        # `PIVOT t ON ... USING ...` keeps its ON items in expressions; `t PIVOT (agg FOR ... IN ...)` in fields.
        values = pivot.expressions if pivot.args.get("this") else pivot.args.get("fields")
        if not values or not all(_written_in(v) for v in values):
            raise _refuse(
                "a PIVOT without its values listed makes one column per value in the data, which the row cap does "
                "not bound and which are named after warehouse data",
                "the values written in the query: SELECT * FROM (PIVOT t ON device_os IN ('ios', 'android') "
                "USING count(*)), or GROUP BY the column instead",
            )


def _literal_count(limit: exp.Expr | None) -> int | None:
    """Return the row count of a LIMIT n or FETCH FIRST n ROWS clause when it is a plain number."""
    count: exp.Expr | None = None
    if isinstance(limit, exp.Limit):
        count = limit.expression
    elif isinstance(limit, exp.Fetch):
        options = limit.args.get("limit_options")
        special = options is not None and (options.args.get("percent") or options.args.get("with_ties"))
        count = None if special else limit.args.get("count")
    return int(count.name) if isinstance(count, exp.Literal) and count.is_int else None


def _cap_limit(root: exp.Expr, row_cap: int) -> exp.Expr:
    """Set LIMIT to the cap when it is absent, not a plain number, or above the cap."""
    current = _literal_count(root.args.get("limit"))
    capped = row_cap if current is None else min(current, row_cap)
    root.set("limit", exp.Limit(expression=exp.Literal.number(capped)))
    return root


def guard(
    sql: str,
    *,
    allowed_tables: Collection[str] = DEFAULT_ALLOWED,
    allowed_functions: Collection[str] = DEFAULT_FUNCTIONS,
    row_cap: int = DEFAULT_ROW_CAP,
) -> str:
    """Return the safe SQL to run for `sql`, or raise GuardError naming what was refused."""
    if not isinstance(sql, str) or not sql.strip():
        raise _refuse("empty SQL", _ACCEPTED_SHAPE)
    if len(sql) > MAX_SQL_CHARS:
        raise _refuse(f"the SQL is {len(sql)} characters long", f"at most {MAX_SQL_CHARS} characters")
    if row_cap < 1:
        raise ValueError("row_cap must be positive")
    try:
        root = _parse_one(sql)
        _check_root(root)
        _check_nodes(root, frozenset(f.upper() for f in allowed_functions))
        _check_pivots(root)  # first: a PIVOT in a CTE is no scope sqlglot resolves, and would read as an unknown table
        _check_tables(root, frozenset(t.lower() for t in allowed_tables))
        return _cap_limit(root, row_cap).sql(dialect="duckdb", comments=False)
    except RecursionError as exc:
        # sqlglot's parser and generator recurse per nesting level; a pathological nest must not crash the tool.
        raise _refuse("the query nests too deeply to check", "fewer nested parentheses and subqueries") from exc
