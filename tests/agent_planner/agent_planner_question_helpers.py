"""Small hand-made warehouses for data-question tests, and the guarded answer a question gets on one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

from agent.catalog_planner import CatalogPlanner
from agent.types import QuestionPlan
from tools.sql_guard import guard

EVENTS_DDL = "CREATE TABLE fct_events(event_time TIMESTAMP, user_id VARCHAR, event_name VARCHAR, properties JSON)"


def question_warehouse(
    path: Path, traits: str, users: Sequence[tuple[object, ...]], events: Sequence[tuple[object, ...]] | None = None,
    signups: Sequence[tuple[str, str | None]] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Return a connection to a warehouse of `user_traits` (`traits`: its column definitions after user_id)
    holding `users`, `fct_events` holding `events` when given, and `dim_users` holding `signups` (user id,
    signup time) when given."""
    con = duckdb.connect(str(path))
    con.execute(f"CREATE TABLE user_traits(user_id VARCHAR, {traits})")
    if users:
        con.executemany(f"INSERT INTO user_traits VALUES ({', '.join('?' * len(users[0]))})", list(users))
    if events is not None:
        con.execute(EVENTS_DDL)
        con.executemany("INSERT INTO fct_events VALUES (?, ?, ?, ?)", list(events))
    if signups is not None:
        con.execute("CREATE TABLE dim_users(user_id VARCHAR, signup_at TIMESTAMP)")
        con.executemany("INSERT INTO dim_users VALUES (?, ?)", list(signups))
    return con


def answer_columns(
    planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str
) -> tuple[list[str], list[tuple[object, ...]]]:
    """Return the columns and rows the prompt's question plan selects, run through the guard as run_sql runs it."""
    assert planner.classify(prompt, planner.catalog) == "question"
    plan = planner.plan_question(prompt, planner.catalog, [])
    assert isinstance(plan, QuestionPlan), plan
    rows = con.execute(guard(plan.sql)).fetchall()
    return [d[0] for d in con.description], rows


def _says_a_period(column: str) -> bool:
    return column.endswith(("_start", "_end")) and column != "signup_week"


def answer(planner: CatalogPlanner, con: duckdb.DuckDBPyConnection, prompt: str) -> list[tuple[object, ...]]:
    """Return the rows the prompt's question plan selects, without the columns that say its period
    (`period_start`, `period_end`: tests of periods read them with `answer_columns`)."""
    columns, rows = answer_columns(planner, con, prompt)
    kept = [i for i, c in enumerate(columns) if not _says_a_period(c)]
    return [tuple(row[i] for i in kept) for row in rows]
