"""DDL of the control tables in schema `mcc`: the registry's, the executor's and delivery's.

Every statement is idempotent (`IF NOT EXISTS`), so any entry point may call `ensure_control_tables`.
The executor and delivery tables are created here with the columns docs/ARCHITECTURE.md names; their owners
add columns in this file (additively) when they need more.
"""

from __future__ import annotations

import duckdb

SEQUENCES = ("audit_id_seq", "review_id_seq")
# mcc.deliveries statuses after which a message is never sent (or counted as waiting) again
FINAL_DELIVERY_STATUSES = ("delivered", "parked", "skipped")


def delivery_id_sql(key_column: str) -> str:
    """Return the SQL of a message's delivery id over a column of idempotency keys: the same id as
    `orchestrator.delivery.record.delivery_id`, for rows the executor records in SQL."""
    return f"'dlv_' || left(sha256({key_column}), 20)"

TABLES: dict[str, str] = {
    # One immutable row per version of a rule or policy; a change is a new version.
    "rule_versions": """
        rule_id VARCHAR NOT NULL,
        version INTEGER NOT NULL,
        kind VARCHAR NOT NULL,            -- rule | policy
        content_hash VARCHAR NOT NULL,    -- orchestrator.spec.content_hash
        spec_json VARCHAR NOT NULL,       -- the spec as canonical JSON
        author VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL,
        PRIMARY KEY (rule_id, version)""",
    # The review state of each version: proposed -> approved | rejected | withdrawn (by its author);
    # withdrawn -> proposed (the same content proposed again); approved -> superseded.
    "proposals": """
        rule_id VARCHAR NOT NULL,
        version INTEGER NOT NULL,
        status VARCHAR NOT NULL,          -- proposed | approved | rejected | withdrawn | superseded
        proposed_by VARCHAR NOT NULL,
        proposed_at TIMESTAMP NOT NULL,
        comment VARCHAR,
        decided_by VARCHAR,
        decided_at TIMESTAMP,
        PRIMARY KEY (rule_id, version)""",
    "reviews": """
        review_id BIGINT PRIMARY KEY DEFAULT nextval('mcc.review_id_seq'),
        rule_id VARCHAR NOT NULL,
        version INTEGER NOT NULL,
        reviewer VARCHAR NOT NULL,
        decision VARCHAR NOT NULL,        -- approve | reject | rollback
        comment VARCHAR,
        reviewed_at TIMESTAMP NOT NULL""",
    # Every registry action, refused ones included (outcome = 'refused').
    "audit_log": """
        audit_id BIGINT PRIMARY KEY DEFAULT nextval('mcc.audit_id_seq'),
        acted_at TIMESTAMP NOT NULL,
        actor VARCHAR NOT NULL,
        action VARCHAR NOT NULL,          -- propose | approve | reject | rollback | import | execute | ...
        rule_id VARCHAR,
        version INTEGER,
        from_version INTEGER,
        outcome VARCHAR NOT NULL,         -- ok | refused
        message VARCHAR,
        details VARCHAR                   -- JSON""",
    # Executor tables (engineer D owns their content).
    "runs": """
        run_id VARCHAR PRIMARY KEY,
        started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP,
        as_of TIMESTAMP NOT NULL,
        actor VARCHAR NOT NULL,
        status VARCHAR NOT NULL,          -- running | succeeded | failed | abandoned (stale lock taken over)
        dry_run BOOLEAN NOT NULL DEFAULT FALSE,
        rule_versions VARCHAR,            -- JSON {rule_id: version}
        counts VARCHAR,                   -- JSON {outcome: n}
        error VARCHAR,
        sends INTEGER,                    -- outbox rows the run queued
        plan_json VARCHAR,                -- the executor's RunPlan as run (rules, suppressions, caps), for explain
        traits_source VARCHAR             -- the traits table the run read, NULL when computed as of the run""",
    "decisions": """
        run_id VARCHAR NOT NULL,
        user_id VARCHAR NOT NULL,
        rule_id VARCHAR NOT NULL,
        rule_version INTEGER NOT NULL,
        policy_id VARCHAR,
        priority INTEGER,
        outcome VARCHAR NOT NULL,         -- send | holdout | control | suppressed | stopped | capped | lost
        reason VARCHAR,
        lost_to VARCHAR,
        as_of TIMESTAMP NOT NULL,
        bucket INTEGER,                   -- the user's holdout bucket for this rule (0..9999); NULL when no share can
                                          -- hold anyone out, or the rule closed before holdouts
        control_bucket INTEGER            -- the user's global control bucket (0..9999); NULL likewise""",
    # No key index: the executor's insert keeps keys unique (orchestrator/executor/write_outbox.py), and an
    # index over every key ever queued would cost a run more than writing its rows.
    "outbox": """
        idempotency_key VARCHAR NOT NULL,
        run_id VARCHAR NOT NULL,
        rule_id VARCHAR NOT NULL,
        rule_version INTEGER NOT NULL,
        user_id VARCHAR NOT NULL,
        channel VARCHAR NOT NULL,
        step INTEGER NOT NULL,
        template_key VARCHAR,
        send_after TIMESTAMP NOT NULL,
        only_if VARCHAR,
        created_at TIMESTAMP NOT NULL,
        status VARCHAR NOT NULL DEFAULT 'pending'""",
    "holdout_assignments": """
        salt VARCHAR NOT NULL,
        user_id VARCHAR NOT NULL,
        rule_id VARCHAR NOT NULL,         -- '__control__' for the global control group
        bucket INTEGER NOT NULL,          -- 0..9999
        is_holdout BOOLEAN NOT NULL,
        first_run_id VARCHAR,
        PRIMARY KEY (salt, user_id, rule_id)""",
    "deliveries": """
        delivery_id VARCHAR PRIMARY KEY,
        idempotency_key VARCHAR NOT NULL,
        run_id VARCHAR,
        rule_id VARCHAR,
        user_id VARCHAR NOT NULL,
        channel VARCHAR NOT NULL,
        step INTEGER,
        status VARCHAR NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error VARCHAR,
        delivered_at TIMESTAMP,
        destination VARCHAR""",
}


def control_ddl() -> list[str]:
    """Return the statements that create schema `mcc`, its sequences and its tables."""
    statements = ["CREATE SCHEMA IF NOT EXISTS mcc"]
    statements += [f"CREATE SEQUENCE IF NOT EXISTS mcc.{name}" for name in SEQUENCES]
    statements += [f"CREATE TABLE IF NOT EXISTS mcc.{name} ({body}\n)" for name, body in TABLES.items()]
    return statements


def ensure_control_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create every control table that is missing (idempotent; never alters existing tables)."""
    for statement in control_ddl():
        con.execute(statement)
