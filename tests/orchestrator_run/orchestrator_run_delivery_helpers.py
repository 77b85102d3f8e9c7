"""Helpers the delivery tests share: the first steps the fixture run queues, a fast retry policy, vendor env."""

from __future__ import annotations

import duckdb

from orchestrator.delivery import RetryPolicy

STEP0 = [  # the first steps the fixture run queues, in the order deliver hands them over
    "first_workout:v1:u01:0:20260301",
    "first_workout:v1:u02:0:20260301",
    "first_workout:v1:u10:0:20260301",
    "upgrade_offer:v1:u05:0:20260301",
    "upgrade_offer:v1:u09:0:20260301",
]

VENDOR_ENV = {
    "MCC_BRAZE_API_KEY": "bk",
    "MCC_CUSTOMERIO_SITE_ID": "site",
    "MCC_CUSTOMERIO_API_KEY": "ck",
    "MCC_ITERABLE_API_KEY": "ik",
}


def fast_policy(sleeps: list[float]) -> RetryPolicy:
    """Return a policy that records its backoffs in `sleeps` instead of sleeping."""
    return RetryPolicy(
        max_attempts=4, base_seconds=0.01, max_seconds=0.03, timeout_seconds=0.25, sleep=sleeps.append
    )


def statuses(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[object, ...]]:
    """Return each delivery row as idempotency key -> (status, attempts, last_error)."""
    rows = con.execute("SELECT idempotency_key, status, attempts, last_error FROM mcc.deliveries").fetchall()
    return {r[0]: r[1:] for r in rows}


def vendor_env(url: str) -> dict[str, str]:
    """Return vendor credentials with every vendor's base URL pointed at the local server."""
    return {**VENDOR_ENV, "MCC_BRAZE_URL": url, "MCC_CUSTOMERIO_URL": url, "MCC_ITERABLE_URL": url}
