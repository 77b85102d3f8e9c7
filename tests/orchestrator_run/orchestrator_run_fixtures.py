"""Fixed inputs for the orchestrator run tests: a tiny warehouse built by hand, with known decisions."""

from __future__ import annotations

from datetime import datetime

import duckdb

AS_OF = datetime(2026, 3, 1, 12, 0, 0)

# user_id, marketing_opt_in, open_tickets, activation_state, workouts_completed, pricing_views, upgrade_intent
TRAITS = [
    ("u01", True, 0, "new", 0, 0, "low"),
    ("u02", True, 0, "new", 1, 3, "high"),  # in both audiences: arbitration
    ("u03", False, 0, "new", 0, 0, "low"),  # opted out
    ("u04", True, 2, "new", 0, 0, "low"),  # open ticket
    ("u05", True, 0, "activated", 5, 4, "high"),  # upgrade only
    ("u06", True, 0, "new", 0, 0, "low"),  # capped by the global cap (3 messages this week)
    ("u07", True, 0, "new", 2, 0, "low"),  # stop condition: completed a workout today
    ("u08", True, 0, "retained", 9, 0, "low"),  # in no audience
    ("u09", True, 0, "activated", 3, 6, "high"),
    ("u10", True, 0, "new", 0, 1, "medium"),
]

EVENTS = [  # event_id, event_time, user_id, event_name
    ("e1", "2026-03-01 08:00:00", "u07", "workout_completed"),
    ("e2", "2026-02-20 08:00:00", "u02", "workout_completed"),
    ("e3", "2026-03-02 08:00:00", "u01", "workout_completed"),  # after the run: invisible to it
]

MESSAGES = [  # message_id, sent_at, user_id, rule_id, channel
    ("m1", "2026-02-27 09:00:00", "u06", "other", "push"),
    ("m2", "2026-02-28 09:00:00", "u06", "other", "email"),
    ("m3", "2026-03-01 09:00:00", "u06", "other", "push"),
    ("m4", "2026-02-10 09:00:00", "u01", "other", "push"),  # outside the 7-day window
]

POLICY = {
    "kind": "policy",
    "id": "onboarding",
    "description": "Onboarding and upgrade nudges",
    "frequency_cap": {"max_sends": 3, "per_days": 7},
    "control_group_share": 0.0,
    "rules": [
        {
            "id": "first_workout",
            "description": "Nudge new users to a first workout",
            "audience": {"kind": "trait", "trait": "activation_state", "op": "eq", "value": "new"},
            "priority": 1,
            "holdout_share": 0.0,
            "channels": [
                {"channel": "push"},
                {"channel": "email", "delay_hours": 24, "only_if": "previous_not_opened"},
            ],
            "stop_conditions": [
                {
                    "id": "worked_out_today",
                    "description": "completed a workout in the last day",
                    "condition": {"kind": "event", "event": "workout_completed", "within_days": 1},
                }
            ],
            "conversion": {"event": "workout_completed", "window_days": 7},
        },
        {
            "id": "upgrade_offer",
            "description": "Offer the annual plan to users looking at pricing",
            "audience": {"kind": "trait", "trait": "pricing_views", "op": "gte", "value": 3},
            "priority": 2,
            "holdout_share": 0.0,
            "channels": [{"channel": "email", "template_key": "annual_offer"}],
            "conversion": {"event": "subscription_started", "window_days": 14},
        },
    ],
}


def build_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create user_traits, fct_events, fct_messages and mcc.meta from the fixed rows above."""
    con.execute(
        "CREATE TABLE user_traits (user_id VARCHAR, marketing_opt_in BOOLEAN, open_tickets INTEGER,"
        " activation_state VARCHAR, workouts_completed INTEGER, pricing_views INTEGER, upgrade_intent VARCHAR)"
    )
    con.executemany("INSERT INTO user_traits VALUES (?, ?, ?, ?, ?, ?, ?)", TRAITS)
    con.execute(
        "CREATE TABLE fct_events (event_id VARCHAR, event_time TIMESTAMP, user_id VARCHAR, event_name VARCHAR,"
        " device_os VARCHAR, properties JSON)"
    )
    con.executemany("INSERT INTO fct_events VALUES (?, ?, ?, ?, 'ios', '{}')", EVENTS)
    con.execute(
        "CREATE TABLE fct_messages (message_id VARCHAR, sent_at TIMESTAMP, user_id VARCHAR, rule_id VARCHAR,"
        " channel VARCHAR, status VARCHAR, delivered_at TIMESTAMP, opened_at TIMESTAMP, clicked_at TIMESTAMP)"
    )
    con.executemany(
        "INSERT INTO fct_messages VALUES (?, ?, ?, ?, ?, 'delivered', NULL, NULL, NULL)", MESSAGES
    )
    con.execute("CREATE SCHEMA IF NOT EXISTS mcc")
    con.execute("CREATE TABLE mcc.meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO mcc.meta VALUES ('data_end', ?)", [AS_OF.isoformat(sep=" ")])
