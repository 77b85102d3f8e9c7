"""Identity stitching: every id seen, joined into people by min-label connected components.

Edges are ids seen together in one row (as rudderlabs/dbt-id-stitching builds them): anonymous_id and
user_id on identifies, tracks, pages, screens and groups; previous_id and user_id (and the alias call's own
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

# Raw tables whose rows pair an anonymous id with a user id (`tracks` carries every track event's ids; a
# group call carries the ids of the person it puts in an account).
ID_TABLES = ("identifies", "tracks", "pages", "screens", "groups", "aliases")
MAX_PASSES = 50


def node_rank(column: str = "node_type") -> str:
    """Return the SQL of a node type's strength (0 strongest): an id keeps its strongest role."""
    return f"CASE {column} WHEN 'user_id' THEN 0 WHEN 'previous_id' THEN 1 WHEN 'anonymous_id' THEN 2 ELSE 3 END"


def _id_rows(con: duckdb.DuckDBPyConnection, where: str) -> str:
    """Return a SELECT of (anonymous_id, user_id) pairs and lone ids from every raw id table."""
    parts = [f"SELECT DISTINCT anonymous_id, user_id FROM raw.{t} WHERE {where}"
             for t in ID_TABLES if table_exists(con, "raw", t)]
    return " UNION ".join(parts) if parts else "SELECT NULL::VARCHAR AS anonymous_id, NULL::VARCHAR AS user_id"


def edges_sql(con: duckdb.DuckDBPyConnection, where: str = "TRUE") -> str:
    """Return the SELECT of edges (a, a_type, b, b_type) between ids seen together in raw rows matching
    `where`; an id seen alone is an edge with a NULL end, so it still becomes a node."""
    parts = [
        f"SELECT anonymous_id AS a, 'anonymous_id' AS a_type, user_id AS b, 'user_id' AS b_type "
        f"FROM ({_id_rows(con, where)}) WHERE anonymous_id IS NOT NULL OR user_id IS NOT NULL",
    ]
    if table_exists(con, "raw", "aliases"):
        parts.append("SELECT previous_id, 'previous_id', user_id, 'user_id' FROM raw.aliases "
                     f"WHERE previous_id IS NOT NULL AND user_id IS NOT NULL AND {where}")
    if table_exists(con, "raw", "identifies"):
        parts.append("SELECT DISTINCT user_id, 'user_id', 'email:' || lower(trim(email)), 'email' FROM raw.identifies "
                     f"WHERE user_id IS NOT NULL AND email IS NOT NULL AND trim(email) <> '' AND {where}")
    return " UNION ALL ".join(parts)


def build_identity(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild `id_graph` from the raw layer and return its number of nodes."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE id_edges_raw AS {edges_sql(con)}")
    stitch(con)
    con.execute("CREATE OR REPLACE TABLE id_graph AS SELECT * FROM id_stitched")
    con.execute("DROP TABLE id_stitched")
    return int(scalar(con, "SELECT count(*) FROM id_graph"))


