"""Identity stitching: every id seen, joined into people by min-label connected components.

Edges are ids seen together in one row (as rudderlabs/dbt-id-stitching builds them): anonymous_id and
user_id on identifies, tracks, pages and screens; previous_id and user_id (and the alias call's own
anonymous id) on aliases; a user id and `email:<addr>` where an identify captured an email, so two
accounts that share an email become one person. Each node starts with its own number as label; every
pass sets a node's label to the smallest label among itself and its neighbours, until nothing changes.
A component's stitched id is its smallest user id (user ids and alias previous ids), so ids stay
readable; a component without one (a visitor who never signed up) keeps its smallest anonymous id.

Output: `id_graph(node, node_type, user_id)`, node_type in (user_id, previous_id, anonymous_id, email).
"""

from __future__ import annotations

import duckdb

from warehouse.sqlutil import scalar, table_exists

# Raw tables whose rows pair an anonymous id with a user id (`tracks` carries every track event's ids).
ID_TABLES = ("identifies", "tracks", "pages", "screens", "aliases")
NODE_RANK = "CASE node_type WHEN 'user_id' THEN 0 WHEN 'previous_id' THEN 1 WHEN 'anonymous_id' THEN 2 ELSE 3 END"
MAX_PASSES = 50


def _id_rows(con: duckdb.DuckDBPyConnection) -> str:
    """Return a SELECT of (anonymous_id, user_id) pairs and lone ids from every raw id table."""
    parts = [f"SELECT DISTINCT anonymous_id, user_id FROM raw.{t}" for t in ID_TABLES if table_exists(con, "raw", t)]
    return " UNION ".join(parts) if parts else "SELECT NULL::VARCHAR AS anonymous_id, NULL::VARCHAR AS user_id"


def edges_sql(con: duckdb.DuckDBPyConnection) -> str:
    """Return the SELECT of undirected edges (a, b, a_type, b_type) between ids seen together."""
    parts = [
        f"SELECT anonymous_id AS a, 'anonymous_id' AS a_type, user_id AS b, 'user_id' AS b_type FROM ({_id_rows(con)}) "
        "WHERE anonymous_id IS NOT NULL OR user_id IS NOT NULL",
    ]
    if table_exists(con, "raw", "aliases"):
        parts.append("SELECT previous_id, 'previous_id', user_id, 'user_id' FROM raw.aliases "
                     "WHERE previous_id IS NOT NULL AND user_id IS NOT NULL")
    if table_exists(con, "raw", "identifies"):
        parts.append("SELECT DISTINCT user_id, 'user_id', 'email:' || lower(trim(email)), 'email' FROM raw.identifies "
                     "WHERE user_id IS NOT NULL AND email IS NOT NULL AND trim(email) <> ''")
    return " UNION ALL ".join(parts)


def build_identity(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild `id_graph` from the raw layer and return its number of nodes."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE id_edges_raw AS {edges_sql(con)}")
    # each id once, typed by its strongest role (a user id that was also aliased stays a user id)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE id_nodes AS
        SELECT node, arg_min(node_type, {NODE_RANK}) AS node_type, row_number() OVER (ORDER BY node) AS nid
        FROM (SELECT a AS node, a_type AS node_type FROM id_edges_raw WHERE a IS NOT NULL
              UNION ALL SELECT b, b_type FROM id_edges_raw WHERE b IS NOT NULL)
        GROUP BY node""")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE id_edges AS
        SELECT DISTINCT x.nid AS a, y.nid AS b FROM id_edges_raw e
        JOIN id_nodes x ON x.node = e.a JOIN id_nodes y ON y.node = e.b WHERE x.nid <> y.nid""")
    con.execute("INSERT INTO id_edges SELECT b, a FROM id_edges")
    components(con)
    con.execute("""
        CREATE OR REPLACE TABLE id_graph AS
        WITH labelled AS (
          SELECT n.node, n.node_type, coalesce(l.lbl, n.nid) AS lbl FROM id_nodes n LEFT JOIN id_labels l USING (nid)
        ), stitched AS (
          SELECT lbl, coalesce(min(node) FILTER (WHERE node_type IN ('user_id', 'previous_id')),
                               min(node) FILTER (WHERE node_type = 'anonymous_id'), min(node)) AS user_id
          FROM labelled GROUP BY lbl
        )
        SELECT node, node_type, user_id FROM labelled JOIN stitched USING (lbl)""")
    for t in ("id_edges_raw", "id_edges", "id_labels"):
        con.execute(f"DROP TABLE IF EXISTS {t}")
    return int(scalar(con, "SELECT count(*) FROM id_graph"))


def components(con: duckdb.DuckDBPyConnection) -> int:
    """Label `id_edges`' nodes with their component's smallest nid (temp `id_labels`); return the passes."""
    con.execute("CREATE OR REPLACE TEMP TABLE id_labels AS SELECT DISTINCT a AS nid, a AS lbl FROM id_edges")
    for passes in range(1, MAX_PASSES + 1):
        # min over neighbours, then one pointer jump (label of the label) to halve the passes on chains
        con.execute("""
            CREATE OR REPLACE TEMP TABLE id_labels_next AS
            WITH step AS (
              SELECT l.nid, least(l.lbl, min(n.lbl)) AS lbl
              FROM id_labels l JOIN id_edges e ON e.a = l.nid JOIN id_labels n ON n.nid = e.b
              GROUP BY l.nid, l.lbl
            )
            SELECT s.nid, least(s.lbl, j.lbl) AS lbl FROM step s JOIN step j ON j.nid = s.lbl""")
        changed = scalar(con, "SELECT count(*) FROM id_labels_next x JOIN id_labels l USING (nid) WHERE x.lbl <> l.lbl")
        con.execute("DROP TABLE id_labels")
        con.execute("ALTER TABLE id_labels_next RENAME TO id_labels")
        if not changed:
            return passes
    raise RuntimeError(f"identity stitching did not converge in {MAX_PASSES} passes")
