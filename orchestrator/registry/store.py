"""Reads and writes of the registry tables (fixed SQL, values always bound as parameters)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import duckdb

from orchestrator.registry.records import AuditEntry, Review, VersionInfo
from orchestrator.spec import Policy, Rule, parse_spec

# A retired version is stored `superseded` (nothing runs it) and read back as `retired`: its latest review is
# the `retire`. Its reviewer is whoever made it active (a retire recorded before it kept the approver overwrote
# `decided_by` with the retirer).
INFO_SQL = """
SELECT v.rule_id, v.version, v.kind, CASE WHEN r.decision IS NOT NULL THEN 'retired' ELSE p.status END,
       v.content_hash, v.author, v.created_at,
       CASE WHEN r.decision IS NOT NULL THEN coalesce(a.reviewer, p.decided_by) ELSE p.decided_by END,
       CASE WHEN r.decision IS NOT NULL THEN coalesce(a.reviewed_at, p.decided_at) ELSE p.decided_at END,
       p.comment, v.spec_json, r.reviewer, r.reviewed_at, r.comment
FROM mcc.rule_versions v JOIN mcc.proposals p USING (rule_id, version)
LEFT JOIN (SELECT rule_id, version, decision, reviewer, reviewed_at, comment FROM mcc.reviews
           QUALIFY row_number() OVER (PARTITION BY rule_id, version ORDER BY review_id DESC) = 1) r
       ON r.rule_id = v.rule_id AND r.version = v.version AND r.decision = 'retire' AND p.status = 'superseded'
LEFT JOIN (SELECT rule_id, version, reviewer, reviewed_at FROM mcc.reviews WHERE decision IN ('approve', 'rollback')
           QUALIFY row_number() OVER (PARTITION BY rule_id, version ORDER BY review_id DESC) = 1) a
       ON a.rule_id = v.rule_id AND a.version = v.version
"""


def now() -> datetime:
    """Return the wall-clock time (naive UTC): when a person acted, not the data's as-of time."""
    return datetime.now(UTC).replace(tzinfo=None)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run the block in one transaction: all of its writes land, or none do."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _info(row: tuple[Any, ...]) -> VersionInfo:
    spec = json.loads(row[10])
    return VersionInfo(
        rule_id=row[0], version=row[1], kind=row[2], status=row[3], content_hash=row[4], author=row[5],
        created_at=row[6], reviewer=row[7], decided_at=row[8], comment=row[9],
        description=str(spec.get("description", "")), retired_by=row[11], retired_at=row[12],
        retire_comment=row[13],
    )


def versions(con: duckdb.DuckDBPyConnection, rule_id: str | None = None) -> list[VersionInfo]:
    """Return every version (of one rule, or of all), ordered by rule id and version."""
    if rule_id is None:
        rows = con.execute(INFO_SQL + " ORDER BY v.rule_id, v.version").fetchall()
    else:
        rows = con.execute(INFO_SQL + " WHERE v.rule_id = ? ORDER BY v.version", [rule_id]).fetchall()
    return [_info(r) for r in rows]


def load_spec(con: duckdb.DuckDBPyConnection, rule_id: str, version: int) -> Rule | Policy:
    """Return the stored spec of one version."""
    row = con.execute(
        "SELECT spec_json FROM mcc.rule_versions WHERE rule_id = ? AND version = ?", [rule_id, version]
    ).fetchone()
    if row is None:
        raise KeyError((rule_id, version))
    return parse_spec(json.loads(row[0]), source=f"{rule_id} v{version}")


def insert_version(
    con: duckdb.DuckDBPyConnection, spec: Rule | Policy, version: int, digest: str, author: str, comment: str
) -> None:
    """Insert an immutable version and its proposal row."""
    at = now()
    spec_json = json.dumps(spec.model_dump(mode="json"), sort_keys=True)
    con.execute(
        "INSERT INTO mcc.rule_versions VALUES (?, ?, ?, ?, ?, ?, ?)",
        [spec.id, version, spec.kind, digest, spec_json, author, at],
    )
    con.execute(
        "INSERT INTO mcc.proposals (rule_id, version, status, proposed_by, proposed_at, comment) "
        "VALUES (?, ?, 'proposed', ?, ?, ?)",
        [spec.id, version, author, at, comment or None],
    )


def set_status(
    con: duckdb.DuckDBPyConnection, rule_id: str, version: int, status: str, actor: str | None = None
) -> None:
    """Move one version to `status`, recording who decided when an actor is given."""
    if actor is None:
        con.execute("UPDATE mcc.proposals SET status = ? WHERE rule_id = ? AND version = ?", [status, rule_id, version])
    else:
        con.execute(
            "UPDATE mcc.proposals SET status = ?, decided_by = ?, decided_at = ? WHERE rule_id = ? AND version = ?",
            [status, actor, now(), rule_id, version],
        )


def insert_review(
    con: duckdb.DuckDBPyConnection, rule_id: str, version: int, reviewer: str, decision: str, comment: str
) -> None:
    con.execute(
        "INSERT INTO mcc.reviews (rule_id, version, reviewer, decision, comment, reviewed_at) VALUES (?, ?, ?, ?, ?, ?)",
        [rule_id, version, reviewer, decision, comment or None, now()],
    )


def reviews(con: duckdb.DuckDBPyConnection, rule_id: str) -> list[Review]:
    rows = con.execute(
        "SELECT reviewer, decision, comment, reviewed_at, version FROM mcc.reviews WHERE rule_id = ? ORDER BY review_id",
        [rule_id],
    ).fetchall()
    return [Review(reviewer=r[0], decision=r[1], comment=r[2], reviewed_at=r[3], version=r[4]) for r in rows]


def write_audit(
    con: duckdb.DuckDBPyConnection,
    *,
    actor: str,
    action: str,
    rule_id: str | None,
    version: int | None,
    from_version: int | None,
    outcome: str,
    message: str,
    details: dict[str, Any] | None = None,
) -> None:
    con.execute(
        "INSERT INTO mcc.audit_log (acted_at, actor, action, rule_id, version, from_version, outcome, message, details) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [now(), actor, action, rule_id, version, from_version, outcome, message, json.dumps(details or {})],
    )


def audit_entries(con: duckdb.DuckDBPyConnection, rule_id: str | None = None) -> list[AuditEntry]:
    sql = "SELECT audit_id, acted_at, actor, action, rule_id, version, from_version, outcome, message FROM mcc.audit_log"
    rows = (
        con.execute(sql + " ORDER BY audit_id").fetchall()
        if rule_id is None
        else con.execute(sql + " WHERE rule_id = ? ORDER BY audit_id", [rule_id]).fetchall()
    )
    keys = list(AuditEntry.model_fields)
    return [AuditEntry.model_validate(dict(zip(keys, r, strict=True))) for r in rows]