def extend_identity(con: duckdb.DuckDBPyConnection, where: str) -> int:
    """Stitch the ids of new raw rows (`where`) into `id_graph`, touching only the components they reach.

    Only new edges that change something are stitched: an end is a new id or takes a stronger role, or
    the ends lie in two components. Their ends and the stitched ids of the components they reach are
    re-labelled, each old id tied to its old stitched id (a star keeps its component connected without
    its original edges). Other old ids of a component cannot become its stitched id (it is the smallest
    id of the strongest role there), so the result equals a full rebuild. Moves the rows of components
    whose stitched id changed; leaves temp `id_changes(old_id, new_id)` for them and temp
    `id_touched(user_id)`, the people any of whose ids was added, re-typed or moved; returns id_changes' size.
    """
    con.execute(f"CREATE OR REPLACE TEMP TABLE id_edges_new AS {edges_sql(con, where)}")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE id_ends AS
        SELECT node, node_type, user_id AS old_id FROM id_graph
        SEMI JOIN (SELECT a AS node FROM id_edges_new UNION SELECT b FROM id_edges_new) USING (node)""")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE id_edges_raw AS
        SELECT e.* FROM id_edges_new e LEFT JOIN id_ends x ON x.node = e.a LEFT JOIN id_ends y ON y.node = e.b
        WHERE (e.a IS NOT NULL AND (x.node IS NULL OR {node_rank('e.a_type')} < {node_rank('x.node_type')}))
           OR (e.b IS NOT NULL AND (y.node IS NULL OR {node_rank('e.b_type')} < {node_rank('y.node_type')}))
           OR x.old_id <> y.old_id""")
    con.execute("DROP TABLE id_edges_new")
    # the old ids the kept edges reach, and the stitched id (itself an id of the graph) of each one's component
    con.execute("""
        CREATE OR REPLACE TEMP TABLE id_old AS
        WITH reached AS (SELECT * FROM id_ends SEMI JOIN (SELECT a AS node FROM id_edges_raw
                                                          UNION SELECT b FROM id_edges_raw) USING (node))
        SELECT * FROM reached
        UNION SELECT node, node_type, user_id FROM id_graph WHERE node IN (SELECT old_id FROM reached)""")
    con.execute("DROP TABLE id_ends")
    con.execute("INSERT INTO id_edges_raw SELECT o.node, o.node_type, o.old_id, s.node_type "
                "FROM id_old o JOIN id_old s ON s.node = o.old_id WHERE o.node <> o.old_id")
    # a component of one id has no star edge: a lone row keeps it (and its type)
    con.execute("INSERT INTO id_edges_raw SELECT node, node_type, NULL, NULL FROM id_old")
    stitch(con)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE id_changes AS
        SELECT DISTINCT o.old_id, s.user_id AS new_id FROM id_old o JOIN id_stitched s USING (node)
        WHERE o.old_id <> s.user_id""")
    # the ids of a moved component that no new edge reached follow their stitched id
    con.execute("""
        INSERT INTO id_stitched SELECT g.node, g.node_type, c.new_id FROM id_graph g JOIN id_changes c ON g.user_id = c.old_id
        ANTI JOIN id_stitched s ON s.node = g.node""")
    con.execute("DELETE FROM id_graph WHERE node IN (SELECT node FROM id_stitched)")
    con.execute("INSERT INTO id_graph SELECT * FROM id_stitched")
    con.execute("CREATE OR REPLACE TEMP TABLE id_touched AS SELECT DISTINCT user_id FROM id_stitched")
    con.execute("DROP TABLE id_stitched")
    con.execute("DROP TABLE id_old")
    return int(scalar(con, "SELECT count(*) FROM id_changes"))


def stitch(con: duckdb.DuckDBPyConnection) -> None:
    """Turn temp `id_edges_raw` into temp `id_stitched(node, node_type, user_id)`."""
    # each id once, typed by its strongest role (a user id that was also aliased stays a user id)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE id_nodes AS
        SELECT node, arg_min(node_type, {node_rank()}) AS node_type, row_number() OVER (ORDER BY node) AS nid
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
        CREATE OR REPLACE TEMP TABLE id_stitched AS
        WITH labelled AS (
          SELECT n.node, n.node_type, coalesce(l.lbl, n.nid) AS lbl FROM id_nodes n LEFT JOIN id_labels l USING (nid)
        ), stitched AS (
          SELECT lbl, coalesce(min(node) FILTER (WHERE node_type IN ('user_id', 'previous_id')),
                               min(node) FILTER (WHERE node_type = 'anonymous_id'), min(node)) AS user_id
          FROM labelled GROUP BY lbl
        )
        SELECT node, node_type, user_id FROM labelled JOIN stitched USING (lbl)""")
    for t in ("id_edges_raw", "id_edges", "id_labels", "id_nodes"):
        con.execute(f"DROP TABLE IF EXISTS {t}")


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
