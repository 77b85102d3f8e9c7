"""Deterministic holdout assignment: a salted hash of the stitched user id into 10,000 buckets.

The hash is Eppo's: `md5(salt + "-" + user_id)`, first 4 bytes big-endian, mod 10000. We chose it over
GrowthBook's fnv1a32 because DuckDB (and Snowflake, BigQuery, Postgres, Spark) compute md5 natively, so the
warehouse assigns a million users in one scan and Python gives the same bucket for `explain` and tests.

Salts: the global control group uses `GLOBAL_CONTROL_SALT`; a rule's holdout uses `rule_salt(rule_id)`,
keyed by the rule id and never by its version, so a user's bucket survives edits to the rule and to every
other rule. Users with bucket < share * 10000 are held out.
"""

from __future__ import annotations

import hashlib

BUCKETS = 10_000
GLOBAL_CONTROL_SALT = "mcc_global_control"
RULE_SALT_PREFIX = "holdout:"


def rule_salt(rule_id: str) -> str:
    """Return the holdout salt of a rule: its id, not its version."""
    return f"{RULE_SALT_PREFIX}{rule_id}"


def bucket(salt: str, user_id: str) -> int:
    """Return the user's bucket in 0..9999 for this salt.

    >>> bucket("abc", "u1")
    7447
    """
    digest = hashlib.md5(f"{salt}-{user_id}".encode()).hexdigest()
    return int(digest[:8], 16) % BUCKETS


def threshold(share: float) -> int:
    """Return the number of buckets held out for a share in [0, 1]."""
    return round(share * BUCKETS)


def is_held_out(bucket_value: int, share: float) -> bool:
    """Return whether a bucket falls in the held-out range of a share."""
    return bucket_value < threshold(share)


def bucket_sql(salt_sql: str, user_sql: str = "user_id") -> str:
    """Return a DuckDB expression computing `bucket` from two SQL string expressions (no user text)."""
    return f"(('0x' || substr(md5({salt_sql} || '-' || {user_sql}), 1, 8))::UBIGINT % {BUCKETS})::INTEGER"
