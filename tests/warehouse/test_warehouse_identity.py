"""Identity stitching on a hand-made raw layer: each case a person the stitcher must recognise."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pytest

from warehouse.models.identity import build_identity, extend_identity

T0 = datetime(2026, 1, 1)


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    c.execute("CREATE SCHEMA raw")
    c.execute("CREATE TABLE raw.tracks (anonymous_id VARCHAR, user_id VARCHAR, uuid_ts TIMESTAMP)")
    c.execute("CREATE TABLE raw.identifies (anonymous_id VARCHAR, user_id VARCHAR, email VARCHAR, uuid_ts TIMESTAMP)")
    c.execute("CREATE TABLE raw.aliases (anonymous_id VARCHAR, user_id VARCHAR, previous_id VARCHAR, uuid_ts TIMESTAMP)")
    return c


def track(con: duckdb.DuckDBPyConnection, anon: str | None, user: str | None, day: int = 0) -> None:
    con.execute("INSERT INTO raw.tracks VALUES (?, ?, ?)", [anon, user, T0 + timedelta(days=day)])


def identify(con: duckdb.DuckDBPyConnection, anon: str | None, user: str, email: str | None = None,
             day: int = 0) -> None:
    con.execute("INSERT INTO raw.identifies VALUES (?, ?, ?, ?)", [anon, user, email, T0 + timedelta(days=day)])


def alias(con: duckdb.DuckDBPyConnection, previous: str, user: str, day: int = 0) -> None:
    con.execute("INSERT INTO raw.aliases VALUES (NULL, ?, ?, ?)", [user, previous, T0 + timedelta(days=day)])


def graph(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT node, user_id FROM id_graph").fetchall())


def test_anonymous_browsing_before_signup_joins_the_user(con: duckdb.DuckDBPyConnection) -> None:
    track(con, "anon-1", None)
    track(con, "anon-1", None)
    identify(con, "anon-1", "u1")
    track(con, "anon-1", "u1")
    track(con, "anon-visitor", None)
    build_identity(con)
    g = graph(con)
    assert g["anon-1"] == "u1" and g["u1"] == "u1"
    assert g["anon-visitor"] == "anon-visitor"  # never signed up: keeps its own anonymous id


def test_reinstall_with_new_anonymous_id_is_the_same_person(con: duckdb.DuckDBPyConnection) -> None:
    identify(con, "install-1", "u7")
    track(con, "install-2", None)  # opens the app after reinstalling, before logging in again
    identify(con, "install-2", "u7")
    build_identity(con)
    g = graph(con)
    assert g["install-1"] == g["install-2"] == "u7"


def test_alias_chain_collapses_to_the_smallest_user_id(con: duckdb.DuckDBPyConnection) -> None:
    identify(con, "anon-a", "y-legacy")
    alias(con, "y-legacy", "x-legacy")  # a -> b
    alias(con, "x-legacy", "u3")  # b -> c
    build_identity(con)
    g = graph(con)
    assert g["y-legacy"] == g["x-legacy"] == g["anon-a"] == g["u3"] == "u3"
    types = dict(con.execute("SELECT node, node_type FROM id_graph").fetchall())
    assert types["u3"] == "user_id" and types["anon-a"] == "anonymous_id"


def test_two_accounts_sharing_an_email_merge(con: duckdb.DuckDBPyConnection) -> None:
    identify(con, "anon-p", "u10", "Pat@Example.com")
    identify(con, "anon-q", "u11", "pat@example.com ")
    identify(con, "anon-r", "u12", "someone@else.com")
    build_identity(con)
    g = graph(con)
    assert g["u11"] == g["anon-q"] == g["email:pat@example.com"] == "u10"
    assert g["u12"] == "u12"


def test_extending_the_graph_equals_a_full_rebuild(con: duckdb.DuckDBPyConnection) -> None:
    identify(con, "anon-p", "u20", "kim@example.com")
    identify(con, "anon-q", "u19")
    track(con, "anon-s", None)
    build_identity(con)
    # a day later: u19 gives the same email (merging two people) and the visitor signs up as u21
    identify(con, "anon-q", "u19", "kim@example.com", day=1)
    identify(con, "anon-s", "u21", day=1)
    changes = extend_identity(con, f"uuid_ts > TIMESTAMP '{T0 + timedelta(hours=1)}'")
    incremental = con.execute("SELECT * FROM id_graph ORDER BY node").fetchall()
    moved = dict(con.execute("SELECT old_id, new_id FROM id_changes").fetchall())
    build_identity(con)
    assert incremental == con.execute("SELECT * FROM id_graph ORDER BY node").fetchall()
    assert moved == {"u20": "u19", "anon-s": "u21"} and changes == 2


def test_extending_with_known_ids_equals_a_full_rebuild(con: duckdb.DuckDBPyConnection) -> None:
    identify(con, "anon-m", "u60")
    track(con, "anon-n", "u60")
    track(con, "anon-v", None)
    track(con, "anon-w", None)
    identify(con, "anon-k", "u70")
    build_identity(con)
    # a day later: ids seen together again (nothing changes), an anonymous id aliased (it becomes a
    # previous id, smaller than its person's user id), and two visitors' ids on one row (two components meet)
    track(con, "anon-m", "u60", day=1)
    track(con, "anon-k", None, day=1)
    alias(con, "anon-n", "u60", day=1)
    identify(con, "anon-w", "u80", day=1)
    track(con, "anon-w", None, day=1)
    track(con, "anon-v", "u80", day=1)
    extend_identity(con, f"uuid_ts > TIMESTAMP '{T0 + timedelta(hours=1)}'")
    incremental = con.execute("SELECT * FROM id_graph ORDER BY node").fetchall()
    moved = dict(con.execute("SELECT old_id, new_id FROM id_changes").fetchall())
    build_identity(con)
    assert incremental == con.execute("SELECT * FROM id_graph ORDER BY node").fetchall()
    assert moved == {"u60": "anon-n", "anon-v": "u80", "anon-w": "u80"}
    assert graph(con)["anon-m"] == "anon-n"


def test_a_group_call_links_the_ids_it_carries(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE raw.groups (anonymous_id VARCHAR, user_id VARCHAR, group_id VARCHAR, uuid_ts TIMESTAMP)")
    track(con, "anon-team", None)  # browsing before the person is known
    con.execute("INSERT INTO raw.groups VALUES ('anon-team', 'u42', 'acme', ?)", [T0])
    build_identity(con)
    assert graph(con)["anon-team"] == "u42"
    assert "acme" not in graph(con)  # the account is not a person's id
