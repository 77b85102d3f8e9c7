"""The parser guard refuses every hostile string and accepts (and runs) every legitimate analytic query."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.sql_guard import guard
from warehouse.connection import connect_sandboxed
from warehouse.errors import GuardError

HOSTILE = [
    # writes and DDL
    "INSERT INTO dim_users VALUES ('x', 'ios', NULL, NULL, NULL, NULL, NULL, NULL)",
    "INSERT INTO fct_events SELECT * FROM fct_events",
    "UPDATE dim_users SET device_os = 'web'",
    "DELETE FROM fct_events",
    "DELETE FROM mcc.proposals WHERE TRUE",
    "MERGE INTO dim_users USING dim_users AS d ON TRUE WHEN MATCHED THEN DELETE",
    "TRUNCATE fct_events",
    "DROP TABLE fct_events",
    "DROP VIEW IF EXISTS user_traits",
    "DROP SCHEMA mcc CASCADE",
    "ALTER TABLE dim_users ADD COLUMN pwned INT",
    "ALTER TABLE dim_users RENAME TO x",
    "CREATE TABLE x AS SELECT * FROM dim_users",
    "CREATE TEMP TABLE t AS SELECT 1",
    "CREATE TEMPORARY TABLE t (a INT)",
    "CREATE OR REPLACE VIEW user_traits AS SELECT 1",
    "CREATE MACRO f(x) AS x + 1",
    "CREATE SEQUENCE s",
    "CREATE INDEX i ON dim_users(user_id)",
    "CREATE SCHEMA evil",
    "CREATE TYPE mood AS ENUM ('a')",
    "SELECT * INTO copy_of_users FROM dim_users",
    "WITH x AS (DELETE FROM fct_events RETURNING *) SELECT * FROM x",
    "WITH x AS (INSERT INTO dim_users VALUES (1) RETURNING *) SELECT * FROM x",
    "WITH x AS (UPDATE dim_users SET email = NULL RETURNING *) SELECT count(*) FROM x",
    # several statements
    "SELECT 1; DROP TABLE fct_events",
    "SELECT 1; SELECT 2",
    "SELECT * FROM dim_users; DELETE FROM dim_users",
    "SELECT 1;\nATTACH '/tmp/x.db' AS x",
    "SELECT 1 -- harmless\n; DROP TABLE dim_users",
    "SELECT 1 /* ; */; COPY dim_users TO '/tmp/out.csv'",
    "SELECT ';'; DROP TABLE dim_users",
    # settings, pragmas, variables
    "PRAGMA database_list",
    "PRAGMA show_tables",
    "PRAGMA enable_profiling",
    "SET threads = 64",
    "SET enable_external_access = true",
    "SET lock_configuration = false",
    "RESET memory_limit",
    "SET VARIABLE secret = 'x'",
    "SELECT getvariable('secret')",
    "SELECT current_setting('enable_external_access')",
    "SELECT * FROM duckdb_settings()",
    "SELECT * FROM duckdb_variables()",
    "CHECKPOINT",
    "FORCE CHECKPOINT",
    "VACUUM",
    "BEGIN TRANSACTION",
    "COMMIT",
    "ROLLBACK",
    "USE mcc",
    # attach, copy, export, extensions, secrets
    "ATTACH '/tmp/evil.db' AS evil",
    "ATTACH 'https://example.com/x.db' AS remote (READ_ONLY)",
    "DETACH mcc",
    "COPY fct_support TO '/tmp/tickets.csv'",
    "COPY (SELECT * FROM fct_support) TO '/tmp/tickets.parquet' (FORMAT parquet)",
    "COPY dim_users FROM '/etc/passwd'",
    "EXPORT DATABASE '/tmp/dump'",
    "IMPORT DATABASE '/tmp/dump'",
    "INSTALL httpfs",
    "LOAD httpfs",
    "INSTALL shellfs FROM community",
    "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')",
    "CREATE PERSISTENT SECRET s (TYPE http, BEARER_TOKEN 't')",
    "DROP SECRET s",
    # file and URL reads
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_csv_auto('/etc/passwd')",
    "SELECT * FROM read_parquet('/tmp/x.parquet')",
    "SELECT * FROM read_json('/tmp/x.json')",
    "SELECT * FROM read_json_auto('https://example.com/x.json')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM read_blob('/etc/hostname')",
    "SELECT read_text('/etc/hostname')",
    "SELECT * FROM '/etc/passwd'",
    "SELECT * FROM 'https://example.com/data.csv'",
    "SELECT * FROM 's3://bucket/key.parquet'",
    "SELECT * FROM \"/etc/passwd\"",
    "SELECT * FROM 'data/*.csv'",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM sniff_csv('/etc/passwd')",
    "SELECT * FROM parquet_metadata('/tmp/x.parquet')",
    "SELECT * FROM iceberg_scan('s3://x')",
    "SELECT * FROM delta_scan('/tmp/x')",
    "SELECT * FROM sqlite_scan('/tmp/x.db', 'users')",
    "SELECT * FROM postgres_scan('host=x', 'public', 't')",
    # other table functions
    "SELECT * FROM range(100000000)",
    "SELECT * FROM generate_series(1, 10)",
    "SELECT * FROM query('SELECT * FROM mcc.proposals')",
    "SELECT * FROM query_table('mcc.proposals')",
    "SELECT * FROM unnest([1, 2, 3])",
    "SELECT * FROM repeat_row(1, num_rows = 1000000000)",
    "SELECT * FROM which_secret('s3://x', 's3')",
    "SELECT * FROM pragma_table_info('dim_users')",
    # catalog probes and tables off the allowlist
    "SELECT * FROM information_schema.tables",
    "SELECT * FROM information_schema.columns",
    "SELECT * FROM duckdb_tables()",
    "SELECT * FROM duckdb_columns()",
    "SELECT * FROM duckdb_secrets()",
    "SELECT * FROM duckdb_extensions()",
    "SELECT * FROM duckdb_databases()",
    "SELECT * FROM sqlite_master",
    "SELECT * FROM pg_catalog.pg_tables",
    "SELECT * FROM raw.tracks",
    "SELECT * FROM raw.identifies",
    "SELECT * FROM mcc.scenarios",
    "SELECT * FROM mcc.proposals",
    "SELECT * FROM mcc.rule_versions",
    "SELECT * FROM mcc.audit_log",
    "SELECT * FROM other.main.dim_users",
    "SELECT * FROM system.main.duckdb_tables",
    "SELECT * FROM secrets",
    "SELECT u.* FROM dim_users u JOIN mcc.scenarios s ON TRUE",
    "SELECT * FROM dim_users UNION ALL SELECT scenario_id, kind, description, NULL, NULL, NULL, NULL, NULL FROM mcc.scenarios",
    "SELECT * FROM dim_users WHERE user_id IN (SELECT user_id FROM raw.users)",
    "SELECT (SELECT count(*) FROM mcc.outbox) AS n",
    # nested subqueries hiding a function
    "SELECT * FROM dim_users WHERE user_id IN (SELECT column0 FROM read_csv('/etc/passwd'))",
    "SELECT (SELECT getvariable('x')) AS v",
    "SELECT * FROM (SELECT * FROM (SELECT read_text('/etc/passwd') AS t)) AS x",
    "WITH a AS (SELECT * FROM read_parquet('x.parquet')) SELECT * FROM a",
    "WITH a AS (SELECT 1) SELECT * FROM a WHERE EXISTS (SELECT * FROM glob('/'))",
    "SELECT count(*) FILTER (WHERE current_setting('threads') = '2') FROM dim_users",
    "SELECT sum(length(read_text('/etc/passwd'))) OVER () FROM dim_users",
    "SELECT CASE WHEN 1 = 1 THEN getenv('HOME') END",
    "SELECT coalesce(NULL, current_setting('memory_limit'))",
    "SELECT list_transform([1], x -> getvariable('s'))",
    # CTE names that shadow a real relation only where the CTE is in scope
    "WITH duckdb_settings AS (SELECT * FROM duckdb_settings) SELECT * FROM duckdb_settings",
    "SELECT * FROM (WITH secrets AS (SELECT 1) SELECT * FROM secrets) AS x, secrets",
    "WITH b AS (SELECT * FROM scenarios), scenarios AS (SELECT 1) SELECT * FROM b",
    # comment and quoting tricks
    "/* SELECT */ DROP TABLE dim_users",
    "-- SELECT\nDELETE FROM dim_users",
    "SELECT/**/1;/**/DROP/**/TABLE/**/dim_users",
    "sElEcT 1; dRoP tAbLe dim_users",
    "SELECT * FROM \"mcc\".\"scenarios\"",
    "SELECT * FROM \"raw\".tracks",
    "SELECT * FROM 'fct_events.csv'",
    "SELECT * FROM \"information_schema\".\"tables\"",
    "SELECT * FROM fct_events AS \"x; DROP TABLE y\" , read_csv('/etc/passwd')",
    # unicode tricks
    "SELECT * FROM ｄｉｍ＿users",
    "SELECT * FROM \"dim_users\u200b\"",
    "SELECT 1;\u200bDROP TABLE dim_users",
    "ＳＥＬＥＣＴ 1",
    "SELECT * FROM mcc\u2024scenarios",
    # other statements and forms
    "DESCRIBE dim_users",
    "SHOW TABLES",
    "SUMMARIZE fct_events",
    "EXPLAIN ANALYZE SELECT 1",
    "CALL pragma_version()",
    "PREPARE p AS SELECT 1",
    "EXECUTE p",
    "SELECT $1",
    "SELECT ?",
    "",
    "   ",
    "SELECT " + "(" * 300 + "1" + ")" * 300,
    "SELECT '" + "x" * 30_000 + "'",
    "this is not sql",
]

LEGIT = [
    "SELECT count(*) FROM dim_users",
    "SELECT device_os, count(*) AS users FROM dim_users GROUP BY device_os ORDER BY users DESC",
    "SELECT device_os, count(*) FROM dim_users GROUP BY ALL HAVING count(*) > 1",
    "SELECT event_name, count(DISTINCT user_id) FROM fct_events GROUP BY 1 ORDER BY 2 DESC",
    "SELECT date_trunc('day', event_time) AS day, count(*) FROM fct_events GROUP BY day ORDER BY day",
    "SELECT date_trunc('week', sent_at) AS week, channel, count(*) FROM fct_messages GROUP BY ALL",
    "SELECT u.device_os, count(*) FROM fct_events e JOIN dim_users u ON u.user_id = e.user_id GROUP BY 1",
    "SELECT u.device_os, m.channel, avg(CASE WHEN m.delivered_at IS NOT NULL THEN 1 ELSE 0 END) FROM fct_messages m JOIN dim_users u USING (user_id) GROUP BY ALL",
    "SELECT * FROM dim_users LIMIT 5",
    "SELECT * FROM fct_events ORDER BY event_time DESC LIMIT 10 OFFSET 5",
    "SELECT * FROM dim_users LIMIT 100000",
    "FROM dim_users SELECT user_id, device_os",
    "FROM fct_events",
    "WITH w AS (SELECT user_id, count(*) AS n FROM fct_events WHERE event_name = 'workout_completed' GROUP BY user_id) SELECT avg(n) FROM w",
    "WITH a AS (SELECT user_id FROM dim_users WHERE device_os = 'ios'), b AS (SELECT user_id FROM a) SELECT count(*) FROM b",
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT sum(n) FROM r",
    "SELECT user_id, event_time, row_number() OVER (PARTITION BY user_id ORDER BY event_time) AS nth FROM fct_events",
    "SELECT user_id, lag(event_time) OVER (PARTITION BY user_id ORDER BY event_time) AS prev FROM fct_events",
    "SELECT user_id, event_time - lag(event_time) OVER w AS gap FROM fct_events WINDOW w AS (PARTITION BY user_id ORDER BY event_time)",
    "SELECT user_id, rank() OVER (ORDER BY workouts_completed DESC), dense_rank() OVER (ORDER BY workouts_completed) FROM user_traits",
    "SELECT user_id, ntile(4) OVER (ORDER BY days_since_signup) AS quartile FROM user_traits",
    "SELECT event_name, count(*) * 1.0 / sum(count(*)) OVER () AS share FROM fct_events GROUP BY event_name",
    "SELECT user_id, first_value(event_name) OVER (PARTITION BY user_id ORDER BY event_time) FROM fct_events",
    "SELECT user_id FROM fct_events QUALIFY row_number() OVER (PARTITION BY user_id ORDER BY event_time) = 1",
    "SELECT CASE WHEN workouts_completed >= 2 THEN 'activated' ELSE 'new' END AS stage, count(*) FROM user_traits GROUP BY 1",
    "SELECT count(*) FROM fct_events WHERE event_time > TIMESTAMP '2026-03-01' - INTERVAL 7 DAY",
    "SELECT count(*) FROM fct_events WHERE event_time >= CAST('2026-02-01' AS TIMESTAMP) AND event_time < CAST('2026-03-01' AS DATE)",
    "SELECT date_diff('day', min(event_time), max(event_time)) FROM fct_events",
    "SELECT datediff('hour', min(sent_at), max(sent_at)) FROM fct_messages",
    "SELECT extract(dow FROM event_time) AS dow, count(*) FROM fct_events GROUP BY 1",
    "SELECT date_part('hour', event_time) AS h, count(*) FROM fct_events GROUP BY 1",
    "SELECT strftime(event_time, '%Y-%m-%d') AS d, count(*) FROM fct_events GROUP BY 1",
    "SELECT event_time::DATE AS d, count(*) FROM fct_events GROUP BY 1",
    "SELECT properties->>'workout_type' AS t, count(*) FROM fct_events WHERE event_name = 'workout_completed' GROUP BY 1",
    "SELECT json_extract_string(properties, '$.workout_type') AS t FROM fct_events LIMIT 3",
    "SELECT device_os FROM dim_users UNION SELECT device_os FROM user_traits",
    "SELECT user_id FROM dim_users UNION ALL SELECT user_id FROM user_traits",
    "SELECT user_id FROM dim_users EXCEPT SELECT user_id FROM fct_messages",
    "SELECT user_id FROM dim_users INTERSECT SELECT user_id FROM fct_events",
    "SELECT count(*) FROM dim_users d WHERE EXISTS (SELECT 1 FROM fct_messages m WHERE m.user_id = d.user_id)",
    "SELECT count(*) FROM dim_users WHERE user_id NOT IN (SELECT user_id FROM fct_support)",
    "SELECT d.device_os, count(s.ticket_id) FROM dim_users d LEFT JOIN fct_support s USING (user_id) GROUP BY 1",
    "SELECT ticket_reason, count(*), avg(csat_score) FROM fct_support GROUP BY ticket_reason",
    "SELECT status, count(*) FROM fct_subscriptions GROUP BY status",
    "SELECT node_type, count(*) FROM id_graph GROUP BY node_type",
    "SELECT coalesce(utm_source, 'unknown'), count(*) FROM dim_users GROUP BY 1",
    "SELECT nullif(device_os, 'web') AS os, count(*) FROM dim_users GROUP BY 1",
    "SELECT round(avg(workouts_completed), 2), median(workouts_completed), max(workouts_completed) FROM user_traits",
    "SELECT quantile_cont(workouts_completed, 0.9) FROM user_traits",
    "SELECT count(*) FILTER (WHERE delivered_at IS NOT NULL) / count(*) AS delivery_rate FROM fct_messages",
    "SELECT channel, count_if(opened_at IS NOT NULL) AS opened FROM fct_messages GROUP BY channel",
    "SELECT lower(device_os), upper(country), length(user_id) FROM dim_users LIMIT 3",
    "SELECT user_id FROM dim_users WHERE user_id LIKE 'ios%' AND email ILIKE '%EXAMPLE%'",
    "SELECT greatest(1, workouts_completed), least(3, workouts_completed) FROM user_traits",
    "SELECT \"user_id\" FROM \"dim_users\" LIMIT 1",
    "SELECT user_id FROM main.dim_users LIMIT 1",
    "SELECT count(*) FROM fct_events e1 JOIN fct_events e2 ON e1.user_id = e2.user_id AND e2.event_time > e1.event_time WHERE e1.event_name = 'trial_started'",
    "SELECT m.channel, sum(CASE WHEN u.device_os = 'ios' THEN 1 ELSE 0 END) AS ios_sends FROM fct_messages m JOIN dim_users u ON m.user_id = u.user_id GROUP BY m.channel",
    "SELECT * FROM (SELECT device_os, count(*) AS n FROM dim_users GROUP BY 1) AS t WHERE n > 1",
    "SELECT arg_max(event_name, event_time) FROM fct_events",
    "SELECT string_agg(DISTINCT device_os, ',') FROM dim_users",
    "SELECT count(*) FROM fct_events WHERE event_name IN ('workout_completed', 'workout_started') AND event_time BETWEEN '2026-02-01' AND '2026-03-01'",
    "SELECT 1 + 1 AS two",
    "SELECT stddev(workouts_completed), variance(workouts_completed) FROM user_traits",
    "SELECT split_part(email, '@', 2) AS domain, count(*) FROM dim_users GROUP BY 1",
    "SELECT user_id, sum(CASE WHEN event_name = 'workout_completed' THEN 1 END) OVER (PARTITION BY user_id ORDER BY event_time ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM fct_events",
    # select-only tricks a human might write by accident: comments are dropped, not run
    "SELECT 1 -- ; DROP TABLE dim_users",
    "SELECT 1 /* ; DROP TABLE dim_users */",
]


@pytest.mark.parametrize("sql", HOSTILE)
def test_guard_refuses_hostile_sql(sql: str) -> None:
    with pytest.raises(GuardError) as info:
        guard(sql)
    assert info.value.accepted, "a refusal must say what would be accepted"


@pytest.fixture(scope="module")
def sandbox(fixture_db: Path):  # type: ignore[no-untyped-def]
    con = connect_sandboxed(fixture_db)
    yield con
    con.close()


@pytest.mark.parametrize("sql", LEGIT)
def test_guard_accepts_and_sandbox_runs_legit_sql(sql: str, sandbox) -> None:  # type: ignore[no-untyped-def]
    safe = guard(sql, row_cap=50)
    rows = sandbox.execute(safe).fetchall()
    assert len(rows) <= 50
    assert "LIMIT" in safe.upper()


def test_corpus_sizes() -> None:
    assert len(set(HOSTILE)) >= 100 and len(set(LEGIT)) >= 50
    assert len(set(HOSTILE)) == len(HOSTILE) and len(set(LEGIT)) == len(LEGIT)
